using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// createRun's entry in the retry loop. createRun is not idempotent, so a failed attempt is sent again only when
/// it is known to have created nothing: the service refused it (429, 4xx) or never saw it, or a look for the run
/// under this attempt's own x-ms-client-request-id (the id the service gives the run it creates) finds none. A
/// run found that way is this input's run, proven by its id; no run is ever adopted for matching parameters.
/// </summary>
internal sealed class CreateRunClassifier : RetryClassifier
{
    private static readonly TimeSpan LookInterval = TimeSpan.FromSeconds(1);
    private readonly RunStarter starter;
    private readonly PreparedRun run;
    private readonly List<string> sent = new();
    private readonly List<string> unresolved = new();

    public CreateRunClassifier(RunStarter starter, PreparedRun run)
    {
        this.starter = starter;
        this.run = run;
    }

    public string LastRequestId => sent[sent.Count - 1];

    /// <summary>The answer is the run found by its id after a failed attempt (a run's body, not createRun's).</summary>
    public bool FoundByLooking { get; private set; }

    public override string NextClientRequestId()
    {
        if (sent.Count > 0 && !unresolved.Contains(LastRequestId))
        {
            // The last attempt's fate is settled (refused, not created, or a rejected token) before another is sent.
            starter.EndRequest(LastRequestId);
        }

        var id = Guid.NewGuid().ToString();
        sent.Add(id);
        starter.BeginRequest(id, run.Request.PipelineName);
        return id;
    }

    public override async Task<AttemptVerdict> ClassifyAsync(AttemptFailure failure, CancellationToken cancellationToken)
    {
        var error = failure.Error;
        if (PipelineQueues.IsFull(error))
        {
            // Not created: the pipeline's queue is full. RunStarter waits for room, however long that takes.
            starter.EndRequest(failure.ClientRequestId);
            return AttemptVerdict.Fail(error);
        }

        if (error.StatusCode == 429 || !failure.RequestWasSent || !RetryPolicy.IsTransient(error.StatusCode))
        {
            // Refused or never seen: nothing was created. A refusal other than throttling is final.
            starter.EndRequest(failure.ClientRequestId);
            return error.StatusCode == 429 || !failure.RequestWasSent ? AttemptVerdict.SendAgain : AttemptVerdict.Fail(error);
        }

        if (!starter.Client.Connection.RunIdEcho.CanProve)
        {
            return AttemptVerdict.Fail(MayExist(error, "this service does not give a run the id of the request that created it, so AdfRuns cannot find out whether it did"));
        }

        var grace = TimedOut(error) ? starter.GracePeriod : TimeSpan.Zero;
        ServiceResponse? found;
        try
        {
            found = await LookForRunAsync(failure.ClientRequestId, grace, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException checkFailure)
        {
            return AttemptVerdict.Fail(MayExist(error, $"looking for it failed too ({checkFailure.Code})"));
        }

        if (found is not null)
        {
            starter.Client.Log.Verbose($"createRun of pipeline '{run.Request.PipelineName}' failed ({error.Code}), but it had created run {failure.ClientRequestId} (found by its request id): that run is reported and not started again.");
            starter.EndRequest(failure.ClientRequestId);
            FoundByLooking = true;
            return AttemptVerdict.Answered(found);
        }

        if (error.StatusCode is null or 502 or 504)
        {
            // Not there yet, but a request that got no answer may still commit: named at the end if it ever does.
            starter.SuspectLateCommit(failure.ClientRequestId, run.Request.Target, run.Request.PipelineName);
            unresolved.Add(failure.ClientRequestId);
        }
        else
        {
            starter.EndRequest(failure.ClientRequestId);
        }

        starter.Client.Log.Verbose($"createRun of pipeline '{run.Request.PipelineName}' failed ({error.Code}) and created no run (none has its request id {failure.ClientRequestId}); sending it again.");
        return AttemptVerdict.SendAgain;
    }

    /// <summary>The run this attempt created, looked up by its id, for up to <paramref name="grace"/> while it may still commit.</summary>
    private async Task<ServiceResponse?> LookForRunAsync(string runId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var looking = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await starter.Client.SendAsync(Requests.RequestBuilder.GetRun(run.Request.Target, runId), cancellationToken).ConfigureAwait(false);
            }
            catch (AdfServiceException missing) when (missing.Kind == FailureKind.NotFound)
            {
                if (looking.Elapsed >= grace)
                {
                    return null;
                }
            }

            var remaining = grace - looking.Elapsed;
            await Task.Delay(remaining < LookInterval ? remaining : LookInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No answer in time (ours, or a gateway's): the service may still be working on it, so it is looked for a while.</summary>
    private static bool TimedOut(AdfServiceException error) =>
        error.Kind == FailureKind.Timeout && (error.StatusCode is null or 504);

    private AdfServiceException MayExist(AdfServiceException error, string why)
    {
        var ids = new List<string>(unresolved) { LastRequestId };
        return new(
            error.Code,
            $"{error.Message} The run may have been created, but {why}; it was not started again. If it exists, its id is {string.Join(" or ", ids)} (the request id{(ids.Count > 1 ? "s" : string.Empty)} it was sent with): Get-AdfPipelineRun -RunId <id>.",
            error.Kind,
            error.StatusCode,
            error.Target,
            error.RequestId,
            inner: error.InnerException);
    }
}
