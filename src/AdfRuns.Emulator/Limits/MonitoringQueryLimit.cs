using System;
using System.Collections.Generic;
using System.Globalization;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Limits;

/// <summary>
/// ADF's limit on monitoring queries, 1,000 a minute per factory (Data Factory limits: "Monitoring queries per minute"),
/// counted over any rolling 60 seconds. It counts pipeline-run GETs, queryPipelineRuns and queryActivityruns. The last is
/// INFERRED: the limits page names no operations, and a public ADF scanner reports this 429 while it throttles only its
/// activity-run queries. Every query is counted for the peak, whether the limit is on or not, so a bench can read the
/// rate its client kept to.
/// </summary>
internal sealed class MonitoringQueryLimit
{
    public const string ErrorCode = "TooManyPipelineRunQueryRequests";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly object gate = new();
    private readonly IEmulatorClock clock;
    private readonly int? perMinute;
    private readonly string factoryName;
    private readonly string scopeKind;
    private readonly Queue<DateTimeOffset> received = new();
    private readonly Queue<DateTimeOffset> admitted = new();
    private int peak;

    /// <param name="perMinute">null when the limit is off.</param>
    /// <param name="scopeKind">What the refusal calls the scope the limit counts for: "factory", or "workspace" in Synapse mode.</param>
    public MonitoringQueryLimit(IEmulatorClock clock, int? perMinute, string factoryName, string scopeKind = "factory")
    {
        if (perMinute is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(perMinute), perMinute, "The monitoring-query limit must allow at least 1 query a minute.");
        }

        this.clock = clock;
        this.perMinute = perMinute;
        this.factoryName = factoryName;
        this.scopeKind = scopeKind;
    }

    /// <summary>The most monitoring queries received in any 60 seconds, refused ones included.</summary>
    public int PeakPerMinute
    {
        get
        {
            lock (gate)
            {
                return peak;
            }
        }
    }

    public static bool Counts(EmulatorOperation operation) =>
        operation is EmulatorOperation.GetRun or EmulatorOperation.QueryRuns or EmulatorOperation.QueryActivityRuns;

    /// <summary>Counts a query for the factory; the 429 when the limit is on and the last 60 seconds already hold the maximum.</summary>
    public Reply? Refuse(ServiceRoute route)
    {
        if (!Counts(route.Operation))
        {
            return null;
        }

        TimeSpan wait;
        lock (gate)
        {
            var now = clock.UtcNow;
            Forget(received, now);
            Forget(admitted, now);
            received.Enqueue(now);
            peak = Math.Max(peak, received.Count);

            // GUESS: refused queries do not use up the limit (a client retrying too early is not locked out for good).
            if (perMinute is not { } limit || admitted.Count < limit)
            {
                admitted.Enqueue(now);
                return null;
            }

            wait = admitted.Peek() + Window - now;
        }

        // GUESS: the message wording and the Retry-After header (the seconds until the oldest counted query leaves the window);
        // only the status and the code are known.
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var reply = Reply.Json(429, ServiceJson.Error(
            ErrorCode,
            $"Too many pipeline run query requests for {scopeKind} '{factoryName}': the limit is {perMinute} monitoring queries per minute. Please try again after '{seconds}' seconds.",
            null));
        reply.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        return reply;
    }

    private static void Forget(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() <= now - Window)
        {
            times.Dequeue();
        }
    }
}
