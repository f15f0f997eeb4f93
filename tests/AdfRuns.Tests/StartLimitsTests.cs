using System;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 14: the client keeps under ADF's monitoring-query limit and waits for room in a full run queue.</summary>
public sealed class StartLimitsTests
{
    private static readonly FactoryTarget Factory = new("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "factory-one");
    private static readonly FactoryTarget OtherFactory = new("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "factory-two");

    [Fact]
    public async Task Monitoring_queries_beyond_the_per_minute_limit_of_a_factory_wait()
    {
        var pacer = new MonitoringQueryPacer(perMinute: 3);
        var query = RequestBuilder.GetRun(Factory, Guid.NewGuid().ToString());
        for (var i = 0; i < 3; i++)
        {
            await pacer.TakeTurnAsync(query, NullEngineLog.Instance, CancellationToken.None);
        }

        using var shortly = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.TakeTurnAsync(query, NullEngineLog.Instance, shortly.Token));

        // Another factory has a minute of its own, and writes are not monitoring queries.
        await pacer.TakeTurnAsync(RequestBuilder.GetRun(OtherFactory, Guid.NewGuid().ToString()), NullEngineLog.Instance, CancellationToken.None);
        await pacer.TakeTurnAsync(RequestBuilder.CreateRun(new RunRequest(Factory, "Hello", RunMode.New)), NullEngineLog.Instance, CancellationToken.None);
    }

    [Theory]
    [InlineData(AdfOperation.GetRun, true)]
    [InlineData(AdfOperation.QueryRuns, true)]
    [InlineData(AdfOperation.QueryActivityRuns, true)]
    [InlineData(AdfOperation.CreateRun, false)]
    [InlineData(AdfOperation.CancelRun, false)]
    [InlineData(AdfOperation.GetPipeline, false)]
    public void Run_reads_count_as_monitoring_queries(AdfOperation operation, bool counts)
    {
        Assert.Equal(counts, MonitoringQueryPacer.IsMonitoringQuery(operation));
    }

    [Fact]
    public void A_factory_counts_monitoring_queries_under_its_resource_path_up_to_the_factory_name()
    {
        var request = RequestBuilder.GetRun(Factory, Guid.NewGuid().ToString());

        Assert.Equal("/subscriptions/6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60/resourceGroups/rg/providers/Microsoft.DataFactory/factories/factory-one", request.Target.MonitoringKey);
        Assert.StartsWith(request.Target.MonitoringKey + "/", request.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_queue_is_recognised_by_the_documented_message_whatever_its_status()
    {
        const string documented = "Pipeline execution throttled. If the concurrency value is set for a pipeline, a maximum of 100 runs will be queued for execution.";

        Assert.True(AdfRuns.Engine.Starting.PipelineQueues.IsFull(new AdfServiceException("BadRequest", documented, FailureKind.InvalidArgument, 400)));
        Assert.True(AdfRuns.Engine.Starting.PipelineQueues.IsFull(new AdfServiceException("TooManyRequests", documented, FailureKind.Throttled, 429)));
        Assert.False(AdfRuns.Engine.Starting.PipelineQueues.IsFull(new AdfServiceException("TooManyRequests", "Too many requests.", FailureKind.Throttled, 429)));
    }

    [Fact]
    public async Task Once_a_queue_was_full_its_starts_take_turns_and_each_refusal_waits_longer()
    {
        var queue = new AdfRuns.Engine.Starting.PipelineQueues().For(Factory, "Hello");
        Assert.Null(await queue.TakeTurnAsync(CancellationToken.None));

        var first = queue.Refused();
        var second = queue.Refused();
        Assert.True(second > first);

        using var turn = await queue.TakeTurnAsync(CancellationToken.None);
        Assert.NotNull(turn);
        using var shortly = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.TakeTurnAsync(shortly.Token));
    }
}
