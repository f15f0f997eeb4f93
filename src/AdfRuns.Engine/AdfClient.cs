using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Triggers;

namespace AdfRuns.Engine;

/// <summary>
/// The run API's operations for one invocation, each one request builder call, one HTTP path and one mapping. The
/// invocation's inputs share its retry budget, so a dead endpoint fails them all fast.
/// </summary>
public sealed class AdfClient
{
    private readonly SharedRetryBudget retryBudget;

    public AdfClient(AdfConnection connection, IEngineLog log, SharedRetryBudget? retryBudget = null)
    {
        Connection = connection;
        Log = log;
        this.retryBudget = retryBudget ?? new SharedRetryBudget();
    }

    public AdfClient(ArmPipeline arm, IEngineLog log)
        : this(new AdfConnection(arm), log)
    {
    }

    public AdfConnection Connection { get; }

    public IEngineLog Log { get; }

    /// <summary>Where this client's ARM requests go (a workspace's go to ConnectionSettings.WorkspaceEndpoint).</summary>
    public Uri Endpoint => Connection.Settings.ResourceManagerEndpoint;

    /// <summary>Sends one request through the one retry loop, with this invocation's budget.</summary>
    public Task<ArmResponse> SendAsync(ArmRequest request, CancellationToken cancellationToken, RetryClassifier? classifier = null) =>
        Connection.Arm.SendAsync(request, Log, cancellationToken, classifier, retryBudget);

    public async Task<PipelineRunData> GetRunAsync(FactoryCoordinates factory, string runId, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestBuilder.GetRun(factory, runId), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineRun(response.Body, factory);
    }

    public async Task CancelRunAsync(FactoryCoordinates factory, string runId, bool recursive, CancellationToken cancellationToken) =>
        await SendAsync(RequestBuilder.CancelRun(factory, runId, recursive), cancellationToken).ConfigureAwait(false);

    /// <param name="keep">When given, only the runs whose id it picks are read into the page's items (Scanned counts all).</param>
    public async Task<QueryPage<PipelineRunData>> QueryRunsAsync(FactoryCoordinates factory, RunQuery query, string? continuationToken, CancellationToken cancellationToken, Func<string, bool>? keep = null)
    {
        var response = await SendAsync(RequestBuilder.QueryRuns(factory, query, continuationToken), cancellationToken).ConfigureAwait(false);
        return keep is null ? ResponseMapper.ReadPipelineRunPage(response.Body, factory) : ResponseMapper.ReadPipelineRunPage(response.Body, factory, keep);
    }

    /// <summary>
    /// Every run a query matches, page after page (continuationToken), handed to <paramref name="onRun"/> as the
    /// pages arrive; onRun returns false to stop asking for more.
    /// </summary>
    public async Task QueryAllRunsAsync(FactoryCoordinates factory, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await QueryRunsAsync(factory, query, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                if (!onRun(run))
                {
                    return;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <param name="pipelineName">
    /// The run's pipeline. A workspace's path names it; when a caller does not know it, the run is read first (one GET).
    /// </param>
    public async Task<QueryPage<ActivityRunData>> QueryActivityRunsAsync(FactoryCoordinates factory, string runId, RunQuery query, string? continuationToken, CancellationToken cancellationToken, string? pipelineName = null)
    {
        if (factory.IsWorkspace && string.IsNullOrEmpty(pipelineName))
        {
            pipelineName = (await GetRunAsync(factory, runId, cancellationToken).ConfigureAwait(false)).PipelineName;
        }

        var response = await SendAsync(RequestBuilder.QueryActivityRuns(factory, runId, query, continuationToken, pipelineName), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadActivityRunPage(response.Body, factory);
    }

    public async Task<QueryPage<TriggerRunData>> QueryTriggerRunsAsync(FactoryCoordinates factory, RunQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestBuilder.QueryTriggerRuns(factory, query, continuationToken), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadTriggerRunPage(response.Body, factory);
    }

    /// <summary>
    /// Every trigger run a query matches, page after page, handed to <paramref name="onRun"/> as the pages arrive;
    /// onRun returns false to stop. A continuation token the service repeats ends the paging (it would loop).
    /// </summary>
    public async Task QueryAllTriggerRunsAsync(FactoryCoordinates factory, RunQuery query, Func<TriggerRunData, bool> onRun, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await QueryTriggerRunsAsync(factory, query, continuation, cancellationToken).ConfigureAwait(false);
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
    public Task<ArmResponse> SendTriggerRunActionAsync(FactoryCoordinates factory, string triggerName, string triggerRunId, bool rerun, CancellationToken cancellationToken, RetryClassifier? classifier = null) =>
        SendAsync(RequestBuilder.TriggerRunAction(factory, triggerName, triggerRunId, rerun), cancellationToken, classifier);

    public async Task<PipelineData> GetPipelineAsync(FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        var response = await SendAsync(RequestBuilder.GetPipeline(factory, pipelineName), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipeline(response.Body, factory);
    }

    /// <summary>Every pipeline of the factory, following nextLink page after page.</summary>
    public async Task<IReadOnlyList<PipelineData>> ListPipelinesAsync(FactoryCoordinates factory, CancellationToken cancellationToken)
    {
        var pipelines = new List<PipelineData>();
        var request = RequestBuilder.ListPipelines(factory);
        while (true)
        {
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var page = ResponseMapper.ReadPipelineList(response.Body, factory);
            pipelines.AddRange(page.Items);
            if (page.ContinuationToken is not { } nextLink)
            {
                return pipelines;
            }

            request = RequestBuilder.NextPage(AdfOperation.ListPipelines, nextLink, factory.IsWorkspace ? Connection.Settings.WorkspaceEndpoint(factory.WorkspaceName!) : Endpoint, factory.WorkspaceName);
        }
    }

    /// <summary>
    /// Starts a run and reads it back (see RunStarter, the one home of starting runs). A caller that waits for the
    /// run anyway passes readBack: false and gets the run as just created (Queued).
    /// </summary>
    public async Task<PipelineRunData> StartRunAsync(RunRequest request, CancellationToken cancellationToken, bool readBack = true)
    {
        var starter = new RunStarter(this);
        var prepared = request.Mode switch
        {
            RunMode.New => await starter.PrepareNewAsync(request.Factory, request.PipelineName, request.Parameters, cancellationToken).ConfigureAwait(false),
            RunMode.NewFromReference => starter.PrepareFromReference(request.Factory, request.PipelineName, request.ReferencePipelineRunId!),
            _ => await starter.PrepareRerunAsync(request.Factory, request.ReferencePipelineRunId!, request.PipelineName, request.Mode, request.StartActivityName, cancellationToken).ConfigureAwait(false),
        };
        return await starter.StartAsync(prepared, readBack, cancellationToken).ConfigureAwait(false);
    }
}
