using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine;

/// <summary>The run API's operations, each one request builder call, one HTTP path and one mapping.</summary>
public sealed class AdfClient
{
    private readonly ArmClient arm;
    private readonly IEngineLog log;

    public AdfClient(ArmClient arm, IEngineLog log)
    {
        this.arm = arm;
        this.log = log;
    }

    public async Task<string> CreateRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.CreateRun(request), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadRunId(response.Body);
    }

    public async Task<PipelineRunData> GetRunAsync(FactoryCoordinates factory, string runId, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.GetRun(factory, runId), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineRun(response.Body, factory);
    }

    public async Task CancelRunAsync(FactoryCoordinates factory, string runId, bool recursive, CancellationToken cancellationToken) =>
        await arm.SendAsync(RequestBuilder.CancelRun(factory, runId, recursive), log, cancellationToken).ConfigureAwait(false);

    public async Task<QueryPage<PipelineRunData>> QueryRunsAsync(FactoryCoordinates factory, RunQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.QueryRuns(factory, query, continuationToken), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineRunPage(response.Body, factory);
    }

    public async Task<QueryPage<ActivityRunData>> QueryActivityRunsAsync(FactoryCoordinates factory, string runId, RunQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.QueryActivityRuns(factory, runId, query, continuationToken), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadActivityRunPage(response.Body, factory);
    }

    public async Task<PipelineData> GetPipelineAsync(FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.GetPipeline(factory, pipelineName), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipeline(response.Body, factory);
    }

    public async Task<IReadOnlyList<PipelineData>> ListPipelinesAsync(FactoryCoordinates factory, CancellationToken cancellationToken)
    {
        var response = await arm.SendAsync(RequestBuilder.ListPipelines(factory), log, cancellationToken).ConfigureAwait(false);
        return ResponseMapper.ReadPipelineList(response.Body, factory).Items;
    }

    /// <summary>Starts a run and reads it back, so the caller gets a run object, not a bare id.</summary>
    public async Task<PipelineRunData> StartRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var runId = await CreateRunAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await GetRunAsync(request.Factory, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException exception)
        {
            // The run exists: report it, even if reading it back failed, so no started run goes unreported.
            log.Warning($"Run {runId} of pipeline '{request.PipelineName}' was started, but reading it back failed: {exception.Message}");
            return new PipelineRunData { RunId = runId, PipelineName = request.PipelineName, Status = RunStatus.Queued, Factory = request.Factory };
        }
    }
}
