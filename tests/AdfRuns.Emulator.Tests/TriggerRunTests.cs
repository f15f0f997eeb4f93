using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Trigger runs in the emulator's factory: the sample triggers' windows, queryTriggerRuns, rerun and cancel.</summary>
public sealed class TriggerRunTests
{
    private const string AllTime = "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2100-01-01T00:00:00Z\"";

    internal static string Query(string? filters = null) =>
        AllTime + (filters is null ? string.Empty : ",\"filters\":[" + filters + "]") + "}";

    internal static string TriggerIs(string name) => $"{{\"operand\":\"TriggerName\",\"operator\":\"Equals\",\"values\":[\"{name}\"]}}";

    [Fact]
    public async Task Without_StartTriggers_the_factory_has_no_trigger_runs_and_an_empty_answer_is_exactly_value_empty()
    {
        using var harness = new ServerHarness();
        using var response = await harness.Post("queryTriggerRuns", Query());
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("{\"value\":[]}", await response.Content.ReadAsStringAsync());
        Assert.Equal(new[] { "HourlyLoad", "QuarterHourly" }, harness.Server.TriggerNames.OrderBy(n => n));
    }

    [Fact]
    public async Task The_sample_tumbling_trigger_backfills_the_last_24_hourly_windows_oldest_first_at_most_maxConcurrency_running()
    {
        using var harness = Started();
        var windows = await Windows(harness, "HourlyLoad");
        Assert.Equal(24, windows.Count);
        Assert.Equal(4, windows.Count(w => w.GetProperty("status").GetString() == "Running"));
        Assert.Equal(20, windows.Count(w => w.GetProperty("status").GetString() == "Waiting"));
        var starts = windows.Select(WindowStart).ToList();
        Assert.Equal(starts.OrderBy(s => s), starts.Distinct().OrderBy(s => s));
        var running = windows.Where(w => w.GetProperty("status").GetString() == "Running").Select(WindowStart).ToList();
        Assert.Equal(starts.OrderBy(s => s).Take(4), running.OrderBy(s => s));
        var newest = starts.Max();
        Assert.Equal(harness.Clock.UtcNow.UtcTicks - (harness.Clock.UtcNow.UtcTicks % TimeSpan.TicksPerHour), newest.AddHours(1).Ticks);

        // The pipeline has concurrency 1, each run takes 2 x 1 s (queue + one activity): 24 windows end within 50 s,
        // before the next window ends at 60 s (an hour of trigger time).
        harness.Clock.Advance(TimeSpan.FromSeconds(50));
        windows = await Windows(harness, "HourlyLoad");
        Assert.All(windows, w => Assert.Equal("Succeeded", w.GetProperty("status").GetString()));
        Assert.Equal(24, windows.Select(w => w.GetProperty("triggeredPipelines").GetProperty("WindowLoad").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Trigger_time_starts_with_the_first_request_so_a_behavior_set_before_it_fails_the_first_windows()
    {
        using var harness = new ServerHarness(o => o.StartTriggers = true);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        harness.Server.SetActivityOutcome("WindowLoad", "LoadWindow", "Failed", 2);
        var windows = await Windows(harness, "HourlyLoad");
        Assert.Equal(24, windows.Count);
        harness.Clock.Advance(TimeSpan.FromSeconds(50));
        windows = await Windows(harness, "HourlyLoad");
        var failed = windows.Where(w => w.GetProperty("status").GetString() == "Failed").Select(WindowStart).OrderBy(s => s).ToList();
        Assert.Equal(windows.Select(WindowStart).OrderBy(s => s).Take(2), failed);
    }

    [Fact]
    public async Task A_window_run_has_the_recorded_fields_in_the_recorded_order_with_en_US_window_times_and_an_id_that_is_not_a_GUID()
    {
        using var harness = Started();
        var window = (await Windows(harness, "HourlyLoad")).First(w => w.GetProperty("status").GetString() == "Running");
        Assert.Equal(
            new[] { "triggerName", "triggerRunId", "triggerType", "triggerRunTimestamp", "status", "message", "properties", "triggeredPipelines", "groupId", "dependencyStatus" },
            window.EnumerateObject().Select(p => p.Name));
        Assert.Equal("TumblingWindowTrigger", window.GetProperty("triggerType").GetString());
        Assert.Matches(new Regex(@"^\d{29}CU\d{2,3}$"), window.GetProperty("triggerRunId").GetString());
        Assert.Equal(window.GetProperty("triggerRunId").GetString(), window.GetProperty("groupId").GetString());
        Assert.Equal(JsonValueKind.Null, window.GetProperty("message").ValueKind);
        Assert.Equal(new[] { "TriggerTime", "windowStartTime", "windowEndTime" }, window.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var start = window.GetProperty("properties").GetProperty("windowStartTime").GetString()!;
        Assert.Matches(new Regex(@"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$"), start);
        Assert.Equal(WindowStart(window).AddHours(1), EnUs(window.GetProperty("properties").GetProperty("windowEndTime").GetString()!));

        // The window's pipeline run was started by the trigger, with the window as its parameters.
        var runId = window.GetProperty("triggeredPipelines").GetProperty("WindowLoad").GetString()!;
        using var run = await harness.Get($"pipelineruns/{runId}");
        var body = await ServerHarness.Json(run);
        Assert.Equal("TumblingWindowTrigger", body.GetProperty("invokedBy").GetProperty("invokedByType").GetString());
        Assert.Equal("HourlyLoad", body.GetProperty("invokedBy").GetProperty("name").GetString());
        Assert.Equal(window.GetProperty("triggerRunId").GetString(), body.GetProperty("invokedBy").GetProperty("id").GetString());
        Assert.Equal(WindowStart(window), DateTime.Parse(body.GetProperty("parameters").GetProperty("windowStart").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
    }

    [Fact]
    public async Task The_trigger_run_shape_keeps_the_spec_examples_fields_in_their_order()
    {
        using var harness = Started(scale: 3600);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var scheduled = (await Windows(harness, "QuarterHourly")).First();
        var example = SynapseHarness.ContractExample("examples/TriggerRuns_QueryByFactory.json");
        var expected = example.GetProperty("responses").GetProperty("200").GetProperty("body").GetProperty("value")[0];
        var names = scheduled.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), names.Take(expected.EnumerateObject().Count()));
        Assert.Equal(
            expected.GetProperty("properties").EnumerateObject().Select(p => p.Name),
            scheduled.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("ScheduleTrigger", scheduled.GetProperty("triggerType").GetString());
    }

    [Fact]
    public async Task A_rerun_answers_200_with_an_empty_body_and_the_window_reappears_under_a_new_id_in_its_group()
    {
        using var harness = Started();
        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        var first = (await Windows(harness, "HourlyLoad")).OrderBy(WindowStart).First();
        var id = first.GetProperty("triggerRunId").GetString()!;
        using var rerun = await harness.Post($"triggers/HourlyLoad/triggerRuns/{id}/rerun", null);
        Assert.Equal(200, (int)rerun.StatusCode);
        Assert.Empty(await rerun.Content.ReadAsByteArrayAsync());
        var same = (await Windows(harness, "HourlyLoad")).Where(w => WindowStart(w) == WindowStart(first)).ToList();
        Assert.Equal(2, same.Count);
        var again = same.Single(w => w.GetProperty("triggerRunId").GetString() != id);
        Assert.Equal("Running", again.GetProperty("status").GetString());
        Assert.Equal(id, again.GetProperty("groupId").GetString());
        Assert.True(again.GetProperty("triggeredPipelines").TryGetProperty("WindowLoad", out _));
    }

    [Fact]
    public async Task A_schedule_triggers_run_is_not_rerun_400_Invalid_trigger_type()
    {
        using var harness = Started(scale: 3600);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var scheduled = (await Windows(harness, "QuarterHourly")).First();
        using var rerun = await harness.Post($"triggers/QuarterHourly/triggerRuns/{scheduled.GetProperty("triggerRunId").GetString()}/rerun", null);
        Assert.Equal(400, (int)rerun.StatusCode);
        var (code, message, error) = await ServerHarness.Error(rerun);
        Assert.Equal("BadRequest", code);
        Assert.Equal("Invalid trigger type: ScheduleTrigger", message);
        Assert.Equal("QuarterHourly", error.GetProperty("target").GetString());
    }

    [Fact]
    public async Task Cancel_takes_a_waiting_window_and_refuses_a_running_one_with_the_recorded_400()
    {
        using var harness = Started();
        var windows = await Windows(harness, "HourlyLoad");
        var waiting = windows.First(w => w.GetProperty("status").GetString() == "Waiting").GetProperty("triggerRunId").GetString()!;
        var running = windows.First(w => w.GetProperty("status").GetString() == "Running").GetProperty("triggerRunId").GetString()!;
        using (var cancel = await harness.Post($"triggers/HourlyLoad/triggerRuns/{waiting}/cancel", null))
        {
            Assert.Equal(200, (int)cancel.StatusCode);
        }

        using (var refused = await harness.Post($"triggers/HourlyLoad/triggerRuns/{running}/cancel", null))
        {
            Assert.Equal(400, (int)refused.StatusCode);
            var (code, message, error) = await ServerHarness.Error(refused);
            Assert.Equal("BadRequest", code);
            Assert.Equal($"Trigger run {running} is not in WaitingOnDependency state", message);
            Assert.Equal("HourlyLoad", error.GetProperty("target").GetString());
            Assert.Equal(JsonValueKind.Null, error.GetProperty("details").ValueKind);
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        var after = await Windows(harness, "HourlyLoad");
        Assert.Equal("Canceled", after.Single(w => w.GetProperty("triggerRunId").GetString() == waiting).GetProperty("status").GetString());
        Assert.Equal(23, after.Count(w => w.GetProperty("status").GetString() == "Succeeded"));
    }

    [Fact]
    public async Task A_chosen_window_fails_through_the_parameters_the_trigger_passes_and_its_status_and_message_say_so()
    {
        using var harness = Started();
        var windows = await Windows(harness, "HourlyLoad");
        var chosen = windows.Select(WindowStart).OrderBy(s => s).Skip(5).First();
        harness.Server.SetActivityOutcome("WindowLoad", "LoadWindow", "Failed", 0, null, null, new[] { new KeyValuePair<string, string>("windowStart", chosen.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)) });
        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        windows = await Windows(harness, "HourlyLoad");
        var failed = Assert.Single(windows, w => w.GetProperty("status").GetString() == "Failed");
        Assert.Equal(chosen, WindowStart(failed));
        Assert.Contains("LoadWindow", failed.GetProperty("message").GetString());
        using var query = await harness.Post("queryTriggerRuns", Query(TriggerIs("HourlyLoad") + ",{\"operand\":\"Status\",\"operator\":\"Equals\",\"values\":[\"Failed\"]}"));
        Assert.Single((await ServerHarness.Json(query)).GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task A_rerun_meets_a_full_pipeline_queue_with_the_throttled_refusal_and_creates_nothing()
    {
        using var harness = Started();
        harness.Clock.Advance(TimeSpan.FromSeconds(50));
        var window = (await Windows(harness, "HourlyLoad")).First();
        for (var i = 0; i < 101; i++)
        {
            await harness.CreateRun("WindowLoad", "{\"windowStart\":\"a\",\"windowEnd\":\"b\"}");
        }

        var runsBefore = harness.Server.RunCount;
        using var rerun = await harness.Post($"triggers/HourlyLoad/triggerRuns/{window.GetProperty("triggerRunId").GetString()}/rerun", null);
        Assert.Equal(400, (int)rerun.StatusCode);
        Assert.StartsWith("Pipeline execution throttled", (await ServerHarness.Error(rerun)).Message);
        Assert.Equal(runsBefore, harness.Server.RunCount);
        Assert.Equal(24, (await Windows(harness, "HourlyLoad")).Count);
    }

    [Fact]
    public async Task Trigger_runs_page_at_100_with_a_continuation_token_and_filter_by_trigger_name()
    {
        using var folder = new TempFolder();
        WriteWindowFactory(folder, windows: 250, maxConcurrency: 50);
        using var harness = new ServerHarness(o =>
        {
            o.PipelinePaths.Add(folder.Path);
            o.StartTriggers = true;
            o.ActivityDuration = TimeSpan.FromMilliseconds(10);
        });
        using var first = await harness.Post("queryTriggerRuns", Query(TriggerIs("Windows")));
        var page = await ServerHarness.Json(first);
        Assert.Equal(100, page.GetProperty("value").GetArrayLength());
        var token = page.GetProperty("continuationToken").GetString();
        using var second = await harness.Post("queryTriggerRuns", AllTime + ",\"continuationToken\":\"" + token + "\",\"filters\":[" + TriggerIs("Windows") + "]}");
        Assert.Equal(100, (await ServerHarness.Json(second)).GetProperty("value").GetArrayLength());
        using var none = await harness.Post("queryTriggerRuns", Query(TriggerIs("NoSuchTrigger")));
        Assert.Equal("{\"value\":[]}", await none.Content.ReadAsStringAsync());
    }

    /// <summary>A factory emulator whose triggers have begun (as its first request would begin them).</summary>
    internal static ServerHarness Started(double scale = 60)
    {
        var harness = new ServerHarness(o =>
        {
            o.StartTriggers = true;
            o.TriggerTimeScale = scale;
        });
        harness.Server.Simulator.BeginTriggers();
        return harness;
    }

    internal static void WriteWindowFactory(TempFolder folder, int windows, int maxConcurrency)
    {
        folder.Write("pipeline/Load.json", "{\"name\":\"Load\",\"properties\":{\"activities\":[{\"name\":\"Copy\",\"type\":\"Wait\",\"typeProperties\":{\"waitTimeInSeconds\":1}}],"
            + "\"parameters\":{\"windowStart\":{\"type\":\"String\"}},\"concurrency\":1}}");
        var start = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
        folder.Write("trigger/Windows.json", "{\"name\":\"Windows\",\"properties\":{\"runtimeState\":\"Started\",\"type\":\"TumblingWindowTrigger\","
            + "\"pipeline\":{\"pipelineReference\":{\"referenceName\":\"Load\"},\"parameters\":{\"windowStart\":\"@trigger().outputs.windowStartTime\"}},"
            + $"\"typeProperties\":{{\"frequency\":\"Hour\",\"interval\":1,\"startTime\":\"{start:yyyy-MM-ddTHH:mm:ssZ}\",\"endTime\":\"{start.AddHours(windows):yyyy-MM-ddTHH:mm:ssZ}\",\"maxConcurrency\":{maxConcurrency}}}}}}}");
    }

    internal static async Task<List<JsonElement>> Windows(ServerHarness harness, string trigger)
    {
        using var response = await harness.Post("queryTriggerRuns", Query(TriggerIs(trigger)));
        Assert.Equal(200, (int)response.StatusCode);
        var page = await ServerHarness.Json(response);
        Assert.False(page.TryGetProperty("continuationToken", out _));
        return page.GetProperty("value").EnumerateArray().ToList();
    }

    internal static DateTime WindowStart(JsonElement window) =>
        EnUs(window.GetProperty("properties").TryGetProperty("windowStartTime", out var start) ? start.GetString()! : window.GetProperty("properties").GetProperty("ScheduleTime").GetString()!);

    internal static DateTime EnUs(string text) =>
        DateTime.ParseExact(text, "M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
