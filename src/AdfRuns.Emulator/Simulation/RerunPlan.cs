using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>How a createRun with a reference run starts: its parameters, its run group, and the activities it does not run again.</summary>
internal sealed class RerunPlan
{
    private RerunPlan(
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        string? recoveryGroupId,
        HashSet<string>? reusedActivities,
        PipelineRunState? recoversFromFailure = null)
    {
        Parameters = parameters;
        RecoveryGroupId = recoveryGroupId;
        ReusedActivities = reusedActivities;
        RecoversFromFailure = recoversFromFailure;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The reference run's group for a recovery run; null for a new, ungrouped run.</summary>
    public string? RecoveryGroupId { get; }

    /// <summary>Activities that count as Succeeded without running again; null when every activity runs.</summary>
    public HashSet<string>? ReusedActivities { get; }

    /// <summary>
    /// The reference run of a rerun from failure, whose containers and Execute Pipeline children are recovered too
    /// (DOC, monitor-visually.md "Rerun pipelines and activities": ForEach loops again with inner activities skipped
    /// by the rerun rules; Execute Pipeline triggers the child, whose activities may be skipped by the same rules).
    /// </summary>
    public PipelineRunState? RecoversFromFailure { get; }

    public static RerunPlan For(CreateRunRequest request, PipelineDefinition pipeline, PipelineRunState reference)
    {
        if (!string.Equals(reference.Pipeline.Name, pipeline.Name, StringComparison.OrdinalIgnoreCase))
        {
            // GUESS: a reference run of another pipeline is rejected.
            throw ServiceException.BadRequest(
                $"Referenced pipeline run id {reference.RunId} belongs to pipeline '{reference.Pipeline.Name}', not '{pipeline.Name}'.",
                "pipelinerun");
        }

        if (!request.IsRecovery)
        {
            // Without recovery the reference run only lends its parameters (body ignored, DOC); the run is ungrouped.
            return new RerunPlan(reference.Parameters, null, null);
        }

        if (!reference.IsTerminal)
        {
            // GUESS: a recovery rerun of a run that has not finished is rejected.
            throw ServiceException.BadRequest(
                $"Pipeline run {reference.RunId} is still {reference.Status}; a recovery run needs a finished reference run.",
                "pipelinerun");
        }

        var reused = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrEmpty(request.StartActivityName))
        {
            var start = pipeline.FindActivity(request.StartActivityName!)
                // GUESS: unknown start activity -> 400 BadRequest.
                ?? throw ServiceException.BadRequest(
                    $"Activity '{request.StartActivityName}' does not exist in pipeline '{pipeline.Name}'.",
                    $"pipeline/{pipeline.Name}");
            var runAgain = pipeline.DownstreamOf(start.Name);

            // GUESS: everything that is not the start activity or downstream of it (upstream and unrelated
            // branches) is not executed and counts as Succeeded.
            reused.UnionWith(pipeline.Activities.Select(a => a.Name).Where(n => !runAgain.Contains(n)));
        }
        else if (request.StartFromFailure)
        {
            reused.UnionWith(reference.Activities.Where(a => a.State == ActivityState.Succeeded).Select(a => a.Definition.Name));
            return new RerunPlan(reference.Parameters, reference.RunGroupId, reused, reference);
        }

        // GUESS: a rerun from an activity (or of the whole run) starts the children of its Execute Pipeline activities afresh.
        return new RerunPlan(reference.Parameters, reference.RunGroupId, reused);
    }
}
