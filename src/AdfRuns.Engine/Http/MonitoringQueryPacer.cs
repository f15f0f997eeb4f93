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
/// A query counts from when it takes its turn until a minute after its answer came back: the service received it
/// somewhere in between, so however late it arrived, no 60-second window at the service holds more than the limit.
/// </summary>
public sealed class MonitoringQueryPacer
{
    public const int PerMinute = 1000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // While every counted query is still in flight, no end of the window is known yet: look again this soon.
    private static readonly TimeSpan InFlightRecheck = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.OrdinalIgnoreCase);
    private readonly int perMinute;
    private readonly Func<DateTimeOffset> clock;

    public MonitoringQueryPacer(int perMinute = PerMinute, Func<DateTimeOffset>? clock = null)
    {
        this.perMinute = perMinute;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public static bool IsMonitoringQuery(AdfOperation operation) =>
        operation is AdfOperation.GetRun or AdfOperation.QueryRuns or AdfOperation.QueryActivityRuns;

    /// <summary>
    /// Waits, if need be, until this query fits in its target's last minute, and counts it; dispose the turn when
    /// the answer (or the failure) came back. Null for a request that is not a monitoring query.
    /// </summary>
    public async Task<IDisposable?> TakeTurnAsync(ServiceRequest request, IEngineLog log, CancellationToken cancellationToken)
    {
        if (!IsMonitoringQuery(request.Operation) || request.Target.MonitoringKey is not { } key)
        {
            return null;
        }

        var told = false;
        while (true)
        {
            var (turn, wait) = TryTake(key);
            if (turn is not null)
            {
                return turn;
            }

            if (!told)
            {
                told = true;
                log.Verbose($"Waiting {wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s before {request.Operation}: ADF allows {perMinute:N0} monitoring queries a minute per factory.");
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A counted turn for a query of this target now, or none and how long until its minute may have room.</summary>
    internal (IDisposable? Turn, TimeSpan Wait) TryTake(ServiceRequest request) => TryTake(request.Target.MonitoringKey ?? string.Empty);

    private (IDisposable? Turn, TimeSpan Wait) TryTake(string monitoringKey) =>
        counters.GetOrAdd(monitoringKey, _ => new Counter()).TryTake(perMinute, clock(), clock);

    private sealed class Counter
    {
        private readonly List<Turn> counted = new();

        /// <summary>A turn when the query may go now (it is counted); otherwise how long until one may end.</summary>
        public (Turn? Turn, TimeSpan Wait) TryTake(int perMinute, DateTimeOffset now, Func<DateTimeOffset> clock)
        {
            lock (counted)
            {
                // Turns whose minute is over are let go only when the list is full: below the limit, a query may go anyway.
                if (counted.Count >= perMinute)
                {
                    counted.RemoveAll(turn => turn.CountsUntil is { } until && until <= now);
                }

                if (counted.Count < perMinute)
                {
                    var turn = new Turn(clock);
                    counted.Add(turn);
                    return (turn, TimeSpan.Zero);
                }

                var firstEnd = DateTimeOffset.MaxValue;
                foreach (var turn in counted)
                {
                    if (turn.CountsUntil is { } until && until < firstEnd)
                    {
                        firstEnd = until;
                    }
                }

                return (null, firstEnd == DateTimeOffset.MaxValue || firstEnd - now > Window ? InFlightRecheck : firstEnd - now);
            }
        }
    }

    /// <summary>One counted query: in flight until disposed, then counted for a minute more.</summary>
    private sealed class Turn : IDisposable
    {
        private readonly Func<DateTimeOffset> clock;
        private long countsUntilTicks = long.MaxValue;

        public Turn(Func<DateTimeOffset> clock) => this.clock = clock;

        public DateTimeOffset? CountsUntil
        {
            get
            {
                var ticks = Interlocked.Read(ref countsUntilTicks);
                return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        public void Dispose() => Interlocked.CompareExchange(ref countsUntilTicks, (clock() + Window).UtcTicks, long.MaxValue);
    }
}
