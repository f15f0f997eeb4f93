using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Fabric;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Triggers;

namespace AdfRuns.Engine;

/// <summary>
/// The run API's operations for one invocation, each one request builder call, one HTTP path and one mapping. The
/// invocation's inputs share its retry budget, so a dead endpoint fails them all fast.
/// </summary>
public sealed class AdfClient
{
    private readonly SharedRetryBudget retryBudget;
    private FabricJobs? fabric;
    private DataFactoryRuns? dataFactoryRuns;

    public AdfClient(AdfConnection connection, IEngineLog log, SharedRetryBudget? retryBudget = null)
    {
        Connection = connection;
        Log = log;
        this.retryBudget = retryBudget ?? new SharedRetryBudget();
    }

    public AdfClient(ServicePipeline servicePipeline, IEngineLog log)
        : this(new AdfConnection(servicePipeline), log)
    {
    }

    public AdfConnection Connection { get; }

    public IEngineLog Log { get; }

    /// <summary>The same operations on a Fabric workspace, whose API differs in shape (ids, job instances, no run query).</summary>
    public FabricJobs Fabric => fabric ??= new FabricJobs(this);

    /// <summary>The same operations on a factory or a Synapse workspace: Data Factory's REST API.</summary>
    public DataFactoryRuns DataFactoryRuns => dataFactoryRuns ??= new DataFactoryRuns(this);

    /// <summary>Sends one request through the one retry loop, with this invocation's budget.</summary>
    public Task<ServiceResponse> SendAsync(ServiceRequest request, CancellationToken cancellationToken, RetryClassifier? classifier = null) =>
        Connection.ServicePipeline.SendAsync(request, Log, cancellationToken, classifier, retryBudget);

    /// <param name="pipelineName">The run's pipeline when known: a Fabric job is read under its pipeline (else looked for in each pipeline's list).</param>
    public Task<PipelineRunData> GetRunAsync(RunTarget target, string runId, CancellationToken cancellationToken, string? pipelineName = null) =>
        target.RunsOn(this).GetRunAsync(target, runId, pipelineName, cancellationToken);

    public Task CancelRunAsync(RunTarget target, string runId, bool recursive, CancellationToken cancellationToken, string? pipelineName = null) =>
        target.RunsOn(this).CancelRunAsync(target, runId, recursive, pipelineName, cancellationToken);

    /// <param name="keep">When given, only the runs whose id it picks are read into the page's items (Scanned counts all).</param>
    public async Task<QueryPage<PipelineRunData>> QueryRunsAsync(RunTarget target, RunQuery query, string? continuationToken, CancellationToken cancellationToken, Func<string, bool>? keep = null)
    {
        var response = await SendAsync(RequestBuilder.QueryRuns(target, query, continuationToken), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineRunPage(response.Utf8Body, target, keep);
    }

    /// <summary>
    /// Every run a query matches, page after page (continuationToken), handed to <paramref name="onRun"/> as the
    /// pages arrive; onRun returns false to stop asking for more.
    /// </summary>
    public Task QueryAllRunsAsync(RunTarget target, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken) =>
        target.RunsOn(this).QueryAllRunsAsync(target, query, onRun, cancellationToken);

    /// <param name="pipelineName">
    /// The run's pipeline. Where the target's query names it and a caller does not know it, the run is read first (one GET).
    /// </param>
    public Task<QueryPage<ActivityRunData>> QueryActivityRunsAsync(RunTarget target, string runId, RunQuery query, string? continuationToken, CancellationToken cancellationToken, string? pipelineName = null) =>
        target.RunsOn(this).QueryActivityRunsAsync(target, runId, query, continuationToken, pipelineName, cancellationToken);

    public async Task<QueryPage<TriggerRunData>> QueryTriggerRunsAsync(RunTarget target, RunQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestBuilder.QueryTriggerRuns(target, query, continuationToken), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadTriggerRunPage(response.Body, target);
    }

    /// <summary>
    /// Every trigger run a query matches, page after page, handed to <paramref name="onRun"/> as the pages arrive;
    /// onRun returns false to stop. A continuation token the service repeats ends the paging (it would loop).
    /// </summary>
    public async Task QueryAllTriggerRunsAsync(RunTarget target, RunQuery query, Func<TriggerRunData, bool> onRun, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await QueryTriggerRunsAsync(target, query, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                if (!onRun(run))
                {
                    return;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null && seen.Add(continuation));
    }

    /// <summary>Reruns a tumbling window (200, empty body: the new trigger run's id is not returned) or cancels a waiting one.</summary>
    public Task<ServiceResponse> SendTriggerRunActionAsync(RunTarget target, string triggerName, string triggerRunId, bool rerun, CancellationToken cancellationToken, RetryClassifier? classifier = null) =>
        SendAsync(RequestBuilder.TriggerRunAction(target, triggerName, triggerRunId, rerun), cancellationToken, classifier);

    public Task<PipelineData> GetPipelineAsync(RunTarget target, string pipelineName, CancellationToken cancellationToken) =>
        target.RunsOn(this).GetPipelineAsync(target, pipelineName, cancellationToken);

    /// <summary>Every pipeline of the target, following its service's pages.</summary>
    public Task<IReadOnlyList<PipelineData>> ListPipelinesAsync(RunTarget target, CancellationToken cancellationToken) =>
        target.RunsOn(this).ListPipelinesAsync(target, cancellationToken);
}
