using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// A rerun's entry in the retry loop. A rerun is not idempotent (each one adds a trigger run and a pipeline run) and
/// its answer carries no id to look for, so an attempt is sent again only when it is known to have done nothing: the
/// service refused it with 429 or never saw it. Any other failure ends the attempt; after an ambiguous one (5xx,
/// dropped, timed out) TriggerRerunner looks for the window's new run before calling it failed.
/// </summary>
internal sealed class RerunClassifier : RetryClassifier
{
    public static readonly RerunClassifier Instance = new();

    public override Task<AttemptVerdict> ClassifyAsync(AttemptFailure failure, CancellationToken cancellationToken) =>
        Task.FromResult(failure.Error.StatusCode == 429 || !failure.RequestWasSent ? AttemptVerdict.SendAgain : AttemptVerdict.Fail(failure.Error));

    /// <summary>Whether a failed rerun may still have been carried out by the service.</summary>
    public static bool MayHaveHappened(AdfServiceException error) =>
        error.StatusCode is null or >= 500;
}
