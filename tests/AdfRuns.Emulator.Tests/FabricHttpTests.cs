using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Issue 22: the Fabric front door over HTTP, against the recorded shapes in tests/contract/fabric.</summary>
public class FabricHttpTests
{
    [Fact]
    public async Task A_submit_answers_202_with_an_empty_body_the_job_in_Location_and_Retry_After()
    {
        using var harness = new FabricHarness(options => options.FabricRetryAfter = TimeSpan.FromSeconds(60));
        var itemId = await harness.ItemId("Hello");

        using var response = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances?jobType=Pipeline", null);

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(harness.Server.Endpoint, $"{harness.Workspace}/items/{itemId}/jobs/instances/").ToString(), location.ToString().Substring(0, location.ToString().LastIndexOf('/') + 1));
        var jobId = location.ToString().Substring(location.ToString().LastIndexOf('/') + 1);
        Assert.True(Guid.TryParse(jobId, out _));
        Assert.Single(response.Headers.GetValues("RequestId"));
        Assert.DoesNotContain(response.Headers, header => header.Key.StartsWith("x-ms-request-id", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(jobId, harness.Server.GetRequests().Single(r => r.Operation == EmulatorOperation.CreateRun).CreatedRunId);
    }

    [Fact]
    public async Task A_job_instance_has_the_recorded_fields_in_order_and_goes_NotStarted_InProgress_Completed()
    {
        using var harness = new FabricHarness(options => options.FabricRetryAfter = TimeSpan.FromSeconds(3));
        var (itemId, jobId) = await harness.Submit("Hello");

        var queued = await harness.Job(itemId, jobId);
        Assert.Equal(
            new[] { "id", "itemId", "jobType", "invokeType", "status", "failureReason", "rootActivityId", "startTimeUtc", "endTimeUtc" },
            queued.EnumerateObject().Select(p => p.Name));
        Assert.Equal((jobId, itemId, "Pipeline", "Manual", "NotStarted"), (
            queued.GetProperty("id").GetString(), queued.GetProperty("itemId").GetString(), queued.GetProperty("jobType").GetString(),
            queued.GetProperty("invokeType").GetString(), queued.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("failureReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, queued.GetProperty("endTimeUtc").ValueKind);
        // Recorded: startTimeUtc has no zone suffix ("2026-04-27T06:54:51.0539716").
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$", queued.GetProperty("startTimeUtc").GetString());

        harness.Clock.Advance(TimeSpan.FromMilliseconds(500));
        using (var running = await harness.Get($"{harness.Workspace}/items/{itemId}/jobs/instances/{jobId}"))
        {
            Assert.Equal("InProgress", (await ServerHarness.Json(running)).GetProperty("status").GetString());
            Assert.Equal("3", running.Headers.GetValues("Retry-After").Single());
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        using var done = await harness.Get($"{harness.Workspace}/items/{itemId}/jobs/instances/{jobId}");
        var completed = await ServerHarness.Json(done);
        Assert.Equal("Completed", completed.GetProperty("status").GetString());
        // The 2025-09 recording's endTimeUtc ends in Z; recorded answers of a finished job carry no Retry-After.
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", completed.GetProperty("endTimeUtc").GetString());
        Assert.False(done.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_finished_job_still_reads_InProgress_without_an_end_while_the_status_lags()
    {
        using var harness = new FabricHarness(options => options.FabricStatusLag = TimeSpan.FromSeconds(100));
        var (itemId, jobId) = await harness.Submit("Hello");
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("Succeeded", harness.Server.Simulator.GetRun(jobId)!.Status);

        var lagging = await harness.Job(itemId, jobId);
        Assert.Equal(("InProgress", JsonValueKind.Null), (lagging.GetProperty("status").GetString(), lagging.GetProperty("endTimeUtc").ValueKind));

        harness.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal("Completed", (await harness.Job(itemId, jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_answers_202_and_the_job_reads_Cancelled_first_without_an_end_time()
    {
        using var harness = new FabricHarness(options => options.FabricStatusLag = TimeSpan.FromSeconds(30));
        var (itemId, jobId) = await harness.Submit("CopySales", "{\"executionData\":{\"parameters\":{\"Day\":\"2024-05-01\"}}}");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(500));

        using var cancel = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances/{jobId}/cancel", null);
        Assert.Equal(202, (int)cancel.StatusCode);
        Assert.Empty(await cancel.Content.ReadAsByteArrayAsync());
        Assert.EndsWith($"/jobs/instances/{jobId}", cancel.Headers.Location!.ToString(), StringComparison.Ordinal);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var cancelled = await harness.Job(itemId, jobId);
        Assert.Equal(("Cancelled", JsonValueKind.Null), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("endTimeUtc").ValueKind));
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(JsonValueKind.String, (await harness.Job(itemId, jobId)).GetProperty("endTimeUtc").ValueKind);

        using var again = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances/{jobId}/cancel", null);
        Assert.Equal((400, "JobAlreadyCompleted"), ((int)again.StatusCode, (await FabricHarness.Error(again)).Code));
    }

    [Fact]
    public async Task Parameters_come_from_executionData_as_JSON_typed_values_and_declared_ones_may_be_left_out()
    {
        using var harness = new FabricHarness();
        var (_, typed) = await harness.Submit(
            "ParameterTypes",
            "{\"executionData\":{\"parameters\":{\"Name\":\"x\",\"Count\":10,\"Ratio\":0.1234,\"Enabled\":false}}}");
        var run = harness.Server.Simulator.GetRun(typed)!;
        Assert.Equal("10", run.Parameters.Single(p => p.Key == "Count").Value);
        Assert.Equal("False", run.Parameters.Single(p => p.Key == "Enabled").Value, ignoreCase: true);

        // Recorded three times: a submit with no body for a pipeline whose parameters have no defaults is accepted.
        var (_, bare) = await harness.Submit("CopySales");
        Assert.NotNull(harness.Server.Simulator.GetRun(bare));

        var itemId = await harness.ItemId("ParameterTypes");
        using var wrongType = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances?jobType=Pipeline", "{\"executionData\":{\"parameters\":{\"Count\":\"many\"}}}");
        Assert.Equal(400, (int)wrongType.StatusCode);
        using var notAJob = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances?jobType=RunNotebook", null);
        Assert.Equal((400, "InvalidJobType"), ((int)notAJob.StatusCode, (await FabricHarness.Error(notAJob)).Code));
    }

    [Fact]
    public async Task Workspaces_items_and_definitions_have_the_recorded_shapes()
    {
        using var harness = new FabricHarness(options => options.FabricWorkspace = "Sales");

        using var workspaces = await harness.Get("v1/workspaces");
        var workspace = (await ServerHarness.Json(workspaces)).GetProperty("value").EnumerateArray().Single();
        Assert.Equal(new[] { "id", "displayName", "description", "type", "capacityId" }, workspace.EnumerateObject().Select(p => p.Name));
        Assert.Equal((harness.Server.FabricWorkspaceId, "Sales", "Workspace"), (workspace.GetProperty("id").GetString(), workspace.GetProperty("displayName").GetString(), workspace.GetProperty("type").GetString()));

        using var items = await harness.Get($"{harness.Workspace}/items?type=DataPipeline");
        var item = (await ServerHarness.Json(items)).GetProperty("value").EnumerateArray().First(i => i.GetProperty("displayName").GetString() == "ParameterTypes");
        Assert.Equal(new[] { "id", "type", "displayName", "description", "workspaceId" }, item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("DataPipeline", item.GetProperty("type").GetString());
        using var notebooks = await harness.Get($"{harness.Workspace}/items?type=Notebook");
        Assert.Equal(0, (await ServerHarness.Json(notebooks)).GetProperty("value").GetArrayLength());

        using var definition = await harness.Post($"{harness.Workspace}/items/{item.GetProperty("id").GetString()}/getDefinition", null);
        var parts = (await ServerHarness.Json(definition)).GetProperty("definition").GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(new[] { "pipeline-content.json", ".platform" }, parts.Select(p => p.GetProperty("path").GetString()));
        Assert.All(parts, p => Assert.Equal("InlineBase64", p.GetProperty("payloadType").GetString()));
        using var content = JsonDocument.Parse(Convert.FromBase64String(parts[0].GetProperty("payload").GetString()!));
        var parameters = content.RootElement.GetProperty("properties").GetProperty("parameters");
        // Fabric writes parameter types in lower case (recorded: "string", "int", "float", "bool").
        Assert.Equal("int", parameters.GetProperty("Count").GetProperty("type").GetString());
        Assert.Equal("bool", parameters.GetProperty("Enabled").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_job_list_holds_every_active_job_and_the_100_most_recently_finished()
    {
        using var harness = new FabricHarness();
        var itemId = await harness.ItemId("Hello");
        for (var i = 0; i < 105; i++)
        {
            await harness.Submit("Hello");
            harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var (_, active) = await harness.Submit("Hello");

        using var response = await harness.Get($"{harness.Workspace}/items/{itemId}/jobs/instances");
        var jobs = (await ServerHarness.Json(response)).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(101, jobs.Count);
        Assert.Equal(100, jobs.Count(j => j.GetProperty("status").GetString() == "Completed"));
        Assert.Contains(jobs, j => j.GetProperty("id").GetString() == active && j.GetProperty("status").GetString() == "NotStarted");
    }

    [Fact]
    public async Task Activity_runs_name_the_pipeline_by_item_id_and_carry_the_failing_activitys_error()
    {
        using var harness = new FabricHarness();
        harness.Server.SetActivityOutcome("CopySales", "TransformSales", "Failed", 1, "2200", "Column 'Amount' is missing.");
        var (itemId, jobId) = await harness.Submit("CopySales", "{\"executionData\":{\"parameters\":{\"Day\":\"2024-05-01\"}}}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var job = await harness.Job(itemId, jobId);
        Assert.Equal("Failed", job.GetProperty("status").GetString());
        var reason = job.GetProperty("failureReason");
        Assert.Equal(new[] { "requestId", "errorCode", "message", "isRetriable" }, reason.EnumerateObject().Select(p => p.Name));
        Assert.Equal("JobInstanceStatusFailed", reason.GetProperty("errorCode").GetString());

        using var response = await harness.Post($"{harness.Workspace}/datapipelines/pipelineruns/{jobId}/queryactivityruns", FabricHarness.Window);
        Assert.Equal(200, (int)response.StatusCode);
        var activities = (await ServerHarness.Json(response)).GetProperty("value").EnumerateArray().ToList();
        Assert.All(activities, a => Assert.Equal(itemId, a.GetProperty("pipelineName").GetString()));
        var failed = activities.Single(a => a.GetProperty("status").GetString() == "Failed");
        Assert.Equal(("TransformSales", "2200"), (failed.GetProperty("activityName").GetString(), failed.GetProperty("error").GetProperty("errorCode").GetString()));
    }

    [Fact]
    public async Task Errors_come_in_Fabric_envelope_with_the_code_in_a_header()
    {
        using var harness = new FabricHarness();
        var itemId = await harness.ItemId("Hello");

        using var byName = await harness.Get($"v1/workspaces/{harness.Server.FabricWorkspace}/items");
        Assert.Equal((404, "WorkspaceNotFound"), ((int)byName.StatusCode, (await FabricHarness.Error(byName)).Code));
        using var noItem = await harness.Post($"{harness.Workspace}/items/{Guid.NewGuid()}/jobs/instances?jobType=Pipeline", null);
        Assert.Equal((404, "ItemNotFound"), ((int)noItem.StatusCode, (await FabricHarness.Error(noItem)).Code));
        using var noJob = await harness.Get($"{harness.Workspace}/items/{itemId}/jobs/instances/{Guid.NewGuid()}");
        Assert.Equal(404, (int)noJob.StatusCode);
        await FabricHarness.Error(noJob);

        using var armToken = new HttpRequestMessage(HttpMethod.Get, "v1/workspaces");
        armToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var refused = await harness.Client.SendAsync(armToken);
        Assert.Equal(401, (int)refused.StatusCode);
        await FabricHarness.Error(refused);
    }

    [Fact]
    public async Task An_injected_429_is_RequestBlocked_with_Retry_After_and_starts_nothing()
    {
        using var harness = new FabricHarness();
        var itemId = await harness.ItemId("Hello");
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(7) });

        using var blocked = await harness.Post($"{harness.Workspace}/items/{itemId}/jobs/instances?jobType=Pipeline", null);

        Assert.Equal(429, (int)blocked.StatusCode);
        Assert.Equal("7", blocked.Headers.GetValues("Retry-After").Single());
        var (code, body) = await FabricHarness.Error(blocked);
        Assert.Equal("RequestBlocked", code);
        Assert.True(body.GetProperty("isRetriable").GetBoolean());
        Assert.Matches(@"^Request is blocked by the upstream service until: \d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d:\d\d (AM|PM) \(UTC\)$", body.GetProperty("message").GetString());
        Assert.Equal(0, harness.Server.RunCount);
    }

    [Fact]
    public async Task A_job_submitted_while_a_concurrency_1_pipeline_runs_is_Deduped_finished_at_once()
    {
        using var folder = new TempFolder();
        folder.Write("Serial.json", "{\"name\":\"Serial\",\"properties\":{\"concurrency\":1,\"activities\":[{\"name\":\"Work\",\"type\":\"Wait\",\"dependsOn\":[],\"userProperties\":[],\"typeProperties\":{\"waitTimeInSeconds\":1}}]}}");
        using var harness = new FabricHarness(options => options.PipelinePaths.Add(folder.Path));
        var (itemId, running) = await harness.Submit("Serial");

        var (_, skipped) = await harness.Submit("Serial");

        var job = await harness.Job(itemId, skipped);
        Assert.Equal("Deduped", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, job.GetProperty("endTimeUtc").ValueKind);
        Assert.Equal(JsonValueKind.Null, job.GetProperty("failureReason").ValueKind);
        Assert.Equal(1, harness.Server.RunCount);
        Assert.Equal("NotStarted", (await harness.Job(itemId, running)).GetProperty("status").GetString());
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var (_, after) = await harness.Submit("Serial");
        Assert.NotNull(harness.Server.Simulator.GetRun(after));
    }

    [Fact]
    public async Task The_request_log_masks_a_SecureString_parameter_inside_executionData()
    {
        using var harness = new FabricHarness();

        await harness.Submit("ParameterTypes", "{\"executionData\":{\"parameters\":{\"Name\":\"x\",\"Secret\":\"hunter2\"}}}");

        var logged = harness.Server.GetRequests().Single(r => r.Operation == EmulatorOperation.CreateRun).Body!;
        Assert.DoesNotContain("hunter2", logged, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(logged);
        Assert.Equal("x", body.RootElement.GetProperty("executionData").GetProperty("parameters").GetProperty("Name").GetString());
    }
}
