using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>
/// Issue 16: the Synapse emulator's answers against the data plane's published examples and a real workspace's
/// recording (tests/contract/synapse, with their sources in its README).
/// </summary>
public class SynapseContractTests
{
    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task Issue16_createRun_answers_202_Accepted_with_the_examples_body()
    {
        var example = SynapseHarness.Contract("examples/Pipelines_CreateRun.json").GetProperty("responses");
        Assert.Equal(new[] { "202" }, Names(example));
        using var harness = new SynapseHarness();

        using var response = await harness.Post("pipelines/Hello/createRun", "{}");

        Assert.Equal(202, (int)response.StatusCode);
        var body = await ServerHarness.Json(response);
        Assert.Equal(Names(example.GetProperty("202").GetProperty("body")), Names(body));
        Assert.True(Guid.TryParse(body.GetProperty("runId").GetString(), out _));
        var logged = harness.Server.GetRequests().Single();
        Assert.Equal((EmulatorOperation.CreateRun, 202, "Hello"), (logged.Operation, logged.StatusCode, logged.Target));
        Assert.Equal(body.GetProperty("runId").GetString(), logged.CreatedRunId);
    }

    [Fact]
    public async Task Issue16_the_run_id_is_the_clients_request_id_as_in_the_recording()
    {
        var recorded = SynapseHarness.Contract("recordings/TestGet.GetPipelineRun.ResponseBody.json").GetProperty("runId").GetString();
        using var harness = new SynapseHarness();
        using var request = new HttpRequestMessage(HttpMethod.Post, SynapseHarness.Url("pipelines/Hello/createRun"));
        // The x-ms-client-request-id the SDK sent with that createRun (TestGet.json).
        request.Headers.Add("x-ms-client-request-id", "a9f1db9c8fc7e1b7f9e3e4eeda42f518");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal(recorded, (await ServerHarness.Json(response)).GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Issue16_a_pipeline_run_has_the_recorded_workspaces_shape_field_by_field()
    {
        var recorded = SynapseHarness.Contract("recordings/TestGet.GetPipelineRun.ResponseBody.json");
        var example = SynapseHarness.Contract("examples/PipelineRuns_Get.json").GetProperty("responses").GetProperty("200").GetProperty("body");
        using var harness = new SynapseHarness(options => options.WorkspaceName = "salesws");
        var runId = await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var run = await harness.Run(runId);

        Assert.Equal(Names(recorded), Names(run));
        Assert.All(Names(example), name => Assert.Contains(name, Names(run)));
        Assert.Equal(Names(recorded.GetProperty("invokedBy")), Names(run.GetProperty("invokedBy")));
        var workspaceId = $"/subscriptions/{harness.Server.SubscriptionId}/resourceGroups/{harness.Server.ResourceGroupName}/providers/Microsoft.Synapse/workspaces/salesws";
        Assert.Equal(workspaceId.ToUpperInvariant() + "/pipelineruns/" + runId, run.GetProperty("id").GetString());
        Assert.Matches("^/SUBSCRIPTIONS/[^/]+/RESOURCEGROUPS/[^/]+/PROVIDERS/MICROSOFT.SYNAPSE/WORKSPACES/[^/]+/pipelineruns/[0-9a-f-]{36}$", recorded.GetProperty("id").GetString());
        foreach (var name in Names(recorded))
        {
            Assert.Equal(recorded.GetProperty(name).ValueKind, run.GetProperty(name).ValueKind);
        }
    }

    [Fact]
    public async Task Issue16_query_pages_and_activity_runs_have_the_examples_fields()
    {
        var runsExample = SynapseHarness.Contract("examples/PipelineRuns_QueryByWorkspace.json");
        var activitiesExample = SynapseHarness.Contract("examples/ActivityRuns_QueryByPipelineRun.json");
        using var harness = new SynapseHarness();
        var runId = await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        // The examples' own request bodies, sent as they are, with the window moved to now.
        var filter = runsExample.GetProperty("parameters").GetProperty("filterParameters").GetRawText()
            .Replace("2018-06-16T00:36:44.3345758Z", "2000-01-01T00:00:00Z", StringComparison.Ordinal)
            .Replace("2018-06-16T00:49:48.3686473Z", "2100-01-01T00:00:00Z", StringComparison.Ordinal)
            .Replace("examplePipeline", "CopySales", StringComparison.Ordinal);
        using var runsResponse = await harness.Post("queryPipelineRuns", filter);
        var runs = await ServerHarness.Json(runsResponse);
        var runsBody = runsExample.GetProperty("responses").GetProperty("200").GetProperty("body");
        Assert.Equal(Names(runsBody), Names(runs));
        var run = Assert.Single(runs.GetProperty("value").EnumerateArray());
        Assert.All(Names(runsBody.GetProperty("value")[0]), name => Assert.Contains(name, Names(run)));

        var activitiesFilter = activitiesExample.GetProperty("parameters").GetProperty("filterParameters").GetRawText()
            .Replace("2018-06-16T00:36:44.3345758Z", "2000-01-01T00:00:00Z", StringComparison.Ordinal)
            .Replace("2018-06-16T00:49:48.3686473Z", "2100-01-01T00:00:00Z", StringComparison.Ordinal);
        using var activitiesResponse = await harness.Post($"pipelines/CopySales/pipelineruns/{runId}/queryActivityruns", activitiesFilter);
        var activities = await ServerHarness.Json(activitiesResponse);
        var exampleActivity = activitiesExample.GetProperty("responses").GetProperty("200").GetProperty("body").GetProperty("value")[1];
        var activity = activities.GetProperty("value")[0];
        Assert.Equal(Names(exampleActivity), Names(activity));
        Assert.Equal(Names(exampleActivity.GetProperty("error")), Names(activity.GetProperty("error")));
    }

    [Fact]
    public async Task Issue16_pipelines_have_the_examples_shape_with_the_workspaces_id_and_type()
    {
        var example = SynapseHarness.Contract("examples/Pipelines_Get.json").GetProperty("responses").GetProperty("200").GetProperty("body");
        using var harness = new SynapseHarness();

        using var response = await harness.Get("pipelines/CopySales");
        var pipeline = await ServerHarness.Json(response);

        Assert.Equal(Names(example), Names(pipeline));
        Assert.Equal(example.GetProperty("type").GetString(), pipeline.GetProperty("type").GetString());
        Assert.Equal(
            $"/subscriptions/{harness.Server.SubscriptionId}/resourceGroups/{harness.Server.ResourceGroupName}/providers/Microsoft.Synapse/workspaces/emulatorws/pipelines/CopySales",
            pipeline.GetProperty("id").GetString());
        using var list = await harness.Get("pipelines");
        var listed = (await ServerHarness.Json(list)).GetProperty("value").EnumerateArray().Select(p => p.GetProperty("name").GetString()).OrderBy(n => n);
        Assert.Equal(harness.Server.PipelineNames.OrderBy(n => n), listed);
    }

    [Fact]
    public async Task Issue16_cancel_answers_200_with_no_body_as_the_example()
    {
        var example = SynapseHarness.Contract("examples/PipelineRuns_Cancel.json").GetProperty("responses");
        Assert.Equal(new[] { "200" }, Names(example));
        using var harness = new SynapseHarness();
        var runId = await harness.CreateRun("Hello");

        using var response = await harness.Post($"pipelineruns/{runId}/cancel", null);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Cancelled", (await harness.Run(runId)).GetProperty("status").GetString());
    }
}
