using System;
using System.Linq;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RetryPolicyTests
{
    private static AttemptFailure Failure(int? status, bool sent = true) =>
        new(
            RequestBuilder.GetRun(new AdfRuns.Engine.Targets.FactoryTarget("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "factory-one"), Guid.NewGuid().ToString()),
            new AdfServiceException("Code", "message", status is { } code ? AdfServiceException.KindOf(code, "Code") : FailureKind.Timeout, status),
            sent,
            Guid.NewGuid().ToString(),
            1);

    [Fact]
    public void Throttling_is_retried()
    {
        Assert.True(RetryClassifier.ShouldRetry(Failure(429)));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public void Client_errors_are_never_retried(int status)
    {
        Assert.False(RetryClassifier.ShouldRetry(Failure(status)));
    }

    [Fact]
    public void A_request_that_never_left_is_always_retried()
    {
        Assert.True(RetryClassifier.ShouldRetry(Failure(null, sent: false)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async System.Threading.Tasks.Task Ambiguous_failures_of_idempotent_requests_are_retried(int? status)
    {
        var verdict = await RetryClassifier.Idempotent.ClassifyAsync(Failure(status), default);

        Assert.True(verdict.Retry);
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
