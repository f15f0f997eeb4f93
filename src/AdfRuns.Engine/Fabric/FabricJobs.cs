using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Fabric;

/// <summary>
/// The run API's operations on a Fabric workspace, as AdfClient offers them for the other services: each one
/// RequestBuilder call, one send through the one retry loop and one mapping (FabricResponses). Names become ids
/// through the connection's FabricDirectory; every run and pipeline returned carries the resolved workspace.
/// </summary>
public sealed partial class FabricJobs : IServiceRuns
{
    private readonly AdfClient client;

    public FabricJobs(AdfClient client)
    {
        this.client = client;
    }

    private FabricDirectory Directory => client.Connection.Fabric;

    /// <summary>The workspace with its id and display name (one list of workspaces per connection).</summary>
    public async Task<FabricTarget> ResolveAsync(FabricTarget target, CancellationToken cancellationToken)
    {
        if (target.WorkspaceId is not null)
        {
            return target;
        }

        var workspace = await Directory.WorkspaceAsync(target.Workspace, ListWorkspaces(target), cancellationToken).ConfigureAwait(false);
        return target.Resolved(workspace.Id, workspace.DisplayName);
    }

    /// <summary>Every workspace this sign-in sees (tab completion of -FabricWorkspace), from the list that resolving names reads.</summary>
    public Task<IReadOnlyList<FabricEntry>> WorkspacesAsync(CancellationToken cancellationToken) =>
        Directory.WorkspacesAsync(ListWorkspaces(FabricTarget.Listing), cancellationToken);

    /// <summary>GET /v1/workspaces, all pages; the target gives only the endpoint (the list names every workspace).</summary>
    private Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> ListWorkspaces(FabricTarget target) =>
        cancellationToken => AllPagesAsync(token => RequestBuilder.FabricWorkspaces(target, token), cancellationToken);

    /// <summary>The pipeline's item, by display name or item id (one list of items per workspace).</summary>
    public async Task<(FabricTarget Target, FabricEntry Pipeline)> PipelineAsync(FabricTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        var pipeline = await Directory.PipelineAsync(new FabricWorkspaceRef(resolved.WorkspaceId!, resolved.DisplayName!), pipelineName, ct => ItemsAsync(resolved, ct), cancellationToken).ConfigureAwait(false);
        return (resolved, pipeline);
    }

    /// <summary>Every pipeline item of the workspace (names and ids; definitions are read one by one with <see cref="DefinitionAsync"/>).</summary>
    public async Task<IReadOnlyList<PipelineData>> PipelinesAsync(FabricTarget target, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        var items = await ItemsAsync(resolved, cancellationToken).ConfigureAwait(false);
        return items.Select(item => new PipelineData { Name = item.DisplayName, PipelineId = item.Id, Target = resolved }).ToList();
    }

    public async Task<PipelineData> DefinitionAsync(FabricTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        var (resolved, pipeline) = await PipelineAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        var response = await client.SendAsync(RequestBuilder.FabricDefinition(resolved, pipeline.Id), cancellationToken).ConfigureAwait(false);
        var definition = FabricResponses.ReadDefinition(response.Body, pipeline.DisplayName, pipeline.Id);
        definition.Target = resolved;
        return definition;
    }

    /// <summary>One job instance. Without its pipeline the job is looked for in each pipeline's job list (Fabric's GET needs the item).</summary>
    public async Task<FabricAnswer> JobAsync(FabricTarget target, string runId, string? pipelineName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(pipelineName))
        {
            return new FabricAnswer(new[] { await FindJobAsync(target, runId, cancellationToken).ConfigureAwait(false) }, null);
        }

