using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;

namespace AdfRuns.Emulator.Faults;

/// <summary>Applies the fault rules to a request: delays it, fails it before the work, or does the work and then fails it.</summary>
internal sealed class FaultInjector
{
    private readonly FaultBook book = new();

    public void Add(EmulatorFault fault) => book.Add(fault);

    public void Clear() => book.Clear();

    /// <summary>
    /// Answers the request as the next matching rule says. <paramref name="dress"/> adds what every answer of the
    /// route carries (ARM headers) to an injected failure.
    /// </summary>
    public async Task<Reply> RunAsync(EmulatorOperation operation, Func<Reply> work, Func<Reply, Reply> dress, CancellationToken stopping)
    {
        var fault = book.Take(operation);
        if (fault?.Delay is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, stopping).ConfigureAwait(false);
        }

        var failsBeforeWork = fault is { AfterCommit: false } && (fault.DropConnection || fault.StatusCode is not null);
        var done = failsBeforeWork ? null : work();
        if (fault is null || !(failsBeforeWork || fault.AfterCommit))
        {
            return done!;
        }

        var createdRunId = done?.CreatedRunId;
        if (fault.DropConnection)
        {
            return Reply.Drop(createdRunId);
        }

        var failed = dress(Failure(fault.StatusCode ?? 500, fault.RetryAfter));
        failed.CreatedRunId = createdRunId;
        return failed;
    }

    private static Reply Failure(int statusCode, TimeSpan? retryAfter)
    {
        // GUESS: error codes of injected faults (no captured 5xx body from ADF).
        var code = statusCode switch
        {
            429 => "TooManyRequests",
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => "EmulatedFault",
        };
        var reply = Reply.Json(statusCode, ServiceJson.Error(code, $"Fault injected by the ADF emulator (HTTP {statusCode}).", null));
        if (retryAfter is { } wait)
        {
            reply.Headers["Retry-After"] = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return reply;
    }
}
