using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Keeps monitoring queries (run GETs, run and activity-run queries) under ADF's limit of 1,000 a minute per
/// factory (beyond it the service answers 429 TooManyPipelineRunQueryRequests), by waiting before a query that
/// would be the 1,001st within a minute. Counted per the request's RunTarget.MonitoringKey (a target without one is
/// not paced). Shared by every invocation on the connection.
/// </summary>
public sealed class MonitoringQueryPacer
{
    public const int PerMinute = 1000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.OrdinalIgnoreCase);
    private readonly int perMinute;

    public MonitoringQueryPacer(int perMinute = PerMinute)
    {
        this.perMinute = perMinute;
    }

    public static bool IsMonitoringQuery(AdfOperation operation) =>
        operation is AdfOperation.GetRun or AdfOperation.QueryRuns or AdfOperation.QueryActivityRuns;

    /// <summary>Waits, if need be, until this query fits in its target's last minute, and counts it.</summary>
    public async Task TakeTurnAsync(ServiceRequest request, IEngineLog log, CancellationToken cancellationToken)
    {
        if (!IsMonitoringQuery(request.Operation) || request.Target.MonitoringKey is not { } key)
        {
            return;
        }

        var counter = counters.GetOrAdd(key, _ => new Counter());
        while (true)
        {
            var wait = counter.TryTake(perMinute, DateTimeOffset.UtcNow);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            log.Verbose($"Waiting {wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s before {request.Operation}: ADF allows {perMinute:N0} monitoring queries a minute per factory.");
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Counter
    {
        private readonly Queue<DateTimeOffset> sent = new();

        /// <summary>Zero when the query may go now (and it is counted); otherwise how long until it may.</summary>
        public TimeSpan TryTake(int perMinute, DateTimeOffset now)
        {
            lock (sent)
            {
                while (sent.Count > 0 && now - sent.Peek() >= Window)
                {
                    sent.Dequeue();
                }

                if (sent.Count < perMinute)
                {
                    sent.Enqueue(now);
                    return TimeSpan.Zero;
                }

                return sent.Peek() + Window - now;
            }
        }
    }
}
