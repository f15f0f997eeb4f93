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

    /// <summary>Where this client's requests go.</summary>
    public Uri Endpoint => arm.Settings.ResourceManagerEndpoint;

    /// <summary>How many times a createRun is sent at most, when each check finds that the failed one created nothing.</summary>
    public const int MaxCreateRunAttempts = 8;

    /// <summary>
    /// Sends createRun once per run: a failure that leaves open whether the service created the run is followed
    /// by a look for that run (DuplicateCheck) before anything is sent again. See README "Reliability".
    /// </summary>
    public async Task<string> CreateRunAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var armRequest = RequestBuilder.CreateRun(request);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(Guid.NewGuid().GetHashCode());
        for (var attempt = 1; ; attempt++)
        {
            var clientRequestId = Guid.NewGuid().ToString();
            var sentAt = DateTimeOffset.UtcNow;
            RunLedger.BeginRequest(clientRequestId);
            try
            {
                var response = await arm.SendAsync(armRequest, log, cancellationToken, clientRequestId).ConfigureAwait(false);
                var runId = ResponseMapper.ReadRunId(response.Body);
                RunLedger.Claim(runId);
                return runId;
            }
            catch (AdfServiceException failure) when (failure.MayHaveBeenProcessed)
            {
                log.Verbose($"createRun of pipeline '{request.PipelineName}' failed after it was sent ({failure.Code}); looking for the run before trying again.");
                PipelineRunData? existing;
                try
                {
                    existing = await DuplicateCheck.FindAsync(this, request, clientRequestId, sentAt, cancellationToken).ConfigureAwait(false);
                }
                catch (AdfServiceException checkFailure) when (checkFailure.Code != "AmbiguousCreateRun")
                {
                    throw new AdfServiceException(
                        failure.Code,
                        $"{failure.Message} The run may have been created (client request id {clientRequestId}); checking for it failed too ({checkFailure.Code}), so it was not started again.",
                        failure.Kind,
                        failure.StatusCode,
                        failure.Target,
                        failure.RequestId);
                }

                if (existing is not null && RunLedger.Claim(existing.RunId))
                {
                    log.Verbose($"The failed createRun had created run {existing.RunId}; it is reported and not started again.");
                    return existing.RunId;
                }

                var delay = RetryPolicy.Delay(attempt, failure.RetryAfter, random);
                if (attempt >= MaxCreateRunAttempts || started.Elapsed + delay > RetryPolicy.TotalBudget)
                {
                    throw;
                }

                log.Verbose($"No run was created by the failed createRun; sending it again in {delay.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s (attempt {attempt + 1} of {MaxCreateRunAttempts}).");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                RunLedger.EndRequest(clientRequestId);
            }
        }
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

    /// <summary>
    /// Starts a run and reads it back, so the caller gets a run object, not a bare id. A caller that waits for
    /// the run anyway passes readBack: false and gets the run as just created (Queued); the wait's queries
    /// bring the rest, which saves one request per run.
    /// </summary>
    public async Task<PipelineRunData> StartRunAsync(RunRequest request, CancellationToken cancellationToken, bool readBack = true)
    {
        var runId = await CreateRunAsync(request, cancellationToken).ConfigureAwait(false);
        if (!readBack)
        {
            return PipelineRunData.Describe(runId, request.PipelineName, RunStatus.Queued, null, null, request.Factory);
        }

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
