using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Fabric;

/// <summary>The Fabric workspace behind the seam every service shares: what AdfClient, RunStarter and RunWaiter ask for.</summary>
public sealed partial class FabricJobs
{
    async Task<PipelineRunData> IServiceRuns.GetRunAsync(RunTarget target, string runId, string? pipelineName, CancellationToken cancellationToken) =>
        (await JobAsync(Workspace(target), runId, pipelineName, cancellationToken).ConfigureAwait(false)).Runs[0];

    // Fabric's cancel has no recursive flag.
    Task IServiceRuns.CancelRunAsync(RunTarget target, string runId, bool recursive, string? pipelineName, CancellationToken cancellationToken) =>
        CancelAsync(Workspace(target), runId, pipelineName, cancellationToken);

    Task IServiceRuns.QueryAllRunsAsync(RunTarget target, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken) =>
        QueryRunsAsync(Workspace(target), query, onRun, cancellationToken);

    Task<QueryPage<ActivityRunData>> IServiceRuns.QueryActivityRunsAsync(RunTarget target, string runId, RunQuery query, string? continuationToken, string? pipelineName, CancellationToken cancellationToken) =>
        ActivityRunsAsync(Workspace(target), runId, query, continuationToken, pipelineName, cancellationToken);

    Task<PipelineData> IServiceRuns.GetPipelineAsync(RunTarget target, string pipelineName, CancellationToken cancellationToken) =>
        DefinitionAsync(Workspace(target), pipelineName, cancellationToken);

    Task<IReadOnlyList<PipelineData>> IServiceRuns.ListPipelinesAsync(RunTarget target, CancellationToken cancellationToken) =>
        PipelinesAsync(Workspace(target), cancellationToken);

    Task<PreparedRun> IServiceRuns.PrepareNewAsync(RunStarter starter, RunTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken) =>
        starter.PrepareFabricAsync(Workspace(target), pipelineName, parameters, cancellationToken);

    // A submit is read back by its own answer (the job's Location), so the caller's place is given back when it ends.
    Task<PipelineRunData> IServiceRuns.StartAsync(RunStarter starter, PreparedRun run, bool readBack, Action? answered, CancellationToken cancellationToken) =>
        starter.SubmitFabricAsync(run, cancellationToken);

    /// <summary>
    /// Fabric has no run query: each waited pipeline's job list answers instead (FabricPoller), a failed job's error
    /// is explained from its activity runs, and Fabric's Retry-After sets the earliest next poll.
    /// </summary>
    async Task<TimeSpan?> IServiceRuns.PollAsync(RunTarget target, IReadOnlyList<PipelineRunData> runs, DateTimeOffset since, DateTimeOffset until, Func<PipelineRunData, bool> update, CancellationToken cancellationToken)
    {
        var workspace = Workspace(target);
        var poller = new FabricPoller(
            (run, token, ct) => JobPageAsync(workspace, run.PipelineName, token, ct),
            (run, ct) => JobAsync(workspace, run.RunId, run.PipelineName, ct));
        var failed = new List<PipelineRunData>();
        var retryAfter = await poller.PollAsync(runs, run => { if (run.Status == RunStatus.Failed) { failed.Add(run); } else { update(run); } }, cancellationToken).ConfigureAwait(false);
        foreach (var run in failed)
        {
            await ExplainFailureAsync(run, cancellationToken).ConfigureAwait(false);
            update(run);
        }

        return retryAfter;
    }

    /// <summary>Only a FabricTarget hands out this instance (FabricTarget.RunsOn), so every target that reaches it is one.</summary>
    private static FabricTarget Workspace(RunTarget target) => (FabricTarget)target;
}
