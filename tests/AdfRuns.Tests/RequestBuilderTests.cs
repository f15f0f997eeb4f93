using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RequestBuilderTests
{
    internal static readonly FactoryTarget Factory = new("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "adfruns-rg", "adfruns-emulator");
    private const string RunId = "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b";
    private const string FactoryPrefix = "/subscriptions/6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60/resourceGroups/adfruns-rg/providers/Microsoft.DataFactory/factories/adfruns-emulator";

    private static Dictionary<string, string> QueryOf(ServiceRequest request)
    {
        var keys = request.Query.Select(p => p.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return request.Query.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    [Fact]
    public void New_run_with_parameters_of_every_json_type_sends_real_typed_json()
    {
        var nested = new JsonTreeObject();
        nested.Set("Region", "emea");
        nested.Set("Limits", new List<object?> { 1L, 2.5, new Dictionary<string, object?> { ["deep"] = true } });
        var parameters = new JsonTreeObject();
        parameters.Set("Text", "a \"quoted\" \u00e9 text");
        parameters.Set("Whole", 500);
        parameters.Set("Big", 9007199254740993L);
        parameters.Set("Real", 0.25);
        parameters.Set("Exact", 12.50m);
        parameters.Set("Flag", false);
        parameters.Set("Nothing", null);
        parameters.Set("List", new List<object?> { "a", 1L, null, new List<object?> { "x" } });
        parameters.Set("Options", nested);

        var request = RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", RunMode.New, parameters));

        Assert.Equal(AdfOperation.CreateRun, request.Operation);
        Assert.Equal("POST", request.Method);
        Assert.True(request.IsWrite);
        Assert.Equal(FactoryPrefix + "/pipelines/CopySales/createRun", request.Path);
        Assert.Equal(new[] { new KeyValuePair<string, string>("api-version", "2018-06-01") }, request.Query);
        Assert.Equal(FactoryPrefix + "/pipelines/CopySales/createRun?api-version=2018-06-01", request.PathAndQuery);

        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(new[] { "Text", "Whole", "Big", "Real", "Exact", "Flag", "Nothing", "List", "Options" }, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("a \"quoted\" \u00e9 text", root.GetProperty("Text").GetString());
        Assert.Equal(500, root.GetProperty("Whole").GetInt32());
        Assert.Equal(9007199254740993L, root.GetProperty("Big").GetInt64());
        Assert.Equal(0.25, root.GetProperty("Real").GetDouble());
        Assert.Equal(12.50m, root.GetProperty("Exact").GetDecimal());
        Assert.Equal(JsonValueKind.False, root.GetProperty("Flag").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("Nothing").ValueKind);
        var list = root.GetProperty("List");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
        Assert.Equal(new[] { JsonValueKind.String, JsonValueKind.Number, JsonValueKind.Null, JsonValueKind.Array }, list.EnumerateArray().Select(e => e.ValueKind));
        var options = root.GetProperty("Options");
        Assert.Equal(JsonValueKind.Object, options.ValueKind);
        Assert.Equal("emea", options.GetProperty("Region").GetString());
        Assert.True(options.GetProperty("Limits")[2].GetProperty("deep").GetBoolean());
        Assert.Equal(2.5, options.GetProperty("Limits")[1].GetDouble());
    }

    [Fact]
    public void New_run_body_is_a_bare_object_like_the_spec_example()
    {
        // Pipelines_CreateRun.json: the body IS the parameters object (not wrapped), arrays keep their JSON type.
        var example = ContractFiles.ExampleParameters("Pipelines_CreateRun");
        var parameters = (JsonTreeObject)JsonTree.Read(example.GetProperty("parameters"))!;

        var request = RequestBuilder.CreateRun(new RunRequest(
            new FactoryTarget(example.GetProperty("subscriptionId").GetString()!, example.GetProperty("resourceGroupName").GetString()!, example.GetProperty("factoryName").GetString()!),
            example.GetProperty("pipelineName").GetString()!,
            RunMode.New,
            parameters));

        Assert.True(JsonElementComparer.DeepEquals(example.GetProperty("parameters"), request.Body!));
        Assert.Equal("/subscriptions/12345678-1234-1234-1234-12345678abc/resourceGroups/myResourceGroup/providers/Microsoft.DataFactory/factories/myFactoryName/pipelines/myPipeline/createRun", request.Path);
        Assert.Equal(example.GetProperty("api-version").GetString(), QueryOf(request)["api-version"]);
    }

    [Fact]
    public void New_run_without_parameters_sends_an_empty_object()
    {
        var request = RequestBuilder.CreateRun(new RunRequest(Factory, "Hello", RunMode.New));

        Assert.Equal("{}", request.Body);
    }

    [Theory]
    [InlineData(RunMode.NewFromReference, new[] { "api-version", "referencePipelineRunId" }, new string[0])]
    [InlineData(RunMode.Recover, new[] { "api-version", "referencePipelineRunId", "isRecovery" }, new[] { "isRecovery" })]
    [InlineData(RunMode.RecoverFromFailure, new[] { "api-version", "referencePipelineRunId", "isRecovery", "startFromFailure" }, new[] { "isRecovery", "startFromFailure" })]
    public void Reference_modes_send_their_flags_and_an_empty_body(RunMode mode, string[] expectedKeys, string[] trueFlags)
    {
        var parameters = new JsonTreeObject();
        parameters.Set("Day", "ignored with a reference run");

        var request = RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", mode, parameters, RunId, startActivityName: "NotUsedHere"));

        Assert.Equal(FactoryPrefix + "/pipelines/CopySales/createRun", request.Path);
        var query = QueryOf(request);
        Assert.Equal(expectedKeys.OrderBy(k => k), query.Keys.OrderBy(k => k));
        Assert.Equal("2018-06-01", query["api-version"]);
        Assert.Equal(RunId, query["referencePipelineRunId"]);
        Assert.All(trueFlags, flag => Assert.Equal("true", query[flag]));
        Assert.DoesNotContain("startActivityName", query.Keys);
        Assert.Equal("{}", request.Body);
    }

    [Fact]
    public void Recover_from_activity_sends_start_activity_name_escaped_in_the_query()
    {
        var request = RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", RunMode.RecoverFromActivity, null, RunId, "Transform Sales (v2)"));

        var query = QueryOf(request);
        Assert.Equal(new[] { "api-version", "isRecovery", "referencePipelineRunId", "startActivityName" }, query.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("true", query["isRecovery"]);
        Assert.Equal("Transform Sales (v2)", query["startActivityName"]);
        Assert.DoesNotContain("startFromFailure", query.Keys);
        Assert.Contains("startActivityName=Transform%20Sales%20%28v2%29", request.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("{}", request.Body);
    }

    [Theory]
    [InlineData(RunMode.NewFromReference)]
    [InlineData(RunMode.Recover)]
    [InlineData(RunMode.RecoverFromFailure)]
    [InlineData(RunMode.RecoverFromActivity)]
    public void Reference_modes_require_a_guid_run_id(RunMode mode)
    {
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", mode, null, null, "ExtractSales")));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", mode, null, "someGuid", "ExtractSales")));
    }

    [Fact]
    public void Recover_from_activity_requires_a_valid_activity_name()
    {
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", RunMode.RecoverFromActivity, null, RunId, null)));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, "CopySales", RunMode.RecoverFromActivity, null, RunId, "a/b")));
    }

    [Fact]
    public void Create_run_urls_and_bodies_match_every_recorded_create_run()
    {
        var recorded = ContractFiles.RecordedCreateRuns();
        Assert.Equal(4, recorded.Count);

        foreach (var entry in recorded)
        {
            var factory = ContractFiles.RecordedFactory(entry);
            var pipeline = entry.PathOnly.Split('/')[^2];
            var query = entry.Query;
            RunRequest intent;
            if (!query.TryGetValue("referencePipelineRunId", out var reference))
            {
                var parameters = (JsonTreeObject)JsonTree.Parse(entry.RequestBody!)!;
                intent = new RunRequest(factory, pipeline, RunMode.New, parameters);
            }
            else if (query.TryGetValue("startActivityName", out var activity))
            {
                intent = new RunRequest(factory, pipeline, RunMode.RecoverFromActivity, null, reference, activity);
            }
            else if (query.ContainsKey("startFromFailure"))
            {
                intent = new RunRequest(factory, pipeline, RunMode.RecoverFromFailure, null, reference);
            }
            else
            {
                intent = new RunRequest(factory, pipeline, RunMode.Recover, null, reference);
            }

            var built = RequestBuilder.CreateRun(intent);

            Assert.Equal(entry.Method, built.Method);
            Assert.Equal(entry.PathOnly, built.Path);
            Assert.Equal(query.OrderBy(p => p.Key), QueryOf(built).OrderBy(p => p.Key));
            // Same parameter order as the official client, so the whole URL is identical.
            Assert.Equal(entry.RequestUri, built.PathAndQuery);
            Assert.True(JsonElementComparer.DeepEquals(JsonDocument.Parse(entry.RequestBody!).RootElement, built.Body!), $"body of {entry}");
        }
    }

    [Fact]
    public void Get_run_uses_lower_case_pipelineruns_and_no_body()
    {
        var request = RequestBuilder.GetRun(Factory, RunId);

        Assert.Equal(AdfOperation.GetRun, request.Operation);
        Assert.Equal("GET", request.Method);
        Assert.False(request.IsWrite);
        Assert.Equal(FactoryPrefix + "/pipelineruns/" + RunId + "?api-version=2018-06-01", request.PathAndQuery);
        Assert.Null(request.Body);
    }

    [Fact]
    public void Get_run_path_matches_the_recorded_get()
    {
        var entry = ContractFiles.RecordedPipelineRunGets().First();
        var runId = entry.PathOnly.Split('/')[^1];

        Assert.Equal(entry.RequestUri, RequestBuilder.GetRun(ContractFiles.RecordedFactory(entry), runId).PathAndQuery);
    }

    [Theory]
    [InlineData(false, FactoryPrefix + "/pipelineruns/" + RunId + "/cancel?api-version=2018-06-01")]
    [InlineData(true, FactoryPrefix + "/pipelineruns/" + RunId + "/cancel?isRecursive=true&api-version=2018-06-01")]
    public void Cancel_run_path_and_recursive_flag(bool recursive, string expected)
    {
        var request = RequestBuilder.CancelRun(Factory, RunId, recursive);

        Assert.Equal(AdfOperation.CancelRun, request.Operation);
        Assert.Equal("POST", request.Method);
        Assert.True(request.IsWrite);
        Assert.Equal(expected, request.PathAndQuery);
        Assert.Null(request.Body);
    }

    [Fact]
    public void Cancel_path_matches_the_recorded_cancel()
    {
        var entry = ContractFiles.RecordingEntries().Single(e => e.Method == "POST" && e.PathOnly.EndsWith("/cancel", StringComparison.Ordinal));
        var runId = entry.PathOnly.Split('/')[^2];

        Assert.Equal(entry.RequestUri, RequestBuilder.CancelRun(ContractFiles.RecordedFactory(entry), runId, recursive: false).PathAndQuery);
    }

    [Fact]
    public void Query_runs_body_carries_window_filters_order_and_token()
    {
        var after = new DateTimeOffset(2018, 6, 16, 2, 36, 44, TimeSpan.FromHours(2)).AddTicks(3345758);
        var before = new DateTimeOffset(2018, 6, 16, 0, 49, 48, TimeSpan.Zero);
        var query = new RunQuery(after, before, new[] { new QueryFilter("PipelineName", "In", new[] { "Hello", "CopySales" }), new QueryFilter("Status", "NotEquals", new[] { "Succeeded" }) }, "RunStart", descending: true);

        var request = RequestBuilder.QueryRuns(Factory, query, "+RID:~token==");

        Assert.Equal(AdfOperation.QueryRuns, request.Operation);
        Assert.Equal("POST", request.Method);
        Assert.False(request.IsWrite);
        Assert.Equal(FactoryPrefix + "/queryPipelineRuns?api-version=2018-06-01", request.PathAndQuery);
        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        Assert.Equal("+RID:~token==", root.GetProperty("continuationToken").GetString());
        // Converted to UTC, seven fractional digits, Z suffix.
        Assert.Equal("2018-06-16T00:36:44.3345758Z", root.GetProperty("lastUpdatedAfter").GetString());
        Assert.Equal("2018-06-16T00:49:48.0000000Z", root.GetProperty("lastUpdatedBefore").GetString());
        var filters = root.GetProperty("filters").EnumerateArray().ToList();
        Assert.Equal(2, filters.Count);
        Assert.Equal("PipelineName", filters[0].GetProperty("operand").GetString());
        Assert.Equal("In", filters[0].GetProperty("operator").GetString());
        Assert.Equal(new[] { "Hello", "CopySales" }, filters[0].GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("NotEquals", filters[1].GetProperty("operator").GetString());
        var order = Assert.Single(root.GetProperty("orderBy").EnumerateArray());
        Assert.Equal("RunStart", order.GetProperty("orderBy").GetString());
        Assert.Equal("DESC", order.GetProperty("order").GetString());
    }

    [Fact]
    public void Query_body_without_token_or_order_has_the_recorded_shape()
    {
        // Recorded queryActivityruns body: {"lastUpdatedAfter":..., "lastUpdatedBefore":..., "filters":[], "orderBy":[]}
        var entry = ContractFiles.RecordingEntries().First(e => e.PathOnly.EndsWith("/queryActivityruns", StringComparison.Ordinal));
        using var recorded = JsonDocument.Parse(entry.RequestBody!);
        var runId = entry.PathOnly.Split('/')[^2];
        var query = new RunQuery(
            DateTimeOffset.Parse(recorded.RootElement.GetProperty("lastUpdatedAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(recorded.RootElement.GetProperty("lastUpdatedBefore").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

        var request = RequestBuilder.QueryActivityRuns(ContractFiles.RecordedFactory(entry), runId, query, null);

        Assert.Equal(AdfOperation.QueryActivityRuns, request.Operation);
        Assert.Equal(entry.RequestUri, request.PathAndQuery);
        Assert.EndsWith("/pipelineruns/" + runId + "/queryActivityruns", request.Path, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal(recorded.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n), body.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n));
        Assert.False(body.RootElement.TryGetProperty("continuationToken", out _));
        Assert.Empty(body.RootElement.GetProperty("orderBy").EnumerateArray());
        Assert.Empty(body.RootElement.GetProperty("filters").EnumerateArray());
        Assert.Equal("2017-03-29T00:00:00.0000000Z", body.RootElement.GetProperty("lastUpdatedAfter").GetString());
        Assert.Equal(
            DateTimeOffset.Parse(recorded.RootElement.GetProperty("lastUpdatedBefore").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(body.RootElement.GetProperty("lastUpdatedBefore").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Pipeline_and_factory_reads_use_their_paths()
    {
        Assert.Equal(FactoryPrefix + "/pipelines/Hello?api-version=2018-06-01", RequestBuilder.GetPipeline(Factory, "Hello").PathAndQuery);
        Assert.Equal(FactoryPrefix + "/pipelines?api-version=2018-06-01", RequestBuilder.ListPipelines(Factory).PathAndQuery);
        Assert.Equal(FactoryPrefix + "?api-version=2018-06-01", RequestBuilder.GetFactory(Factory).PathAndQuery);
        Assert.Equal(AdfOperation.GetPipeline, RequestBuilder.GetPipeline(Factory, "Hello").Operation);
        Assert.Equal(AdfOperation.ListPipelines, RequestBuilder.ListPipelines(Factory).Operation);
        Assert.Equal(AdfOperation.GetFactory, RequestBuilder.GetFactory(Factory).Operation);
    }

    [Fact]
    public void Allowed_special_characters_in_names_are_escaped_in_the_path()
    {
        var factory = new FactoryTarget("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg(test)_1.a", "my-factory-01");

        var request = RequestBuilder.CreateRun(new RunRequest(factory, "Load Sales (daily) [v2] ümlaut", RunMode.New));

        Assert.Equal(
            "/subscriptions/6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60/resourceGroups/rg%28test%29_1.a/providers/Microsoft.DataFactory/factories/my-factory-01/pipelines/Load%20Sales%20%28daily%29%20%5Bv2%5D%20%C3%BCmlaut/createRun",
            request.Path);
        Assert.Equal(11, request.Path.Split('/').Length - 1);
    }
}
