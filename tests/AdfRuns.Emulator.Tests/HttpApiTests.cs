using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class HttpApiTests
{
    private const string Window = "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2100-01-01T00:00:00Z\"}";

    [Fact]
    public async Task Pipeline_run_has_the_real_shape_field_by_field()
    {
        using var harness = new ServerHarness();
        var runId = await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\",\"BatchSize\":250}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        using var response = await harness.Get($"pipelineruns/{runId}");
        var run = await ServerHarness.Json(response);

        Assert.Equal(
            new[] { "id", "runId", "debugRunId", "runGroupId", "pipelineName", "parameters", "invokedBy", "runStart", "runEnd", "durationInMs", "status", "message", "lastUpdated", "annotations", "runDimension", "isLatest" },
            run.EnumerateObject().Select(p => p.Name));
        var expectedId = $"/SUBSCRIPTIONS/{harness.Server.SubscriptionId}/RESOURCEGROUPS/{harness.Server.ResourceGroupName}/PROVIDERS/MICROSOFT.DATAFACTORY/FACTORIES/{harness.Server.FactoryName}".ToUpperInvariant()
            + "/pipelineruns/" + runId;
        Assert.Equal(expectedId, run.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("debugRunId").ValueKind);
        Assert.Equal("250", run.GetProperty("parameters").GetProperty("BatchSize").GetString());
        Assert.Equal("emea", run.GetProperty("parameters").GetProperty("Region").GetString());
        Assert.Equal(new[] { "id", "name", "invokedByType" }, run.GetProperty("invokedBy").EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z$", run.GetProperty("runStart").GetString());
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        Assert.Equal(3100, run.GetProperty("durationInMs").GetInt64());
        Assert.Equal(run.GetProperty("runEnd").GetString(), run.GetProperty("lastUpdated").GetString());
        Assert.Equal(0, run.GetProperty("annotations").GetArrayLength());
        Assert.True(run.GetProperty("isLatest").GetBoolean());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Activity_runs_come_back_in_the_example_shape()
    {
        using var harness = new ServerHarness();
        var runId = await harness.CreateRun("CopySales", "{\"Day\":\"d\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        using var response = await harness.Post($"pipelineruns/{runId}/queryActivityruns", Window);
        var body = await ServerHarness.Json(response);

        Assert.Equal(new[] { "value" }, body.EnumerateObject().Select(p => p.Name));
        var extract = body.GetProperty("value")[0];
        Assert.Equal(
            new[] { "activityRunEnd", "activityName", "activityRunStart", "activityType", "durationInMs", "retryAttempt", "error", "activityRunId", "input", "linkedServiceName", "output", "userProperties", "pipelineName", "pipelineRunId", "status" },
            extract.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ExtractSales", extract.GetProperty("error").GetProperty("target").GetString());
        Assert.Equal(string.Empty, extract.GetProperty("error").GetProperty("errorCode").GetString());
        Assert.Equal(142000, extract.GetProperty("output").GetProperty("dataRead").GetInt64());
        Assert.Equal(JsonValueKind.Null, extract.GetProperty("retryAttempt").ValueKind);
        Assert.Equal("x-ms-ratelimit-remaining-subscription-writes", response.Headers.Select(h => h.Key).Single(k => k.StartsWith("x-ms-ratelimit", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Factory_and_pipelines_are_served_in_the_ARM_shapes()
    {
        using var harness = new ServerHarness();

        using var factoryResponse = await harness.Client.GetAsync(harness.FactoryPath + "?api-version=2018-06-01");
        var factory = await ServerHarness.Json(factoryResponse);
        Assert.Equal(harness.Server.FactoryName, factory.GetProperty("name").GetString());
        Assert.Equal("Microsoft.DataFactory/factories", factory.GetProperty("type").GetString());
        Assert.Equal("Succeeded", factory.GetProperty("properties").GetProperty("provisioningState").GetString());

        using var listResponse = await harness.Get("pipelines");
        var names = (await ServerHarness.Json(listResponse)).GetProperty("value").EnumerateArray().Select(p => p.GetProperty("name").GetString()).OrderBy(n => n);
        Assert.Equal(new[] { "CopySales", "Depth1", "Depth2", "Depth3", "Depth4", "Depth5", "ErrorHandling", "FanOutChild", "FanOutGrandchild", "FanOutParent", "Hello", "NightlyChild", "NightlyParent", "ParameterTypes", "WindowLoad" }, names);

        using var pipelineResponse = await harness.Get("pipelines/copysales");
        var pipeline = await ServerHarness.Json(pipelineResponse);
        Assert.Equal(new[] { "id", "name", "type", "properties", "etag" }, pipeline.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("/pipelines/CopySales", pipeline.GetProperty("id").GetString());
        Assert.Equal("Int", pipeline.GetProperty("properties").GetProperty("parameters").GetProperty("BatchSize").GetProperty("type").GetString());
        Assert.Equal("Sales", pipeline.GetProperty("properties").GetProperty("folder").GetProperty("name").GetString());
        Assert.Equal(3, pipeline.GetProperty("properties").GetProperty("activities").GetArrayLength());

        using var missing = await harness.Get("pipelines/Nope");
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.Equal("PipelineNotFound", (await ServerHarness.Error(missing)).Code);
    }

    [Fact]
    public async Task Missing_or_wrong_bearer_token_is_a_401_with_WWW_Authenticate()
    {
        using var harness = new ServerHarness();
        using var anonymous = new HttpClient { BaseAddress = harness.Server.Endpoint };

        using var missing = await anonymous.GetAsync(harness.Url("pipelines"));
        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal("AuthenticationFailed", (await ServerHarness.Error(missing)).Code);
        Assert.StartsWith("Bearer ", missing.Headers.WwwAuthenticate.ToString());

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged");
        using var wrong = await anonymous.GetAsync(harness.Url("pipelines"));
        Assert.Equal(401, (int)wrong.StatusCode);
        var error = await ServerHarness.Error(wrong);
        Assert.Equal("InvalidAuthenticationToken", error.Code);
        Assert.Equal(JsonValueKind.Null, error.Error.GetProperty("details").ValueKind);
        Assert.NotEmpty(wrong.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task Api_version_is_required_and_must_be_2018_06_01()
    {
        using var harness = new ServerHarness();

        using var missing = await harness.Client.GetAsync(harness.FactoryPath + "/pipelines");
        Assert.Equal(400, (int)missing.StatusCode);
        Assert.Equal("MissingApiVersionParameter", (await ServerHarness.Error(missing)).Code);

        using var wrong = await harness.Client.GetAsync(harness.FactoryPath + "/pipelines?api-version=2017-09-01-preview");
        Assert.Equal(400, (int)wrong.StatusCode);
        Assert.Equal("InvalidApiVersionParameter", (await ServerHarness.Error(wrong)).Code);
    }

    [Fact]
    public async Task Wrong_scope_is_a_404_ResourceNotFound_and_unknown_routes_are_404()
    {
        using var harness = new ServerHarness();
        var otherFactory = harness.FactoryPath.Replace(harness.Server.FactoryName, "otherfactory");
        using var factory = await harness.Client.GetAsync(otherFactory + "/pipelines?api-version=2018-06-01");
        Assert.Equal(404, (int)factory.StatusCode);
        Assert.Equal("ResourceNotFound", (await ServerHarness.Error(factory)).Code);

        var otherGroup = harness.FactoryPath.Replace(harness.Server.ResourceGroupName, "other-rg");
        using var group = await harness.Client.PostAsync(otherGroup + "/pipelines/Hello/createRun?api-version=2018-06-01", new StringContent("{}"));
        Assert.Equal(404, (int)group.StatusCode);
        Assert.Equal(0, harness.Server.RunCount);

        var upperCased = harness.FactoryPath.Replace("resourceGroups", "RESOURCEGROUPS").Replace("providers/Microsoft.DataFactory", "PROVIDERS/microsoft.datafactory");
        using var caseInsensitive = await harness.Client.GetAsync(upperCased + "/pipelines/Hello?api-version=2018-06-01");
        Assert.Equal(200, (int)caseInsensitive.StatusCode);

        using var unknown = await harness.Get("datasets");
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal(EmulatorOperation.Any, harness.Server.GetRequests().Last().Operation);
    }

    [Fact]
    public async Task ARM_headers_are_present_and_the_correlation_id_is_echoed()
    {
        using var harness = new ServerHarness();

        using var create = await harness.Post("pipelines/Hello/createRun", "{}", configure: r => r.Headers.Add("x-ms-correlation-request-id", "corr-123"));
        var requestId = create.Headers.GetValues("x-ms-request-id").Single();
        Assert.True(Guid.TryParse(requestId, out _));
        Assert.Equal("corr-123", create.Headers.GetValues("x-ms-correlation-request-id").Single());
        Assert.Matches(@"^LOCAL:\d{8}T\d{6}Z:" + requestId + "$", create.Headers.GetValues("x-ms-routing-request-id").Single());
        Assert.Equal("1199", create.Headers.GetValues("x-ms-ratelimit-remaining-subscription-writes").Single());

        using var get = await harness.Get("pipelines");
        Assert.Equal(get.Headers.GetValues("x-ms-request-id").Single(), get.Headers.GetValues("x-ms-correlation-request-id").Single());
        Assert.Equal("11999", get.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());
    }

    [Fact]
    public async Task CreateRun_reuses_the_client_request_id_and_rejects_bad_parameters()
    {
        using var harness = new ServerHarness();
        var clientRequestId = Guid.NewGuid().ToString();

        using var created = await harness.Post("pipelines/Hello/createRun", "{}", configure: r => r.Headers.Add("x-ms-client-request-id", clientRequestId));
        Assert.Equal(clientRequestId, (await ServerHarness.Json(created)).GetProperty("runId").GetString());

        using var badType = await harness.Post("pipelines/ParameterTypes/createRun", "{\"Name\":\"n\",\"Count\":\"abc\"}");
        Assert.Equal(400, (int)badType.StatusCode);
        var (code, message, _) = await ServerHarness.Error(badType);
        Assert.Equal("BadRequest", code);
        Assert.Contains("'Count'", message);

        using var unknown = await harness.Post("pipelines/Nope/createRun", "{}");
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal("PipelineNotFound", (await ServerHarness.Error(unknown)).Code);
    }

    [Fact]
    public async Task Recovery_query_parameters_are_honoured_over_http()
    {
        using var harness = new ServerHarness();
        harness.Server.SetActivityOutcome("CopySales", "TransformSales", "Failed", 1);
        var original = await harness.CreateRun("CopySales", "{\"Day\":\"d\"}");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var rerun = await harness.CreateRun("CopySales", "{}", $"referencePipelineRunId={original}&isRecovery=true&startFromFailure=true");
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        using var response = await harness.Get($"pipelineruns/{rerun}");
        var run = await ServerHarness.Json(response);
        Assert.Equal(original, run.GetProperty("runGroupId").GetString());
        Assert.Equal("Succeeded", run.GetProperty("status").GetString());
        using var activities = await harness.Post($"pipelineruns/{rerun}/queryActivityruns", Window);
        Assert.Equal(2, (await ServerHarness.Json(activities)).GetProperty("value").GetArrayLength());

        using var badActivity = await harness.Post("pipelines/CopySales/createRun", "{}", $"referencePipelineRunId={original}&isRecovery=true&startActivityName=Nope");
        Assert.Equal(400, (int)badActivity.StatusCode);
    }

    [Fact]
    public async Task Cancel_answers_200_with_an_empty_body_and_unknown_runs_with_the_recorded_400()
    {
        using var harness = new ServerHarness();
        var runId = await harness.CreateRun("Hello");

        using var cancel = await harness.Post($"pipelineruns/{runId}/cancel", null, "isRecursive=true");
        Assert.Equal(200, (int)cancel.StatusCode);
        Assert.Empty(await cancel.Content.ReadAsByteArrayAsync());
        using var canceling = await harness.Get($"pipelineruns/{runId}");
        Assert.Equal("Canceling", (await ServerHarness.Json(canceling)).GetProperty("status").GetString());

        using var unknown = await harness.Post("pipelineruns/someGuid/cancel", null);
        Assert.Equal(400, (int)unknown.StatusCode);
        var text = await unknown.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        Assert.Equal(
            "{\"error\":{\"code\":\"ReferencedPipelineRunNotFound\",\"message\":\"Referenced pipeline run id someGuid does not exist.\",\"target\":\"pipelinerun\",\"details\":null}}",
            JsonSerializer.Serialize(document.RootElement));

        using var missingRun = await harness.Get("pipelineruns/" + Guid.NewGuid());
        Assert.Equal(404, (int)missingRun.StatusCode);
    }

    [Fact]
    public async Task Query_pipeline_runs_pages_over_http_and_omits_the_token_on_the_last_page()
    {
        using var harness = new ServerHarness();
        for (var i = 0; i < 150; i++)
        {
            await harness.CreateRun("Hello");
        }

        using var first = await harness.Post("queryPipelineRuns", Window);
        var page1 = await ServerHarness.Json(first);
        Assert.Equal(100, page1.GetProperty("value").GetArrayLength());
        var token = page1.GetProperty("continuationToken").GetString();
        Assert.Equal("x-ms-ratelimit-remaining-subscription-reads", first.Headers.Select(h => h.Key).Single(k => k.StartsWith("x-ms-ratelimit", StringComparison.Ordinal)));

        var secondBody = Window.TrimEnd('}') + ",\"continuationToken\":\"" + token + "\"}";
        using var second = await harness.Post("queryPipelineRuns", secondBody);
        var page2 = await ServerHarness.Json(second);
        Assert.Equal(50, page2.GetProperty("value").GetArrayLength());
        Assert.False(page2.TryGetProperty("continuationToken", out _));

        using var missingWindow = await harness.Post("queryPipelineRuns", "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\"}");
        Assert.Equal(400, (int)missingWindow.StatusCode);
    }

    [Fact]
    public async Task Pipeline_paths_are_decoded_so_names_with_spaces_work()
    {
        using var folder = new TempFolder();
        folder.Write("pipeline/Nightly Load.json", PipelineJson.Build("Nightly Load", PipelineJson.Activity("Only")));
        using var harness = new ServerHarness(o => o.PipelinePaths.Add(folder.Path));

        var runId = await harness.CreateRun("Nightly%20Load");

        Assert.Equal(new[] { "Nightly Load" }, harness.Server.PipelineNames);
        Assert.Equal(runId, harness.Server.GetRequests().Single().CreatedRunId);
    }
}

public class ScopeAndEncodingTests
{
    [Fact]
    public async Task D10_the_404_for_another_subscription_group_or_factory_names_what_was_asked_for()
    {
        using var harness = new ServerHarness();
        var server = harness.Server;
        async Task<(string Code, string Message)> Ask(string factoryPath)
        {
            using var response = await harness.Client.GetAsync(factoryPath + "/pipelines?api-version=2018-06-01");
            Assert.Equal(404, (int)response.StatusCode);
            var (code, message, _) = await ServerHarness.Error(response);
            return (code, message);
        }

        var otherSubscription = await Ask(harness.FactoryPath.Replace(server.SubscriptionId, "00000000-1111-2222-3333-444444444444"));
        Assert.Equal("SubscriptionNotFound", otherSubscription.Code);
        Assert.Contains("00000000-1111-2222-3333-444444444444", otherSubscription.Message);

        var otherGroup = await Ask(harness.FactoryPath.Replace(server.ResourceGroupName, "other-rg"));
        Assert.Equal("ResourceGroupNotFound", otherGroup.Code);
        Assert.Contains("'other-rg'", otherGroup.Message);

        var otherFactory = await Ask(harness.FactoryPath.Replace(server.FactoryName, "other-factory"));
        Assert.Equal("ResourceNotFound", otherFactory.Code);
        Assert.Contains("factories/other-factory", otherFactory.Message);

        foreach (var message in new[] { otherSubscription.Message, otherGroup.Message, otherFactory.Message })
        {
            Assert.DoesNotContain(server.FactoryName, message);
        }
    }

    [Fact]
    public async Task D10_a_body_that_is_not_UTF8_gets_400_and_starts_no_run()
    {
        using var harness = new ServerHarness();
        var request = new HttpRequestMessage(HttpMethod.Post, harness.Url("pipelines/ParameterTypes/createRun"))
        {
            Content = new ByteArrayContent(new byte[] { 0x7B, 0x22, 0x4E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D }),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await harness.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var (code, message, _) = await ServerHarness.Error(response);
        Assert.Equal("BadRequest", code);
        Assert.Contains("UTF-8", message);
        Assert.Equal(0, harness.Server.RunCount);

        using var withBom = new HttpRequestMessage(HttpMethod.Post, harness.Url("pipelines/Hello/createRun"))
        {
            Content = new ByteArrayContent(new byte[] { 0xEF, 0xBB, 0xBF, 0x7B, 0x7D }),
        };
        using var accepted = await harness.Client.SendAsync(withBom);
        Assert.Equal(200, (int)accepted.StatusCode);
    }
}