        var (resolved, pipeline) = await PipelineAsync(target, pipelineName!, cancellationToken).ConfigureAwait(false);
        var response = await client.SendAsync(RequestBuilder.FabricJob(resolved, pipeline.Id, runId), cancellationToken).ConfigureAwait(false);
        var run = Stamp(FabricResponses.ReadJobInstance(response.Body, pipeline.DisplayName), resolved);
        await ExplainFailureAsync(run, cancellationToken).ConfigureAwait(false);
        return new FabricAnswer(new[] { run }, response.RetryAfter);
    }

    /// <summary>
    /// A failed job's own failureReason says nothing ("Job instance failed without detail error", recorded): its
    /// Message becomes the failed activities' errors, when its activity runs have them (one queryactivityruns).
    /// </summary>
    public async Task ExplainFailureAsync(PipelineRunData run, CancellationToken cancellationToken)
    {
        if (run.Status != RunStatus.Failed || run.Target is not FabricTarget target)
        {
            return;
        }

        var from = (run.RunStart ?? DateTimeOffset.UtcNow).AddHours(-1);
        var to = (run.RunEnd ?? DateTimeOffset.UtcNow).AddHours(1);
        var failed = new List<string>();
        try
        {
            string? token = null;
            do
            {
                var page = await ActivityRunsAsync(target, run.RunId, new RunQuery(from, to, new[] { new QueryFilter("Status", "In", new[] { RunStatus.Failed }) }), token, run.PipelineName, cancellationToken).ConfigureAwait(false);
                failed.AddRange(page.Items
                    .Where(activity => activity.Status == RunStatus.Failed && activity.Error?.Message is { Length: > 0 })
                    .Select(activity => $"Activity '{activity.ActivityName}' failed: {activity.Error!.Message}{(activity.Error.ErrorCode is { Length: > 0 } code ? $" ({code})" : string.Empty)}"));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }
        catch (AdfServiceException unexplained)
        {
            client.Log.Verbose($"Job {run.RunId} failed; reading its activity runs for the reason failed too ({unexplained.Code}).");
            return;
        }

        if (failed.Count > 0)
        {
            run.Message = string.Join(" ", failed.Distinct(StringComparer.Ordinal));
        }
    }

    /// <summary>A page of a pipeline's job instances: every active job and the 100 most recently finished.</summary>
    public async Task<FabricAnswer> JobPageAsync(FabricTarget target, string pipelineName, string? continuationToken, CancellationToken cancellationToken)
    {
        var (resolved, pipeline) = await PipelineAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        var response = await client.SendAsync(RequestBuilder.FabricJobs(resolved, pipeline.Id, continuationToken), cancellationToken).ConfigureAwait(false);
        var page = FabricResponses.ReadJobInstancePage(response.Body, pipeline.DisplayName);
        return new FabricAnswer(page.Items.Select(run => Stamp(run, resolved)).ToList(), response.RetryAfter, page.ContinuationToken);
    }

    public async Task CancelAsync(FabricTarget target, string runId, string? pipelineName, CancellationToken cancellationToken)
    {
        var job = (await JobAsync(target, runId, pipelineName, cancellationToken).ConfigureAwait(false)).Runs[0];
        var resolved = (FabricTarget)job.Target!;
        await client.SendAsync(RequestBuilder.FabricCancel(resolved, job.PipelineId!, job.RunId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs as a query asks, from each pipeline's job list (the named pipelines, else all): Fabric has no run query, so
    /// status and time are matched here, and a list holds only the 100 most recently finished jobs of a pipeline.
    /// </summary>
    public async Task QueryRunsAsync(FabricTarget target, RunQuery query, Func<PipelineRunData, bool> onRun, CancellationToken cancellationToken)
    {
        var named = query.Filters.Where(filter => string.Equals(filter.Operand, "PipelineName", StringComparison.OrdinalIgnoreCase)).SelectMany(filter => filter.Values).ToList();
        var statuses = query.Filters.Where(filter => string.Equals(filter.Operand, "Status", StringComparison.OrdinalIgnoreCase)).SelectMany(filter => filter.Values).ToList();
        var pipelines = named.Count > 0 ? named : (await PipelinesAsync(target, cancellationToken).ConfigureAwait(false)).Select(pipeline => pipeline.Name).ToList();
        var found = new List<PipelineRunData>();
        foreach (var pipelineName in pipelines.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            string? token = null;
            do
            {
                var page = await JobPageAsync(target, pipelineName, token, cancellationToken).ConfigureAwait(false);
                found.AddRange(page.Runs.Where(run =>
                    (statuses.Count == 0 || statuses.Contains(run.Status, StringComparer.OrdinalIgnoreCase))
                    && run.LastUpdated >= query.LastUpdatedAfter && run.LastUpdated <= query.LastUpdatedBefore));
                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        foreach (var run in found.OrderByDescending(run => run.RunStart))
        {
            if (!onRun(run))
            {
                return;
            }
        }
    }

    /// <summary>A job's activity runs (queryactivityruns), their pipeline named by display name again.</summary>
    public async Task<QueryPage<ActivityRunData>> ActivityRunsAsync(FabricTarget target, string runId, RunQuery query, string? continuationToken, string? pipelineName, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(target, cancellationToken).ConfigureAwait(false);
        var response = await client.SendAsync(RequestBuilder.FabricActivityRuns(resolved, runId, query, continuationToken), cancellationToken).ConfigureAwait(false);
        var page = FabricResponses.ReadActivityRunPage(response.Body, pipelineName ?? string.Empty);
        var names = Directory.KnownPipelines(resolved.WorkspaceId!);
        foreach (var activity in page.Items)
        {
            activity.Target = resolved;
            if (names.FirstOrDefault(item => string.Equals(item.Id, activity.PipelineId, StringComparison.OrdinalIgnoreCase)) is { } item)
            {
                activity.PipelineName = item.DisplayName;
            }
        }

        return page;
    }

    private async Task<PipelineRunData> FindJobAsync(FabricTarget target, string runId, CancellationToken cancellationToken)
    {
        foreach (var pipeline in await PipelinesAsync(target, cancellationToken).ConfigureAwait(false))
        {
            string? token = null;
            do
            {
                var page = await JobPageAsync(target, pipeline.Name, token, cancellationToken).ConfigureAwait(false);
                if (page.Runs.FirstOrDefault(run => string.Equals(run.RunId, runId, StringComparison.OrdinalIgnoreCase)) is { } found)
                {
                    return found;
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        throw new AdfServiceException(
            "JobInstanceNotFound",
            $"No pipeline of {target.Describe()} lists a job instance {runId} (a list holds every active job and the 100 most recently finished of a pipeline). Give its pipeline with -PipelineName to read it directly.",
            FailureKind.NotFound,
            404,
            runId);
    }

    private async Task<IReadOnlyList<FabricEntry>> ItemsAsync(FabricTarget resolved, CancellationToken cancellationToken) =>
        (await AllPagesAsync(token => RequestBuilder.FabricPipelines(resolved, token), cancellationToken).ConfigureAwait(false))
            .Where(item => item.Type is null || string.Equals(item.Type, "DataPipeline", StringComparison.OrdinalIgnoreCase))
            .ToList();

    private async Task<IReadOnlyList<FabricEntry>> AllPagesAsync(Func<string?, ServiceRequest> request, CancellationToken cancellationToken)
    {
        var entries = new List<FabricEntry>();
        string? token = null;
        do
        {
            var response = await client.SendAsync(request(token), cancellationToken).ConfigureAwait(false);
            var page = FabricResponses.ReadEntries(response.Body);
            entries.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return entries;
    }

    private static PipelineRunData Stamp(PipelineRunData run, FabricTarget resolved)
    {
        run.Target = resolved;
        return run;
    }
}
