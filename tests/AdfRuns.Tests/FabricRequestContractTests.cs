using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 22: the Fabric requests RequestBuilder makes, against the recorded requests and the fabric-docs sample.</summary>
public sealed class FabricRequestContractTests
{
    private const string ParamJob2026 = "fabric-cli_test_run_param_job_2026-04-27.yaml";

    [Fact]
    public void The_submit_is_the_recorded_pipeline_job_request_with_the_same_JSON_typed_parameters()
    {
        var recorded = FabricCassette.Read(ParamJob2026).Single(e => e.Method == "POST" && e.Uri.EndsWith("/jobs/instances?jobType=Pipeline", StringComparison.Ordinal) && e.RequestBody is not null);
        var uri = new Uri(recorded.Uri);
        var segments = uri.AbsolutePath.Split('/');
        var target = new FabricTarget("fabriccli_WorkspacePerTestclass_000001", segments[3], "fabriccli_WorkspacePerTestclass_000001");
        using var recordedBody = JsonDocument.Parse(recorded.RequestBody!);
        var parameters = (JsonTreeObject)JsonTree.Parse(recordedBody.RootElement.GetProperty("executionData").GetProperty("parameters").GetRawText())!;

        var request = RequestBuilder.FabricSubmit(target, segments[5], parameters);

        Assert.Equal(("POST", uri.AbsolutePath, uri.Query), (request.Method, request.Path, "?" + string.Join("&", request.Query.Select(pair => $"{pair.Key}={pair.Value}"))));
        using var sent = JsonDocument.Parse(request.Body!);
        Assert.True(JsonElementComparer.DeepEquals(recordedBody.RootElement, sent.RootElement), request.Body);
        Assert.Equal(JsonValueKind.Number, sent.RootElement.GetProperty("executionData").GetProperty("parameters").GetProperty("int_param").ValueKind);
    }

    [Fact]
    public void A_submit_without_parameters_has_no_body_as_recorded()
    {
        var recorded = FabricCassette.Read("fabric-cli_test_run_pipeline_2025-09-07.yaml").Single(e => e.Method == "POST" && e.Uri.EndsWith("/jobs/instances?jobType=Pipeline", StringComparison.Ordinal));
        var segments = new Uri(recorded.Uri).AbsolutePath.Split('/');

        var request = RequestBuilder.FabricSubmit(new FabricTarget("w", segments[3], "w"), segments[5], new JsonTreeObject());

        Assert.Null(recorded.RequestBody);
        Assert.Null(request.Body);
        Assert.Equal(new Uri(recorded.Uri).AbsolutePath, request.Path);
    }

    [Fact]
    public void Job_read_and_cancel_are_the_recorded_paths()
    {
        var exchanges = FabricCassette.Read("fabric-cli_test_start_job_notebook_and_cancel_2025-09-07.yaml");
        var cancel = new Uri(exchanges.Single(e => e.Uri.EndsWith("/cancel", StringComparison.Ordinal)).Uri);
        var read = new Uri(exchanges.JobReads().First().Uri);
        var segments = cancel.AbsolutePath.Split('/');
        var target = new FabricTarget("w", segments[3], "w");

        Assert.Equal(("POST", cancel.AbsolutePath), (RequestBuilder.FabricCancel(target, segments[5], segments[8]).Method, RequestBuilder.FabricCancel(target, segments[5], segments[8]).Path));
        Assert.Equal(("GET", read.AbsolutePath), (RequestBuilder.FabricJob(target, segments[5], segments[8]).Method, RequestBuilder.FabricJob(target, segments[5], segments[8]).Path));
        Assert.Equal($"/v1/workspaces/{segments[3]}/items/{segments[5]}/jobs/instances", RequestBuilder.FabricJobs(target, segments[5], null).Path);
        Assert.Equal("continuationToken=abc", string.Join("&", RequestBuilder.FabricJobs(target, segments[5], "abc").Query.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    [Fact]
    public void The_workspace_and_item_lists_are_the_recorded_paths()
    {
        var exchanges = FabricCassette.Read(ParamJob2026);
        var workspaces = new Uri(exchanges.First(e => e.Method == "GET" && e.Uri.EndsWith("/v1/workspaces", StringComparison.Ordinal)).Uri);
        var items = new Uri(exchanges.First(e => e.Method == "GET" && e.Uri.EndsWith("/items", StringComparison.Ordinal)).Uri);
        var target = new FabricTarget("w", items.AbsolutePath.Split('/')[3], "w");

        Assert.Equal(workspaces.AbsolutePath, RequestBuilder.FabricWorkspaces(target, null).Path);
        var list = RequestBuilder.FabricPipelines(target, null);
        Assert.Equal(items.AbsolutePath, list.Path);
        // The spec's type filter: only DataPipeline items.
        Assert.Equal(new[] { new KeyValuePair<string, string>("type", "DataPipeline") }, list.Query);
    }

    [Fact]
    public void The_activity_run_query_has_the_docs_path_and_body_fields()
    {
        using var sample = JsonDocument.Parse(ContractFiles.ReadText("fabric", "docs", "queryactivityruns-request.json"));
        var target = new FabricTarget("w", "efeaa2e0-49e1-48cb-b22b-6b7edaaf8968", "w");
        var query = new RunQuery(
            DateTimeOffset.Parse("2024-05-22T14:02:04.1423888Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2024-05-24T13:21:27.738Z", System.Globalization.CultureInfo.InvariantCulture),
            Array.Empty<QueryFilter>(),
            "ActivityRunStart",
            descending: true);

        var request = RequestBuilder.FabricActivityRuns(target, "bbbb1b1b-cc2c-dd3d-ee4e-ffffff5f5f5f", query, null);

        Assert.Equal(("POST", "/v1/workspaces/efeaa2e0-49e1-48cb-b22b-6b7edaaf8968/datapipelines/pipelineruns/bbbb1b1b-cc2c-dd3d-ee4e-ffffff5f5f5f/queryactivityruns"), (request.Method, request.Path));
        Assert.Empty(request.Query);
        using var sent = JsonDocument.Parse(request.Body!);
        Assert.Equal(
            sample.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal),
            sent.RootElement.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(JsonElementComparer.DeepEquals(sample.RootElement.GetProperty("orderBy"), sent.RootElement.GetProperty("orderBy")), request.Body);
        Assert.Equal(
            DateTimeOffset.Parse(sample.RootElement.GetProperty("lastUpdatedAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(sent.RootElement.GetProperty("lastUpdatedAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("Sales")]
    [InlineData("../other")]
    [InlineData("")]
    public void A_path_id_that_is_not_a_GUID_is_refused_before_anything_is_sent(string id)
    {
        var target = new FabricTarget("w", "efeaa2e0-49e1-48cb-b22b-6b7edaaf8968", "w");

        Assert.Throws<InvalidInputException>(() => RequestBuilder.FabricJob(target, id, "0205617a-1781-4567-a182-f1ddad8d20b5"));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.FabricJob(target, "0205617a-1781-4567-a182-f1ddad8d20b5", id));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.FabricPipelines(new FabricTarget(id), null));
    }
}
