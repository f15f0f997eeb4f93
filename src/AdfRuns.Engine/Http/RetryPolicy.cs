using System;

namespace AdfRuns.Engine.Http;

/// <summary>
/// The retry loop's numbers: how many attempts, the one time budget (measured from a request's first attempt),
/// and the back-off. Which failures are retried is the request's RetryClassifier's decision.
/// </summary>
public static class RetryPolicy
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan TotalBudget = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

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
