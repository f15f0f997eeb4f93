using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Fabric;

/// <summary>
/// A Fabric job submit's entry in the retry loop. Fabric gives the client no id to prove which job a lost answer
/// created (the job id is only in the 202's Location), so a submit is sent again only when it is known to have started
/// nothing: Fabric refused it (429 RequestBlocked, any other 4xx is final) or never saw it. Any other failure after it
/// was sent (5xx, a timeout, a dropped connection) is final, and its error names what may have started and how to look;
/// no job is ever taken for this one by matching pipeline or time.
/// </summary>
internal sealed class FabricSubmitClassifier : RetryClassifier
{
    private readonly RunStarter starter;
    private readonly FabricTarget target;
    private readonly string pipelineName;
    private string? lastRequestId;

    public FabricSubmitClassifier(RunStarter starter, FabricTarget target, string pipelineName)
    {
        this.starter = starter;
        this.target = target;
        this.pipelineName = pipelineName;
    }

    /// <summary>When the first attempt was sent: the earliest a job it started can have begun.</summary>
    public DateTimeOffset FirstSent { get; private set; }

    public override string NextClientRequestId()
    {
        if (lastRequestId is null)
        {
            FirstSent = DateTimeOffset.UtcNow;
        }
        else
        {
            starter.EndRequest(lastRequestId);
        }

        lastRequestId = base.NextClientRequestId();
        starter.BeginRequest(lastRequestId, pipelineName);
        return lastRequestId;
    }

    /// <summary>The submit is over (answered or failed for good): it no longer counts as in flight.</summary>
    public void Done()
    {
        if (lastRequestId is not null)
        {
            starter.EndRequest(lastRequestId);
        }
    }

    public override Task<AttemptVerdict> ClassifyAsync(AttemptFailure failure, CancellationToken cancellationToken)
    {
        var error = failure.Error;
        if (error.StatusCode == 429 || !failure.RequestWasSent)
        {
            // INFERRED: RequestBlocked says the request was blocked before the service acted on it.
            return Task.FromResult(AttemptVerdict.SendAgain);
        }

        return Task.FromResult(AttemptVerdict.Fail(error.StatusCode is >= 400 and < 500 && !RetryPolicy.IsTransient(error.StatusCode) ? error : MayHaveStarted(error)));
    }

    /// <summary>The error for a submit whose outcome is unknown: the pipeline, the time, and the query that shows what started.</summary>
    public AdfServiceException MayHaveStarted(AdfServiceException error) => new(
        "JobSubmitOutcomeUnknown",
        $"The job submit of pipeline '{pipelineName}' in {target.Describe()} at {FirstSent.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC got no usable answer ({error.Code}: {error.Message}). " +
        "It may have started a job, but Fabric gives no id to find out which, so it was not sent again and no other job was taken for it. " +
        $"Look with: Get-AdfPipelineRun -PipelineName '{pipelineName}' -FabricWorkspace '{target.Name}' -LastUpdatedAfter '{FirstSent.UtcDateTime.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}'",
        error.Kind,
        error.StatusCode,
        pipelineName,
        error.RequestId,
        inner: error);
}
