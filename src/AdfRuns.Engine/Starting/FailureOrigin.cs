using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// -FromFailure where the service reruns through the failed activity (FromFailureRerun.FromFailedActivity: a Synapse
/// workspace, whose createRun has referencePipelineRunId, isRecovery and startActivityName but no startFromFailure). The failed run's activity runs say where it failed: when exactly one
/// of the pipeline's own (top-level) activities failed, rerunning from it (startActivityName) is what
/// startFromFailure does; when several failed, one start activity cannot cover them, so the rerun is refused with
/// their names rather than silently rerunning more or less than the failures.
/// </summary>
internal static class FailureOrigin
{
    private static readonly TimeSpan WindowMargin = TimeSpan.FromMinutes(5);

    /// <summary>The one top-level activity the run failed at; InvalidInputException when it failed at none or several.</summary>
    public static async Task<string> FindAsync(AdfClient client, PipelineRunData reference, RunTarget target, PipelineData? definition, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var query = new RunQuery(
            (reference.RunStart ?? now.AddDays(-45)) - WindowMargin,
            (reference.RunEnd ?? now) + WindowMargin,
            new[] { new QueryFilter("Status", "In", new[] { RunStatus.Failed }) },
            "ActivityRunStart");
        var failed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await client.QueryActivityRunsAsync(target, reference.RunId, query, continuation, cancellationToken, reference.PipelineName).ConfigureAwait(false);
            failed.AddRange(page.Items
                .Where(activity => RunStatus.Normalize(activity.Status) == RunStatus.Failed)
                .Select(activity => activity.ActivityName));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return Choose(reference, failed, definition?.Activities);
    }

    /// <summary>The origin among the failed activity names; nested activities (inside a ForEach, If, ...) fail their container, which is the one named.</summary>
    internal static string Choose(PipelineRunData reference, IEnumerable<string> failedActivities, IReadOnlyList<string>? topLevelActivities)
    {
        var failed = failedActivities.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var origins = topLevelActivities is { Count: > 0 }
            ? topLevelActivities.Where(name => failed.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList()
            : failed;
        var what = $"Run {reference.RunId} of pipeline '{reference.PipelineName}'";
        if (origins.Count == 1)
        {
            return origins[0];
        }

        if (origins.Count == 0)
        {
            throw new InvalidInputException(
                $"{what} has no failed activity to rerun from: a Synapse workspace reruns from failure through the failed activity (startActivityName). Nothing was sent. Rerun the whole pipeline by leaving out -FromFailure.",
                "NoFailedActivity");
        }

        throw new InvalidInputException(
            $"{what} failed at {origins.Count} activities: {string.Join(", ", origins.Select(name => $"'{name}'"))}. A Synapse workspace reruns from failure through one start activity (its createRun has startActivityName, not startFromFailure), which cannot cover several failures at once. Nothing was sent. Rerun from one of them with -FromActivity <name>, or the whole pipeline by leaving out -FromFailure.",
            "SeveralFailureOrigins");
    }
}
