using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine;

/// <summary>
/// The run operations whose requests differ in shape between services, handed out by the target
/// (<see cref="RunTarget.RunsOn"/>): <see cref="DataFactoryRuns"/> for factories and Synapse workspaces,
/// Fabric.FabricJobs for Fabric. One instance per client, shared by every request, so asking costs no allocation.
/// </summary>
public interface IServiceRuns
{
    /// <param name="pipelineName">The run's pipeline when known (a Fabric job is read under its pipeline).</param>
    Task<PipelineRunData> GetRunAsync(RunTarget target, string runId, string? pipelineName, CancellationToken cancellationToken);

    Task CancelRunAsync(RunTarget target, string runId, bool recursive, string? pipelineName, CancellationToken cancellationToken);

    /// <summary>Every run the query matches, handed to <paramref name="onRun"/> as they arrive; onRun returns false to stop.</summary>
    Task QueryAllRunsAsync(RunTarget target, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken);

    Task<QueryPage<ActivityRunData>> QueryActivityRunsAsync(RunTarget target, string runId, RunQuery query, string? continuationToken, string? pipelineName, CancellationToken cancellationToken);

    Task<PipelineData> GetPipelineAsync(RunTarget target, string pipelineName, CancellationToken cancellationToken);

    Task<IReadOnlyList<PipelineData>> ListPipelinesAsync(RunTarget target, CancellationToken cancellationToken);

    /// <summary>A new run's request, its parameters checked against the pipeline's definition.</summary>
    Task<PreparedRun> PrepareNewAsync(RunStarter starter, RunTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken);

    /// <summary>Sends a prepared run's start exactly once, under the service's rule for a start whose answer is lost.</summary>
    /// <param name="answered">Called once the start is answered, where the run then waits for a read-back shared with others.</param>
    Task<PipelineRunData> StartAsync(RunStarter starter, PreparedRun run, bool readBack, Action? answered, CancellationToken cancellationToken);

    /// <summary>
    /// One poll of a wait for <paramref name="runs"/> of one target: each run that is read goes to <paramref name="update"/>.
    /// Returns the earliest time to poll again when the service asks for one (Retry-After), else null.
    /// </summary>
    /// <param name="since">The runs updated since then are asked for, where the service can query by time.</param>
    /// <param name="until">The end of that window.</param>
    Task<TimeSpan?> PollAsync(RunTarget target, IReadOnlyList<PipelineRunData> runs, DateTimeOffset since, DateTimeOffset until, Func<PipelineRunData, bool> update, CancellationToken cancellationToken);
}
