using System;
using System.Linq;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RetryPolicyTests
{
    public static TheoryData<AdfOperation> Operations()
    {
        var data = new TheoryData<AdfOperation>();
        foreach (var operation in Enum.GetValues<AdfOperation>())
        {
            data.Add(operation);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Throttling_is_retried_for_every_operation_including_create_run(AdfOperation operation)
    {
        Assert.Equal(RetryDecision.Retry, RetryPolicy.Classify(operation, 429, requestWasSent: true));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Client_errors_are_never_retried(AdfOperation operation)
    {
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(operation, 400, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(operation, 404, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(operation, 401, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(operation, 403, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(operation, 409, true));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void A_request_that_never_left_is_always_retried(AdfOperation operation)
    {
        Assert.Equal(RetryDecision.Retry, RetryPolicy.Classify(operation, null, requestWasSent: false));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Ambiguous_failures_are_retried_except_for_create_run(AdfOperation operation)
    {
        var expected = operation == AdfOperation.CreateRun ? RetryDecision.Fail : RetryDecision.Retry;

        foreach (var status in new int?[] { null, 500, 502, 503, 504, 408 })
        {
            Assert.Equal(expected, RetryPolicy.Classify(operation, status, requestWasSent: true));
        }
    }

    [Fact]
    public void Create_run_is_not_repeated_after_a_timeout_or_server_error()
    {
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(AdfOperation.CreateRun, null, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(AdfOperation.CreateRun, 500, true));
        Assert.Equal(RetryDecision.Fail, RetryPolicy.Classify(AdfOperation.CreateRun, 503, true));
        Assert.Equal(RetryDecision.Retry, RetryPolicy.Classify(AdfOperation.CreateRun, null, false));
    }

    [Fact]
    public void Retry_after_is_honoured_and_capped()
    {
        var random = new FixedRandom(0.5);

        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.Delay(1, TimeSpan.FromSeconds(7), random));
        Assert.Equal(TimeSpan.FromSeconds(15), RetryPolicy.Delay(4, TimeSpan.FromSeconds(15), random));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.Delay(1, TimeSpan.FromMinutes(10), random));
    }

    [Fact]
    public void Zero_or_negative_retry_after_falls_back_to_backoff()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), RetryPolicy.Delay(1, TimeSpan.Zero, new FixedRandom(1.0)));
        Assert.Equal(TimeSpan.FromMilliseconds(250), RetryPolicy.Delay(1, TimeSpan.FromSeconds(-3), new FixedRandom(0.0)));
    }

    [Theory]
    [InlineData(1, 250, 500)]
    [InlineData(2, 500, 1000)]
    [InlineData(3, 1000, 2000)]
    [InlineData(5, 4000, 8000)]
    [InlineData(7, 15000, 30000)]
    [InlineData(20, 15000, 30000)]
    public void Backoff_is_exponential_with_jitter_within_bounds(int attempt, int lowMs, int highMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(lowMs), RetryPolicy.Delay(attempt, null, new FixedRandom(0.0)));
        Assert.Equal(TimeSpan.FromMilliseconds(highMs), RetryPolicy.Delay(attempt, null, new FixedRandom(1.0)));
        var random = new Random(attempt);
        Assert.All(Enumerable.Range(0, 200).Select(_ => RetryPolicy.Delay(attempt, null, random)), delay => Assert.InRange(delay.TotalMilliseconds, lowMs, highMs));
    }

    [Fact]
    public void Whole_retry_sequence_fits_the_budget_without_retry_after()
    {
        var worst = Enumerable.Range(1, RetryPolicy.MaxAttempts - 1).Sum(attempt => RetryPolicy.Delay(attempt, null, new FixedRandom(1.0)).TotalMilliseconds);

        Assert.True(TimeSpan.FromMilliseconds(worst) < RetryPolicy.TotalBudget);
    }

    private sealed class FixedRandom : Random
    {
        private readonly double value;

        public FixedRandom(double value)
        {
            this.value = value;
        }

        public override double NextDouble() => value;

        protected override double Sample() => value;
    }
}
