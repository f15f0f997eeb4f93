using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Issue 14: the service's own limits (pipeline concurrency and its 100-run queue, monitoring queries, ARM buckets).</summary>
public class ServiceLimitTests
{
    private const string QueueFull =
        "Pipeline execution throttled. If the concurrency value is set for a pipeline, a maximum of 100 runs will be queued for execution.";

    private static string Serial(int concurrency = 1, string name = "Serial")
    {
        var pipeline = JsonNode.Parse(PipelineJson.Build(name, PipelineJson.Activity("Work")))!;
        pipeline["properties"]!["concurrency"] = concurrency;
        return pipeline.ToJsonString();
    }

    [Fact]
    public void Concurrency_is_read_from_the_pipeline_properties_and_must_be_a_whole_number_of_at_least_1()
    {
        Assert.Equal(2, PipelineLoader.Parse(Serial(2), "serial.json").Concurrency);
        Assert.Null(PipelineLoader.Parse(PipelineJson.Build("Free", PipelineJson.Activity("Work")), "free.json").Concurrency);
        var zero = Assert.Throws<InvalidDataException>(() => PipelineLoader.Parse(Serial(0), "zero.json"));
        Assert.Contains("\"properties.concurrency\" must be a whole number of at least 1", zero.Message);
    }

    [Fact]
    public void Issue14_a_run_beyond_the_concurrency_waits_Queued_until_a_running_one_ends()
    {
        var harness = new SimulationHarness(Serial());
        var first = harness.Create("Serial");
        var second = harness.Create("Serial");

        harness.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(RunStatus.InProgress, harness.Run(first).Status);
        Assert.Equal(RunStatus.Queued, harness.Run(second).Status);

        var ended = harness.RunToEnd(first);
        Assert.Equal(RunStatus.Succeeded, ended.Status);
        var started = harness.Run(second);
        Assert.Equal(RunStatus.InProgress, started.Status);
        Assert.Equal(ended.RunEnd, harness.Activity(second, "Work").ActivityRunStart);
        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(second).Status);
    }

    [Fact]
    public void Issue14_at_most_100_runs_wait_per_pipeline_then_createRun_is_refused_with_the_documented_message()
    {
        var harness = new SimulationHarness(Serial(), PipelineJson.Build("Free", PipelineJson.Activity("Work")));
        var running = harness.Create("Serial");
        for (var i = 0; i < 100; i++)
        {
            harness.Create("Serial");
        }

        var refused = SimulationHarness.Rejects(() => harness.Create("Serial"));
        Assert.Equal((400, "BadRequest", QueueFull), (refused.StatusCode, refused.Code, refused.Message));
        Assert.Equal(101, harness.Simulator.RunCount);
        Assert.Equal(100, harness.Simulator.PeakQueuedRuns()["Serial"]);
        Assert.False(harness.Simulator.PeakQueuedRuns().ContainsKey("Free"));

        // A pipeline without concurrency never waits, and a full queue elsewhere does not hold it up.
        var free = Enumerable.Range(0, 150).Select(_ => harness.Create("Free")).ToList();
        harness.Advance(TimeSpan.FromMilliseconds(500));
        Assert.All(free, id => Assert.Equal(RunStatus.InProgress, harness.Run(id).Status));

        harness.RunToEnd(running);
        harness.Create("Serial");
        Assert.Throws<ServiceException>(() => harness.Create("Serial"));
        Assert.Equal(100, harness.Simulator.PeakQueuedRuns()["Serial"]);
    }

    [Fact]
    public void Issue14_a_queued_run_that_is_cancelled_leaves_the_queue_and_never_starts()
    {
        var harness = new SimulationHarness(Serial());
        var first = harness.Create("Serial");
        var cancelled = harness.Create("Serial");
        var third = harness.Create("Serial");
        harness.Advance(TimeSpan.FromMilliseconds(500));

        harness.Simulator.Cancel(cancelled, recursive: false);
        Assert.Equal(RunStatus.Cancelled, harness.RunToEnd(cancelled).Status);
        Assert.Empty(harness.Activities(cancelled));

        harness.RunToEnd(first);
        Assert.Equal(RunStatus.InProgress, harness.Run(third).Status);
    }

    [Fact]
    public void Issue14_cancelling_a_running_run_hands_its_slot_to_the_next_queued_run()
    {
        var harness = new SimulationHarness(Serial());
        var first = harness.Create("Serial");
        var second = harness.Create("Serial");
        harness.Advance(TimeSpan.FromMilliseconds(500));

        harness.Simulator.Cancel(first, recursive: false);
        Assert.Equal(RunStatus.Cancelled, harness.RunToEnd(first).Status);
        Assert.Equal(RunStatus.InProgress, harness.Run(second).Status);
    }

    [Fact]
    public void Issue14_an_ExecutePipeline_child_waits_in_its_pipeline_queue_and_fails_the_activity_when_the_queue_is_full()
    {
        var parentJson = PipelineJson.Build("Caller", new JsonObject
        {
            ["name"] = "Call",
            ["type"] = "ExecutePipeline",
            ["typeProperties"] = new JsonObject
            {
                ["pipeline"] = new JsonObject { ["referenceName"] = "Serial", ["type"] = "PipelineReference" },
                ["waitOnCompletion"] = true,
            },
        });
        var harness = new SimulationHarness(parentJson, Serial());
        harness.Create("Serial");
        var waiting = harness.Create("Caller");
        harness.Advance(TimeSpan.FromMilliseconds(500));
        var child = harness.Simulator.GetChildRunIds(waiting).Single();
        Assert.Equal(RunStatus.Queued, harness.Run(child).Status);
        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(waiting).Status);

        // One run holds the slot and 100 wait: the next Caller's child has no room.
        for (var i = 0; i < 101; i++)
        {
            harness.Create("Serial");
        }

        var refused = harness.RunToEnd(harness.Create("Caller"));
        Assert.Equal(RunStatus.Failed, refused.Status);
        Assert.Equal($"Operation on target Call failed: {QueueFull}", refused.Message);
    }

    [Fact]
    public async Task Issue14_the_queue_full_refusal_is_a_400_ARM_error_with_the_documented_message()
    {
        using var folder = new TempFolder();
        folder.Write("pipeline/Serial.json", Serial());
        using var harness = new ServerHarness(o => o.PipelinePaths.Add(folder.Path));
        for (var i = 0; i < 101; i++)
        {
            await harness.CreateRun("Serial");
        }

        using var refused = await harness.Post("pipelines/Serial/createRun", "{}");
        Assert.Equal(400, (int)refused.StatusCode);
        var (code, message, _) = await ServerHarness.Error(refused);
        Assert.Equal(("BadRequest", QueueFull), (code, message));
        Assert.Equal(100, harness.Server.PeakQueuedRuns()["Serial"]);
    }

    [Fact]
    public async Task Issue14_monitoring_queries_beyond_the_per_minute_limit_get_429_TooManyPipelineRunQueryRequests_until_the_minute_passes()
    {
        using var harness = new ServerHarness(o =>
        {
            o.MonitoringQueryLimit = true;
            o.MonitoringQueriesPerMinute = 3;
        });
        var runId = await harness.CreateRun("Hello");
        using (var get = await harness.Get($"pipelineruns/{runId}"))
        using (var query = await harness.Post("queryPipelineRuns", "{\"lastUpdatedAfter\":\"2024-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2030-01-01T00:00:00Z\"}"))
        {
            Assert.Equal((200, 200), ((int)get.StatusCode, (int)query.StatusCode));
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(20));
        using (var activities = await harness.Post($"pipelineruns/{runId}/queryActivityruns", "{\"lastUpdatedAfter\":\"2024-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2030-01-01T00:00:00Z\"}"))
        {
            Assert.Equal(200, (int)activities.StatusCode);
        }

        using var refused = await harness.Get($"pipelineruns/{runId}");
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("TooManyPipelineRunQueryRequests", (await ServerHarness.Error(refused)).Code);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter!.Delta);

        // Other operations do not count, and are not refused.
        using (var created = await harness.Post("pipelines/Hello/createRun", "{}"))
        using (var pipelines = await harness.Get("pipelines"))
        {
            Assert.Equal((200, 200), ((int)created.StatusCode, (int)pipelines.StatusCode));
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(40));
        using var again = await harness.Get($"pipelineruns/{runId}");
        Assert.Equal(200, (int)again.StatusCode);
        Assert.Equal(4, harness.Server.PeakMonitoringQueriesPerMinute);
    }

    [Fact]
    public async Task Issue14_monitoring_queries_are_counted_per_rolling_minute_even_when_the_limit_is_off()
    {
        using var harness = new ServerHarness();
        var runId = await harness.CreateRun("Hello");
        for (var i = 0; i < 30; i++)
        {
            using var get = await harness.Get($"pipelineruns/{runId}");
            Assert.Equal(200, (int)get.StatusCode);
            harness.Clock.Advance(TimeSpan.FromSeconds(3));
        }

        // 30 queries 3 s apart: any 60 seconds hold 20 of them.
        Assert.Equal(20, harness.Server.PeakMonitoringQueriesPerMinute);
    }

    [Fact]
    public async Task Issue14_ARM_bucket_rates_scale_the_buckets_and_their_size_with_them()
    {
        using var harness = new ServerHarness(o =>
        {
            o.Throttling = true;
            o.ArmWritesPerSecond = 1;
            o.ArmReadsPerSecond = 0.5;
        });

        using var firstRead = await harness.Get("pipelines");
        Assert.Equal("4", firstRead.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());
        for (var i = 0; i < 20; i++)
        {
            using var ok = await harness.Post("pipelines/Hello/createRun", "{}");
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using var throttled = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("SubscriptionRequestsThrottled", (await ServerHarness.Error(throttled)).Code);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        using var refilled = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(200, (int)refilled.StatusCode);
    }

    [Fact]
    public void Issue14_limits_that_allow_nothing_are_refused_at_start()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdfEmulatorServer.Start(new EmulatorOptions { MonitoringQueryLimit = true, MonitoringQueriesPerMinute = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdfEmulatorServer.Start(new EmulatorOptions { Throttling = true, ArmWritesPerSecond = 0 }));
    }
}
