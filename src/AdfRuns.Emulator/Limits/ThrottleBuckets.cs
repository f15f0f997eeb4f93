using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Limits;

/// <summary>
/// ARM's per-subscription token buckets: writes 200 refilling 10/s, reads 250 refilling 25/s. Other rates scale a
/// bucket's size with them (20 s of writes, 10 s of reads, as ARM's), so a bench can run the same shape faster or slower.
/// </summary>
internal sealed class ThrottleBuckets
{
    public const int SteadyRemainingReads = 11999;
    public const int SteadyRemainingWrites = 1199;
    public const double ArmReadsPerSecond = 25;
    public const double ArmWritesPerSecond = 10;
    private const double ArmReadCapacity = 250;
    private const double ArmWriteCapacity = 200;

    private readonly object gate = new();
    private readonly IEmulatorClock clock;
    private readonly Dictionary<(string Subscription, bool Write), Bucket> buckets = new();

    private readonly double readsPerSecond;
    private readonly double writesPerSecond;

    public ThrottleBuckets(IEmulatorClock clock, bool enabled, double readsPerSecond = ArmReadsPerSecond, double writesPerSecond = ArmWritesPerSecond)
    {
        if (!(readsPerSecond > 0) || !(writesPerSecond > 0) || double.IsInfinity(readsPerSecond) || double.IsInfinity(writesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(readsPerSecond), "The ARM bucket rates must be positive numbers of requests per second.");
        }

        this.clock = clock;
        Enabled = enabled;
        this.readsPerSecond = readsPerSecond;
        this.writesPerSecond = writesPerSecond;
    }

    public bool Enabled { get; }

    public ThrottleDecision Take(string subscription, bool write)
    {
        if (!Enabled)
        {
            return new ThrottleDecision(true, write ? SteadyRemainingWrites : SteadyRemainingReads, TimeSpan.Zero);
        }

        lock (gate)
        {
            var key = (subscription.ToUpperInvariant(), write);
            var now = clock.UtcNow;
            if (!buckets.TryGetValue(key, out var bucket))
            {
                bucket = NewBucket(write, now);
                buckets[key] = bucket;
            }

            bucket.Refill(now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return new ThrottleDecision(true, (int)Math.Floor(bucket.Tokens), TimeSpan.Zero);
            }

            var wait = TimeSpan.FromSeconds((1 - bucket.Tokens) / bucket.RefillPerSecond);
            return new ThrottleDecision(false, 0, wait);
        }
    }

    /// <summary>Tokens left without taking one, for responses that did not consume any.</summary>
    public int Peek(string subscription, bool write)
    {
        lock (gate)
        {
            if (!buckets.TryGetValue((subscription.ToUpperInvariant(), write), out var bucket))
            {
                return (int)Math.Floor(NewBucket(write, clock.UtcNow).Tokens);
            }

            bucket.Refill(clock.UtcNow);
            return (int)Math.Floor(bucket.Tokens);
        }
    }

    private Bucket NewBucket(bool write, DateTimeOffset now) => write
        ? new Bucket(Math.Max(1, ArmWriteCapacity * writesPerSecond / ArmWritesPerSecond), writesPerSecond, now)
        : new Bucket(Math.Max(1, ArmReadCapacity * readsPerSecond / ArmReadsPerSecond), readsPerSecond, now);

    private sealed class Bucket
    {
        public Bucket(double capacity, double refillPerSecond, DateTimeOffset now)
        {
            Capacity = capacity;
            RefillPerSecond = refillPerSecond;
            Tokens = capacity;
            LastRefill = now;
        }

        public double Capacity { get; }

        public double RefillPerSecond { get; }

        public double Tokens { get; set; }

        public DateTimeOffset LastRefill { get; private set; }

        public void Refill(DateTimeOffset now)
        {
            if (now <= LastRefill)
            {
                return;
            }

            Tokens = Math.Min(Capacity, Tokens + ((now - LastRefill).TotalSeconds * RefillPerSecond));
            LastRefill = now;
        }
    }
}

internal readonly struct ThrottleDecision
{
    public ThrottleDecision(bool allowed, int remaining, TimeSpan retryAfter)
    {
        Allowed = allowed;
        Remaining = remaining;
        RetryAfter = retryAfter;
    }

    public bool Allowed { get; }

    public int Remaining { get; }

    public TimeSpan RetryAfter { get; }
}
