using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class QueryTests
{
    private static string Body(SimulationHarness harness, params JsonObject[] filters) => Body(harness, filters, null);

    private static string Body(SimulationHarness harness, JsonObject[] filters, JsonArray? orderBy, string? token = null)
    {
        var body = new JsonObject
        {
            ["lastUpdatedAfter"] = harness.Start.AddDays(-1).ToString("o"),
            ["lastUpdatedBefore"] = harness.Clock.UtcNow.AddDays(1).ToString("o"),
            ["filters"] = new JsonArray(filters.Cast<JsonNode>().ToArray()),
        };
        if (orderBy is not null)
        {
            body["orderBy"] = orderBy;
        }

        if (token is not null)
        {
            body["continuationToken"] = token;
        }

        return body.ToJsonString();
    }

    private static JsonObject Filter(string operand, string op, params string[] values) => new()
    {
        ["operand"] = operand,
        ["operator"] = op,
        ["values"] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
    };

    private static RunPage<PipelineRunView> Query(SimulationHarness harness, string body) =>
        harness.Simulator.QueryPipelineRuns(RunFilter.Parse(body, RunQueryKind.PipelineRuns));

    private static List<string> Names(SimulationHarness harness, params JsonObject[] filters) =>
        Query(harness, Body(harness, filters)).Value.Select(r => r.PipelineName).ToList();

    private static SimulationHarness ThreePipelines()
    {
        var harness = new SimulationHarness();
        harness.Create("Hello");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        harness.Create("NightlyChild");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        harness.Create("ErrorHandling");
        return harness;
    }

    [Fact]
    public void Each_operator_filters_pipeline_names()
    {
        var harness = ThreePipelines();

        Assert.Equal(new[] { "Hello" }, Names(harness, Filter("PipelineName", "Equals", "hello")));
        Assert.Equal(new[] { "NightlyChild", "ErrorHandling" }, Names(harness, Filter("PipelineName", "NotEquals", "Hello")));
        Assert.Equal(new[] { "Hello", "ErrorHandling" }, Names(harness, Filter("PipelineName", "In", "Hello", "ErrorHandling")));
        Assert.Equal(new[] { "NightlyChild" }, Names(harness, Filter("PipelineName", "NotIn", "Hello", "ErrorHandling")));
    }

    [Fact]
    public void Status_filter_treats_Canceled_and_Cancelled_alike()
    {
        var harness = ThreePipelines();
        var cancelled = harness.Create("Hello");
        harness.Simulator.Cancel(cancelled, false);
        harness.Advance(TimeSpan.FromSeconds(1));

        var byAlias = Query(harness, Body(harness, Filter("Status", "Equals", "Canceled"))).Value;
        Assert.Equal(cancelled, Assert.Single(byAlias).RunId);
        Assert.Equal(3, Query(harness, Body(harness, Filter("Status", "NotIn", "Cancelled"))).Value.Count);
    }

    [Fact]
    public void RunGroupId_takes_exactly_one_value_and_LatestOnly_keeps_the_newest_of_a_group()
    {
        var harness = new SimulationHarness();
        var original = harness.Create("Hello");
        harness.RunToEnd(original);
        var rerun = harness.Rerun("Hello", original);
        harness.Create("Hello");

        var group = Query(harness, Body(harness, Filter("RunGroupId", "Equals", original))).Value;
        Assert.Equal(new[] { original, rerun }, group.Select(r => r.RunId));

        var tooMany = SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Filter("RunGroupId", "In", original, rerun)), RunQueryKind.PipelineRuns));
        Assert.Equal(400, tooMany.StatusCode);
        Assert.Equal("Filter operand 'RunGroupId' does not support and array of values. Make sure to provide only one.", tooMany.Message);

        var latest = Query(harness, Body(harness, Filter("RunGroupId", "Equals", original), Filter("LatestOnly", "Equals", "true"))).Value;
        Assert.Equal(rerun, Assert.Single(latest).RunId);
        Assert.Equal(2, Query(harness, Body(harness, Filter("LatestOnly", "Equals", "true"))).Value.Count);
    }

    [Fact]
    public void Operands_the_query_does_not_document_are_a_400()
    {
        var harness = new SimulationHarness();
        var pipelineRuns = SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Filter("RunId", "Equals", "x")), RunQueryKind.PipelineRuns));
        Assert.Equal("BadRequest", pipelineRuns.Code);
        Assert.Contains("RunId", pipelineRuns.Message);

        SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Filter("ActivityName", "Equals", "x")), RunQueryKind.PipelineRuns));
        SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Filter("PipelineName", "Equals", "x")), RunQueryKind.ActivityRuns));
        SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Filter("PipelineName", "GreaterThan", "x")), RunQueryKind.PipelineRuns));
    }

    [Fact]
    public void The_lastUpdated_window_is_required_and_inclusive()
    {
        var harness = new SimulationHarness();
        var missing = SimulationHarness.Rejects(() => RunFilter.Parse("{\"lastUpdatedAfter\":\"2024-01-01T00:00:00Z\"}", RunQueryKind.PipelineRuns));
        Assert.Equal(400, missing.StatusCode);
        Assert.Contains("lastUpdatedBefore", missing.Message);
        SimulationHarness.Rejects(() => RunFilter.Parse(null, RunQueryKind.PipelineRuns));

        var runId = harness.Create("Hello");
        var at = JsonText.FormatTime(harness.Run(runId).LastUpdated);
        var exact = $"{{\"lastUpdatedAfter\":\"{at}\",\"lastUpdatedBefore\":\"{at}\"}}";
        Assert.Single(Query(harness, exact).Value);

        harness.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Empty(Query(harness, exact).Value);
    }

    [Fact]
    public void Paging_returns_100_per_page_with_a_token_until_the_last_page()
    {
        var harness = new SimulationHarness();
        var created = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            created.Add(harness.Create("Hello"));
            harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var seen = new List<string>();
        var sizes = new List<int>();
        string? token = null;
        do
        {
            var page = Query(harness, Body(harness, Array.Empty<JsonObject>(), null, token));
            sizes.Add(page.Value.Count);
            seen.AddRange(page.Value.Select(r => r.RunId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(new[] { 100, 100, 50 }, sizes);
        Assert.Equal(created, seen);
        SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Array.Empty<JsonObject>(), null, "not-a-token"), RunQueryKind.PipelineRuns));
    }

    [Fact]
    public void OrderBy_sorts_by_the_requested_fields()
    {
        var harness = ThreePipelines();
        var desc = new JsonArray(new JsonObject { ["orderBy"] = "RunStart", ["order"] = "DESC" });
        Assert.Equal(new[] { "ErrorHandling", "NightlyChild", "Hello" }, Query(harness, Body(harness, Array.Empty<JsonObject>(), desc)).Value.Select(r => r.PipelineName));

        var byName = new JsonArray(new JsonObject { ["orderBy"] = "PipelineName", ["order"] = "ASC" });
        Assert.Equal(new[] { "ErrorHandling", "Hello", "NightlyChild" }, Query(harness, Body(harness, Array.Empty<JsonObject>(), byName)).Value.Select(r => r.PipelineName));

        var wrongField = new JsonArray(new JsonObject { ["orderBy"] = "ActivityName", ["order"] = "ASC" });
        SimulationHarness.Rejects(() => RunFilter.Parse(Body(harness, Array.Empty<JsonObject>(), wrongField), RunQueryKind.PipelineRuns));
    }

    [Fact]
    public void Activity_run_queries_filter_by_name_type_and_status()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("ErrorHandling", "Main", "Failed", 0);
        var runId = harness.Create("ErrorHandling");
        harness.RunToEnd(runId);
        List<string> Activities(params JsonObject[] filters) =>
            harness.Simulator.QueryActivityRuns(runId, RunFilter.Parse(Body(harness, filters), RunQueryKind.ActivityRuns)).Value.Select(a => a.ActivityName).ToList();

        Assert.Equal(new[] { "Main", "OnFailure", "Always" }, Activities());
        Assert.Equal(new[] { "OnFailure", "Always" }, Activities(Filter("ActivityName", "In", "OnFailure", "Always")));
        Assert.Equal(new[] { "OnFailure" }, Activities(Filter("ActivityType", "Equals", "WebActivity")));
        Assert.Equal(new[] { "Main" }, Activities(Filter("Status", "Equals", "Failed")));
        Assert.Equal(new[] { "OnFailure", "Always" }, Activities(Filter("Status", "NotEquals", "Failed")));
        Assert.Empty(harness.Simulator.QueryActivityRuns(Guid.NewGuid().ToString(), RunFilter.Parse(Body(harness), RunQueryKind.ActivityRuns)).Value);
    }

    [Fact]
    public void RunStart_filter_matches_the_exact_instant()
    {
        var harness = ThreePipelines();
        var hello = Query(harness, Body(harness, Filter("PipelineName", "Equals", "Hello"))).Value.Single();

        var byStart = Query(harness, Body(harness, Filter("RunStart", "Equals", JsonText.FormatTime(hello.RunStart)))).Value;

        Assert.Equal(hello.RunId, Assert.Single(byStart).RunId);
        Assert.Empty(Query(harness, Body(harness, Filter("RunEnd", "Equals", JsonText.FormatTime(hello.RunStart)))).Value);
    }
}
