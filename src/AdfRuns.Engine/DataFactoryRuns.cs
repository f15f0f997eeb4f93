using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine;

/// <summary>
/// The run operations of Data Factory's REST API, which a factory (under ARM) and a Synapse workspace (its data
/// plane) share: runs by id, queryPipelineRuns with continuation tokens, createRun, cancel, activity-run queries and
/// pipeline lists with nextLink. Where the two differ in path or capability, the target says how (RequestBuilder,
/// TargetCapabilities).
/// </summary>
public sealed class DataFactoryRuns : IServiceRuns
{
    private readonly AdfClient client;

    public DataFactoryRuns(AdfClient client)
    {
        this.client = client;
    }

    public async Task<PipelineRunData> GetRunAsync(RunTarget target, string runId, string? pipelineName, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(RequestBuilder.GetRun(target, runId), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineRun(response.Body, target);
    }

    public Task CancelRunAsync(RunTarget target, string runId, bool recursive, string? pipelineName, CancellationToken cancellationToken) =>
        client.SendAsync(RequestBuilder.CancelRun(target, runId, recursive), cancellationToken);

    public async Task QueryAllRunsAsync(RunTarget target, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken)
    {
        var pages = new PageSequence($"queryPipelineRuns of {target.Describe()}");
        string? continuation = null;
        do
        {
            var page = await client.QueryRunsAsync(target, query, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Items)
            {
                if (!onRun(run))
                {
                    return;
                }
            }

            continuation = pages.Next(page.ContinuationToken);
        }
        while (continuation is not null);
    }

    public async Task<QueryPage<ActivityRunData>> QueryActivityRunsAsync(RunTarget target, string runId, RunQuery query, string? continuationToken, string? pipelineName, CancellationToken cancellationToken)
    {
        if (target.Capabilities.ActivityQueryNamesPipeline && string.IsNullOrEmpty(pipelineName))
        {
            pipelineName = (await GetRunAsync(target, runId, null, cancellationToken).ConfigureAwait(false)).PipelineName;
        }

        var response = await client.SendAsync(RequestBuilder.QueryActivityRuns(target, runId, query, continuationToken, pipelineName), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadActivityRunPage(response.Body, target);
    }

    public async Task<PipelineData> GetPipelineAsync(RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(RequestBuilder.GetPipeline(target, pipelineName), cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipeline(response.Body, target);
    }

    /// <summary>Every pipeline of the target, following nextLink page after page.</summary>
    public async Task<IReadOnlyList<PipelineData>> ListPipelinesAsync(RunTarget target, CancellationToken cancellationToken)
    {
        var pipelines = new List<PipelineData>();
        var pages = new PageSequence($"the pipelines of {target.Describe()}");
        var request = RequestBuilder.ListPipelines(target);
        while (true)
        {
            var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var page = ResponseMapper.ReadPipelineList(response.Body, target);
            pipelines.AddRange(page.Items);
            if (pages.Next(page.ContinuationToken) is not { } nextLink)
            {
                return pipelines;
            }

            request = RequestBuilder.NextPage(AdfOperation.ListPipelines, nextLink, target, target.EndpointOf(client.Connection.Settings));
        }
    }

    public Task<PreparedRun> PrepareNewAsync(RunStarter starter, RunTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken) =>
        starter.PrepareCreateRunAsync(target, pipelineName, parameters, cancellationToken);

    public Task<PipelineRunData> StartAsync(RunStarter starter, PreparedRun run, bool readBack, Action? answered, CancellationToken cancellationToken) =>
        starter.SendCreateRunAsync(run, readBack, answered, cancellationToken);

    /// <summary>One queryPipelineRuns (paged) for the waited pipelines' runs updated in the window; a run not returned has not changed.</summary>
    public async Task<TimeSpan?> PollAsync(RunTarget target, IReadOnlyList<PipelineRunData> runs, DateTimeOffset since, DateTimeOffset until, Func<PipelineRunData, bool> update, CancellationToken cancellationToken)
    {
        var query = new RunQuery(
            since,
            until,
            new[] { new QueryFilter("PipelineName", "In", runs.Select(run => run.PipelineName).Distinct(StringComparer.OrdinalIgnoreCase).ToList()) });
        await QueryAllRunsAsync(target, query, update, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
