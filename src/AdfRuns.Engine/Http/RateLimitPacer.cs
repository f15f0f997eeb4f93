using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Slows down before ARM throttles. Every response says how many reads and writes are left in the subscription's
/// token buckets (x-ms-ratelimit-remaining-subscription-reads|writes); when fewer than a small reserve remain,
/// each request waits for its share of the refill instead of running into 429s. The refill rate is read from those
/// same counts (how far they rose, plus the requests answered, over time), so a service that refills at another rate
/// than ARM's (writes 10/s, reads 25/s, assumed until measured), such as a scaled emulator, is paced at its own rate.
/// </summary>
public sealed class RateLimitPacer
{
    public const string ReadsHeader = "x-ms-ratelimit-remaining-subscription-reads";
    public const string WritesHeader = "x-ms-ratelimit-remaining-subscription-writes";

    private readonly Bucket reads = new(refillPerSecond: 25, reserve: 25);
    private readonly Bucket writes = new(refillPerSecond: 10, reserve: 20);
    private readonly Func<DateTimeOffset> clock;

    public RateLimitPacer(Func<DateTimeOffset>? clock = null)
    {
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>Which bucket an operation draws from (queryActivityruns is counted as a write by ARM).</summary>
    public static bool DrawsFromWrites(AdfOperation operation) =>
        operation is AdfOperation.CreateRun or AdfOperation.CancelRun or AdfOperation.QueryActivityRuns
        or AdfOperation.RerunTriggerRun or AdfOperation.CancelTriggerRun;

    /// <summary>
    /// Counts one request as outstanding and says how long it should wait before it is sent (zero while the budget
    /// is ample or unknown). Every reservation must be ended with <see cref="Complete"/> once its answer (or failure) is in.
    /// </summary>
    public TimeSpan Reserve(AdfOperation operation) => BucketFor(operation).Reserve(clock());

    /// <summary>Ends a reservation: the request is answered, so the service's counts now include it.</summary>
    public void Complete(AdfOperation operation) => BucketFor(operation).Complete();

    public void Observe(string? remainingReads, string? remainingWrites)
    {
        var observedAt = clock();
        reads.Observe(remainingReads, observedAt);
        writes.Observe(remainingWrites, observedAt);
    }

    /// <summary>The refill rate, per second, that writes and reads are paced at now (ARM's until measured).</summary>
    public (double Reads, double Writes) RefillPerSecond => (reads.RefillPerSecond, writes.RefillPerSecond);

    /// <summary>Waits for this request's turn; dispose the result after the answer has been observed.</summary>
    /// <remarks>Most turns need no wait: those are answered without a task of their own, as every request takes one.</remarks>
    public ValueTask<IDisposable> TakeTurnAsync(AdfOperation operation, IEngineLog log, CancellationToken cancellationToken)
    {
        var turn = new Turn(this, operation);
        TimeSpan delay;
        try
        {
            delay = Reserve(operation);
        }
        catch
        {
            turn.Dispose();
            throw;
        }

        return delay > TimeSpan.Zero ? new ValueTask<IDisposable>(WaitForTurnAsync(turn, operation, delay, log, cancellationToken)) : new ValueTask<IDisposable>(turn);
    }

    private static async Task<IDisposable> WaitForTurnAsync(Turn turn, AdfOperation operation, TimeSpan delay, IEngineLog log, CancellationToken cancellationToken)
    {
        try
        {
            if (log.VerboseEnabled)
            {
                log.Verbose($"Pacing: ARM's {(DrawsFromWrites(operation) ? "write" : "read")} budget is nearly used; waiting {delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms.");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            return turn;
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    private Bucket BucketFor(AdfOperation operation) => DrawsFromWrites(operation) ? writes : reads;

    private sealed class Turn : IDisposable
    {
        private RateLimitPacer? pacer;
        private readonly AdfOperation operation;

        public Turn(RateLimitPacer pacer, AdfOperation operation)
        {
            this.pacer = pacer;
            this.operation = operation;
        }

        public void Dispose()
        {
            Interlocked.Exchange(ref pacer, null)?.Complete(operation);
        }
    }

    /// <summary>
    /// One ARM bucket as the client sees it: the service's last count less every request not yet answered (the count
    /// may or may not include those, so all of them are assumed to draw on it). While that stays above the reserve
    /// nothing waits; below it, requests are given slots at the bucket's refill rate, measured while the count is low.
    /// </summary>
    private sealed class Bucket
    {
        /// <summary>How long the counts are watched before the refill rate is measured from them.</summary>
        private static readonly TimeSpan MeasuringTime = TimeSpan.FromSeconds(1);

        private readonly object gate = new();
        private readonly double reserve;
        private readonly double measureBelow;
        private double refillPerSecond;
        private double reported = double.NaN;
        private int outstanding;
        private DateTimeOffset nextSlot;

        // The measuring window: the count and time it began at, and the requests answered since (each drew one token).
        private double windowCount = double.NaN;
        private DateTimeOffset windowStart;
        private int answeredInWindow;

        public Bucket(double refillPerSecond, double reserve)
        {
            this.refillPerSecond = refillPerSecond;
            this.reserve = reserve;
            // A full bucket wastes its refill, so the rate is measured only while the count is well below any bucket size.
            measureBelow = reserve * 4;
        }

        public double RefillPerSecond
        {
            get
            {
                lock (gate)
                {
                    return refillPerSecond;
                }
            }
        }

        public TimeSpan Reserve(DateTimeOffset now)
        {
            lock (gate)
            {
                outstanding++;
                if (double.IsNaN(reported) || reported - outstanding >= reserve)
                {
                    return TimeSpan.Zero;
                }

                var slot = nextSlot > now ? nextSlot : now;
                nextSlot = slot + TimeSpan.FromSeconds(1 / refillPerSecond);
                return slot - now;
            }
        }

        public void Complete()
        {
            lock (gate)
            {
                if (outstanding > 0)
                {
                    outstanding--;
                }

                answeredInWindow++;
            }
        }

        public void Observe(string? remaining, DateTimeOffset observedAt)
        {
            if (remaining is null || !double.TryParse(remaining, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return;
            }

            lock (gate)
            {
                // The service's own count replaces the estimate; slots already given keep their place.
                reported = value;
                Measure(value, observedAt);
            }
        }

        /// <summary>
        /// Refill = (rise of the count + requests answered) / time, over a window of at least a second while the count
        /// stays low; answers that arrive out of order even out over the window.
        /// </summary>
        private void Measure(double count, DateTimeOffset observedAt)
        {
            if (count >= measureBelow)
            {
                windowCount = double.NaN;
                return;
            }

            if (double.IsNaN(windowCount))
            {
                (windowCount, windowStart, answeredInWindow) = (count, observedAt, 0);
                return;
            }

            var elapsed = observedAt - windowStart;
            if (elapsed < MeasuringTime)
            {
                return;
            }

            var measured = (count - windowCount + answeredInWindow) / elapsed.TotalSeconds;
            if (measured > 0)
            {
                refillPerSecond = measured;
            }

            (windowCount, windowStart, answeredInWindow) = (count, observedAt, 0);
        }
    }
}
