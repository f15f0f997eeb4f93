using System;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RateLimitPacerTests
{
    private DateTimeOffset now = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private RateLimitPacer NewPacer() => new(() => now);

    [Fact]
    public void Nothing_waits_while_the_budget_is_unknown()
    {
        var pacer = NewPacer();
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
        }
    }

    [Fact]
    public void Nothing_waits_while_the_budget_is_ample()
    {
        var pacer = NewPacer();
        pacer.Observe("11999", "1199");
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.GetRun));
        }
    }

    [Fact]
    public void Writes_near_the_reserve_are_spaced_at_the_refill_rate()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "21");
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
        var first = pacer.Reserve(AdfOperation.CreateRun);
        var second = pacer.Reserve(AdfOperation.CreateRun);
        var third = pacer.Reserve(AdfOperation.CancelRun);

        Assert.Equal(0.0, first.TotalSeconds, 3);
        Assert.Equal(0.1, second.TotalSeconds, 3);
        Assert.Equal(0.2, third.TotalSeconds, 3);
    }

    [Fact]
    public void Reads_refill_at_25_per_second_and_do_not_draw_on_writes()
    {
        var pacer = NewPacer();
        pacer.Observe("25", "5");
        Assert.Equal(0.0, pacer.Reserve(AdfOperation.GetRun).TotalSeconds, 3);
        Assert.Equal(0.04, pacer.Reserve(AdfOperation.QueryRuns).TotalSeconds, 3);
        Assert.Equal(0.08, pacer.Reserve(AdfOperation.GetRun).TotalSeconds, 3);
        pacer.Reserve(AdfOperation.QueryActivityRuns);
        Assert.True(pacer.Reserve(AdfOperation.QueryActivityRuns) > TimeSpan.Zero, "queryActivityruns counts as a write");
    }

    [Fact]
    public void Paced_requests_keep_their_slots_while_the_budget_stays_low()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "5");
        var first = pacer.Reserve(AdfOperation.CreateRun);
        pacer.Observe(null, "4");
        var second = pacer.Reserve(AdfOperation.CreateRun);
        Assert.True(second > first, "a new low count does not give a paced request's slot away");
        now += TimeSpan.FromSeconds(5);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
    }

    [Fact]
    public void A_service_that_says_plenty_remain_is_never_paced_however_many_requests_go()
    {
        var pacer = NewPacer();
        for (var i = 0; i < 5000; i++)
        {
            pacer.Observe("11999", "1199");
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
            pacer.Complete(AdfOperation.CreateRun);
        }
    }

    [Fact]
    public void Requests_not_yet_answered_count_against_the_budget()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "40");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
        }

        pacer.Reserve(AdfOperation.CreateRun);
        Assert.True(pacer.Reserve(AdfOperation.CreateRun) > TimeSpan.Zero, "22 outstanding writes leave 18 of 40, below the reserve of 20");
    }

    [Fact]
    public void A_count_taken_before_other_requests_arrived_does_not_forget_them()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "40");
        for (var i = 0; i < 20; i++)
        {
            pacer.Reserve(AdfOperation.CreateRun);
        }

        // The first answer comes back saying 39: the service had seen only that one; 19 others are still on their way.
        pacer.Observe(null, "39");
        pacer.Complete(AdfOperation.CreateRun);
        pacer.Reserve(AdfOperation.CreateRun);
        Assert.True(pacer.Reserve(AdfOperation.CreateRun) > TimeSpan.Zero);
    }

    [Fact]
    public void Answered_requests_give_their_share_back()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "30");
        for (var i = 0; i < 10; i++)
        {
            pacer.Reserve(AdfOperation.CreateRun);
        }

        for (var i = 0; i < 10; i++)
        {
            pacer.Complete(AdfOperation.CreateRun);
        }

        pacer.Observe(null, "30");
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
    }

    [Fact]
    public void A_fresh_count_that_says_plenty_lifts_the_pacing()
    {
        var pacer = NewPacer();
        pacer.Observe(null, "10");
        pacer.Reserve(AdfOperation.CreateRun);
        Assert.True(pacer.Reserve(AdfOperation.CreateRun) > TimeSpan.Zero);
        pacer.Observe(null, "150");
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(AdfOperation.CreateRun));
    }

    [Theory(DisplayName = "writes against a service that refills its bucket at another rate than ARM's are paced at that rate, with no 429 (newcomer 3 row 21)")]
    [InlineData(5, 100)]
    [InlineData(10, 200)]
    [InlineData(2, 40)]
    [InlineData(20, 400)]
    public void Writes_are_paced_at_the_rate_the_service_refills(double refillPerSecond, double capacity)
    {
        var pacer = NewPacer();
        var tokens = capacity;
        var refilledAt = now;
        var throttled = 0;
        for (var i = 0; i < (int)(capacity + refillPerSecond * 30); i++)
        {
            now += pacer.Reserve(AdfOperation.CreateRun) + TimeSpan.FromMilliseconds(5);
            tokens = Math.Min(capacity, tokens + refillPerSecond * (now - refilledAt).TotalSeconds);
            refilledAt = now;
            if (tokens >= 1)
            {
                tokens--;
            }
            else
            {
                throttled++;
            }

            pacer.Observe(null, Math.Floor(tokens).ToString(System.Globalization.CultureInfo.InvariantCulture));
            pacer.Complete(AdfOperation.CreateRun);
        }

        Assert.Equal(0, throttled);
        Assert.InRange(pacer.RefillPerSecond.Writes, refillPerSecond * 0.8, refillPerSecond * 1.2);
    }
}
