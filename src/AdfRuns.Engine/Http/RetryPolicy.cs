using System;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Http;

/// <summary>What to do after a failed attempt.</summary>
public enum RetryDecision
{
    /// <summary>Give up and report the error.</summary>
    Fail,
    /// <summary>Send again: the request cannot have been processed, or repeating it is harmless.</summary>
    Retry,
}

/// <summary>
/// Which failures are retried. createRun is not idempotent: it is repeated only when the service cannot have
/// processed it (429, or the connection failed before the request was sent).
/// </summary>
public static class RetryPolicy
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan TotalBudget = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public static RetryDecision Classify(AdfOperation operation, int? statusCode, bool requestWasSent)
    {
        if (statusCode == 429)
        {
            return RetryDecision.Retry;
        }

        if (!requestWasSent)
        {
            return RetryDecision.Retry;
        }

        if (!IsTransient(statusCode))
        {
            return RetryDecision.Fail;
        }

        return operation == AdfOperation.CreateRun ? RetryDecision.Fail : RetryDecision.Retry;
    }

    /// <summary>No answer at all (timeout, dropped connection) or a server-side failure that may pass.</summary>
    public static bool IsTransient(int? statusCode) => statusCode is null or 408 or 500 or 502 or 503 or 504;

    /// <summary>Exponential back-off with full jitter, or the service's Retry-After when it gave one.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, Random random)
    {
        if (retryAfter is { } serverDelay && serverDelay > TimeSpan.Zero)
        {
            return serverDelay < MaxDelay ? serverDelay : MaxDelay;
        }

        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (random.NextDouble() * ceiling / 2));
    }
}
