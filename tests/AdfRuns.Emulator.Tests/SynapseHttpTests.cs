using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Issue 16: a Synapse-mode emulator over HTTP on 127.0.0.1, route by route.</summary>
public class SynapseHttpTests
{
    [Fact]
    public async Task Issue16_activity_runs_are_queried_with_the_pipeline_name_in_the_path()
    {
        using var harness = new SynapseHarness();
        var runId = await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        using var right = await harness.Post($"pipelines/CopySales/pipelineruns/{runId}/queryActivityruns", SynapseHarness.Window);
        Assert.Equal(200, (int)right.StatusCode);
        var activities = (await ServerHarness.Json(right)).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(new[] { "ExtractSales", "TransformSales", "LoadWarehouse" }, activities.Select(a => a.GetProperty("activityName").GetString()));
        Assert.All(activities, a => Assert.Equal(runId, a.GetProperty("pipelineRunId").GetString()));

        using var otherPipeline = await harness.Post($"pipelines/Hello/pipelineruns/{runId}/queryActivityruns", SynapseHarness.Window);
        Assert.Equal(200, (int)otherPipeline.StatusCode);
        Assert.Equal(0, (await ServerHarness.Json(otherPipeline)).GetProperty("value").GetArrayLength());

        // ADF's path, without the pipeline, is not a route of the data plane.
        using var factoryPath = await harness.Post($"pipelineruns/{runId}/queryActivityruns", SynapseHarness.Window);
        Assert.Equal(404, (int)factoryPath.StatusCode);
        Assert.Equal("NotFound", (await SynapseHarness.BareError(factoryPath)).Code);

        var logged = harness.Server.GetRequests().Where(r => r.Operation == EmulatorOperation.QueryActivityRuns).ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, r => Assert.Equal(runId, r.Target));
    }

    [Fact]
    public async Task Issue16_errors_carry_code_and_message_at_the_top_level()
    {
        using var harness = new SynapseHarness(options => options.WorkspaceName = "salesws");

        using var noPipeline = await harness.Get("pipelines/Nope");
        Assert.Equal(404, (int)noPipeline.StatusCode);
        var (code, message, body) = await SynapseHarness.BareError(noPipeline);
        Assert.Equal("PipelineNotFound", code);
        Assert.Contains("'salesws'", message, StringComparison.Ordinal);
        Assert.Equal("pipeline/Nope", body.GetProperty("target").GetString());

        using var createUnknown = await harness.Post("pipelines/Nope/createRun", "{}");
        Assert.Equal((404, "PipelineNotFound"), ((int)createUnknown.StatusCode, (await SynapseHarness.BareError(createUnknown)).Code));

        using var noRun = await harness.Get("pipelineruns/" + Guid.NewGuid());
        Assert.Equal((404, "PipelineRunNotFound"), ((int)noRun.StatusCode, (await SynapseHarness.BareError(noRun)).Code));

        using var badFilter = await harness.Post("queryPipelineRuns", "{}");
        Assert.Equal((400, "BadRequest"), ((int)badFilter.StatusCode, (await SynapseHarness.BareError(badFilter)).Code));

        using var badParameter = await harness.Post("pipelines/CopySales/createRun", "{\"Day\":\"d\",\"Nope\":1}");
        Assert.Equal((400, "BadRequest"), ((int)badParameter.StatusCode, (await SynapseHarness.BareError(badParameter)).Code));
    }

    [Fact]
    public async Task Issue16_only_the_data_planes_api_versions_are_accepted()
    {
        using var harness = new SynapseHarness();

        using var armVersion = await harness.Client.GetAsync(SynapseHarness.Url("pipelines", apiVersion: "2018-06-01"));
        Assert.Equal(400, (int)armVersion.StatusCode);
        var (code, message, _) = await SynapseHarness.BareError(armVersion);
        Assert.Equal("InvalidApiVersionParameter", code);
        Assert.Contains("'2020-12-01'", message, StringComparison.Ordinal);

        using var none = await harness.Client.GetAsync("pipelines");
        Assert.Equal((400, "MissingApiVersionParameter"), ((int)none.StatusCode, (await SynapseHarness.BareError(none)).Code));

        // The SDK's session records were made with the preview version.
        using var preview = await harness.Client.GetAsync(SynapseHarness.Url("pipelines", apiVersion: "2019-06-01-preview"));
        Assert.Equal(200, (int)preview.StatusCode);
    }

    [Fact]
    public async Task Issue16_a_workspace_serves_no_factory_routes()
    {
        using var harness = new SynapseHarness();
        var factoryPath = $"subscriptions/{harness.Server.SubscriptionId}/resourceGroups/{harness.Server.ResourceGroupName}/providers/Microsoft.DataFactory/factories/{harness.Server.FactoryName}/pipelines";

        using var response = await harness.Client.GetAsync(SynapseHarness.Url(factoryPath));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("NotFound", (await SynapseHarness.BareError(response)).Code);
        Assert.Equal(EmulatorOperation.Any, harness.Server.GetRequests().Single().Operation);
    }

    [Fact]
    public async Task Issue16_answers_carry_no_ARM_rate_limit_headers()
    {
        using var harness = new SynapseHarness();
        using var create = await harness.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, SynapseHarness.Url("pipelines/Hello/createRun"))
        {
            Headers = { { "x-ms-client-request-id", "my-request-1" } },
        });
        Assert.Equal(202, (int)create.StatusCode);
        Assert.Equal("my-request-1", create.Headers.GetValues("x-ms-client-request-id").Single());
        var runId = (await ServerHarness.Json(create)).GetProperty("runId").GetString()!;

        using var get = await harness.Get($"pipelineruns/{runId}");
        using var query = await harness.Post("queryPipelineRuns", SynapseHarness.Window);
        using var activities = await harness.Post($"pipelines/Hello/pipelineruns/{runId}/queryActivityruns", SynapseHarness.Window);
        using var pipelines = await harness.Get("pipelines");
        using var cancel = await harness.Post($"pipelineruns/{runId}/cancel", null);
        using var missing = await harness.Get("pipelines/Nope");

        foreach (var response in new[] { create, get, query, activities, pipelines, cancel, missing })
        {
            SynapseHarness.HasNoArmRateLimitHeaders(response);
            Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task Issue16_throttling_still_answers_429_with_Retry_After()
    {
        // A write bucket of 2 (ARM's shape scaled to 0.1 a second) that the manual clock never refills.
        using var harness = new SynapseHarness(options =>
        {
            options.Throttling = true;
            options.ArmWritesPerSecond = 0.1;
        });
        await harness.CreateRun("Hello");
        await harness.CreateRun("Hello");

        using var throttled = await harness.Post("pipelines/Hello/createRun", "{}");

        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal("TooManyRequests", (await SynapseHarness.BareError(throttled)).Code);
        SynapseHarness.HasNoArmRateLimitHeaders(throttled);
        Assert.Equal(2, harness.Server.RunCount);
        Assert.Equal(new[] { 202, 202, 429 }, harness.Server.GetRequests().Select(r => r.StatusCode));
        Assert.All(harness.Server.GetRequests(), r => Assert.Equal(EmulatorOperation.CreateRun, r.Operation));
    }

    [Fact]
    public async Task Issue16_the_monitoring_query_limit_refuses_in_the_data_planes_shape()
    {
        using var harness = new SynapseHarness(options =>
        {
            options.MonitoringQueryLimit = true;
            options.MonitoringQueriesPerMinute = 2;
        });
        var runId = await harness.CreateRun("Hello");
        await harness.Run(runId);
        await harness.Run(runId);

        using var refused = await harness.Get($"pipelineruns/{runId}");

        Assert.Equal(429, (int)refused.StatusCode);
        var (code, message, _) = await SynapseHarness.BareError(refused);
        Assert.Equal("TooManyPipelineRunQueryRequests", code);
        Assert.Contains("workspace 'emulatorws'", message, StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Issue16_recursive_cancel_cancels_the_child_run_and_plain_cancel_does_not()
    {
        foreach (var recursive in new[] { true, false })
        {
            using var harness = new SynapseHarness();
            var parentId = await harness.CreateRun("NightlyParent");
            harness.Clock.Advance(TimeSpan.FromMilliseconds(600));
            var childId = await ChildRun(harness);

            using var cancel = await harness.Post($"pipelineruns/{parentId}/cancel", null, $"isRecursive={(recursive ? "true" : "false")}");
            Assert.Equal(200, (int)cancel.StatusCode);
            Assert.Empty(await cancel.Content.ReadAsByteArrayAsync());
            harness.Clock.Advance(TimeSpan.FromMilliseconds(100));

            Assert.Equal("Cancelled", (await harness.Run(parentId)).GetProperty("status").GetString());
            Assert.Equal(recursive ? "Cancelled" : "InProgress", (await harness.Run(childId)).GetProperty("status").GetString());
            Assert.Equal($"isRecursive={(recursive ? "true" : "false")}&api-version=2020-12-01".Split('&').OrderBy(p => p), harness.Server.GetRequests().Single(r => r.Operation == EmulatorOperation.Cancel).Query.Split('&').OrderBy(p => p));
        }
    }

    [Fact]
    public async Task Issue16_paged_queries_continue_with_the_continuationToken()
    {
        using var harness = new SynapseHarness();
        for (var i = 0; i < 105; i++)
        {
            await harness.CreateRun("Hello");
        }

        using var first = await harness.Post("queryPipelineRuns", SynapseHarness.Window);
        var page1 = await ServerHarness.Json(first);
        Assert.Equal(100, page1.GetProperty("value").GetArrayLength());
        var token = page1.GetProperty("continuationToken").GetString();

        using var second = await harness.Post("queryPipelineRuns", SynapseHarness.Window.TrimEnd('}') + ",\"continuationToken\":\"" + token + "\"}");
        var page2 = await ServerHarness.Json(second);
        Assert.Equal(5, page2.GetProperty("value").GetArrayLength());
        Assert.False(page2.TryGetProperty("continuationToken", out _));
        var all = page1.GetProperty("value").EnumerateArray().Concat(page2.GetProperty("value").EnumerateArray()).Select(r => r.GetProperty("runId").GetString());
        Assert.Equal(105, all.Distinct().Count());
        Assert.Equal(2, harness.Server.GetRequests().Count(r => r.Operation == EmulatorOperation.QueryRuns));
    }

    [Fact]
    public async Task Issue16_a_rerun_from_an_activity_uses_startActivityName_and_startFromFailure_is_ignored()
    {
        using var harness = new SynapseHarness();
        harness.Server.SetActivityOutcome("CopySales", "TransformSales", "Failed", 1, "3204", "Notebook crashed.");
        var failed = await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("Failed", (await harness.Run(failed)).GetProperty("status").GetString());

        var fromActivity = await harness.CreateRun("CopySales", "{}", $"referencePipelineRunId={failed}&isRecovery=true&startActivityName=TransformSales");
        var fromFailure = await harness.CreateRun("CopySales", "{}", $"referencePipelineRunId={failed}&isRecovery=true&startFromFailure=true");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "TransformSales", "LoadWarehouse" }, await ActivityNames(harness, "CopySales", fromActivity));
        // GUESS mirrored: the data plane's createRun has no startFromFailure, so the recovery run runs everything.
        Assert.Equal(new[] { "ExtractSales", "TransformSales", "LoadWarehouse" }, await ActivityNames(harness, "CopySales", fromFailure));
        Assert.Equal(failed, (await harness.Run(fromFailure)).GetProperty("runGroupId").GetString());
    }

    [Fact]
    public async Task Issue16_injected_faults_answer_in_the_data_planes_shape()
    {
        using var harness = new SynapseHarness();
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, StatusCode = 503, RetryAfter = TimeSpan.FromSeconds(7) });
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, AfterCommit = true });

        using var unavailable = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(503, (int)unavailable.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), unavailable.Headers.RetryAfter!.Delta);
        Assert.Equal("ServiceUnavailable", (await SynapseHarness.BareError(unavailable)).Code);
        SynapseHarness.HasNoArmRateLimitHeaders(unavailable);

        using var committed = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(500, (int)committed.StatusCode);
        Assert.Equal("InternalServerError", (await SynapseHarness.BareError(committed)).Code);
        var created = harness.Server.GetRequests().Last().CreatedRunId;
        Assert.NotNull(created);
        Assert.Equal("Hello", (await harness.Run(created!)).GetProperty("pipelineName").GetString());
    }

    private static async Task<string> ChildRun(SynapseHarness harness)
    {
        var filter = SynapseHarness.Window.TrimEnd('}') + ",\"filters\":[{\"operand\":\"PipelineName\",\"operator\":\"Equals\",\"values\":[\"NightlyChild\"]}]}";
        using var response = await harness.Post("queryPipelineRuns", filter);
        return (await ServerHarness.Json(response)).GetProperty("value").EnumerateArray().Single().GetProperty("runId").GetString()!;
    }

    private static async Task<string[]> ActivityNames(SynapseHarness harness, string pipeline, string runId)
    {
        using var response = await harness.Post($"pipelines/{pipeline}/pipelineruns/{runId}/queryActivityruns", SynapseHarness.Window);
        return (await ServerHarness.Json(response)).GetProperty("value").EnumerateArray().Select(a => a.GetProperty("activityName").GetString()!).ToArray();
    }
}
