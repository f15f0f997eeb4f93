using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>
/// The Synapse data plane's published examples (tests/contract/synapse/examples, from azure-rest-api-specs
/// specification/synapse/data-plane/Microsoft.Synapse/stable/2020-12-01): each request the builder makes for a
/// workspace matches the example field by field (method, path, query, body), and the mapper reads each response.
/// </summary>
public sealed class SynapseContractTests
{
    private static readonly string SynapseFolder = System.IO.Path.Combine("synapse", "examples");
    private const string RunId = "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b";
    private static readonly RunTarget Workspace = new WorkspaceTarget("exampleWorkspace");

    private static JsonElement Parameters(string example) => ContractFiles.ExampleParameters(example, SynapseFolder);

    private static string Body(string example, string status = "200") => ContractFiles.ExampleBody(example, status, SynapseFolder);

    /// <summary>The example's endpoint is the workspace's host; its first label is the workspace name.</summary>
    private static RunTarget WorkspaceOf(JsonElement parameters)
    {
        var endpoint = parameters.GetProperty("endpoint").GetString()!;
        Assert.EndsWith(".dev.azuresynapse.net", endpoint, StringComparison.Ordinal);
        return new WorkspaceTarget(endpoint.Split('.')[0]);
    }

    private static void AssertQuery(ServiceRequest request, params (string Key, string Value)[] expected)
    {
        Assert.Equal(
            expected.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"),
            request.Query.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));
    }

    /// <summary>Every field of the example's filterParameters is in the body with the same value; any other field is one the spec defines, left empty.</summary>
    private static void AssertFilterBody(JsonElement expected, string? body)
    {
        using var sent = JsonDocument.Parse(body!);
        foreach (var field in expected.EnumerateObject())
        {
            Assert.True(sent.RootElement.TryGetProperty(field.Name, out var value), $"body lacks {field.Name}");
            Assert.True(JsonElementComparer.DeepEquals(field.Value, value), $"{field.Name}: expected {field.Value.GetRawText()}, sent {value.GetRawText()}");
        }

        foreach (var extra in sent.RootElement.EnumerateObject().Where(field => !expected.TryGetProperty(field.Name, out _)))
        {
            Assert.Contains(extra.Name, new[] { "filters", "orderBy", "continuationToken" });
            Assert.Equal(JsonValueKind.Array, extra.Value.ValueKind);
            Assert.Equal(0, extra.Value.GetArrayLength());
        }
    }

    private static RunQuery QueryFrom(JsonElement filterParameters)
    {
        var filters = new List<QueryFilter>();
        if (filterParameters.TryGetProperty("filters", out var given))
        {
            filters.AddRange(given.EnumerateArray().Select(filter => new QueryFilter(
                filter.GetProperty("operand").GetString()!,
                filter.GetProperty("operator").GetString()!,
                filter.GetProperty("values").EnumerateArray().Select(value => value.GetString()!).ToList())));
        }

        return new RunQuery(
            filterParameters.GetProperty("lastUpdatedAfter").GetDateTimeOffset(),
            filterParameters.GetProperty("lastUpdatedBefore").GetDateTimeOffset(),
            filters);
    }

    [Fact]
    public void CreateRun_matches_Pipelines_CreateRun()
    {
        var example = Parameters("Pipelines_CreateRun");
        var parameters = (JsonTreeObject)JsonTree.Read(example.GetProperty("parameters"))!;
        Assert.Equal(JsonValueKind.Null, example.GetProperty("referencePipelineRunId").ValueKind);

        var request = RequestBuilder.CreateRun(new RunRequest(WorkspaceOf(example), example.GetProperty("pipelineName").GetString()!, RunMode.New, parameters));

        Assert.Equal("POST", request.Method);
        Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(request.Target).WorkspaceName);
        Assert.Equal("/pipelines/examplePipeline/createRun", request.Path);
        AssertQuery(request, ("api-version", example.GetProperty("api-version").GetString()!));
        Assert.Equal("/pipelines/examplePipeline/createRun?api-version=2020-12-01", request.PathAndQuery);
        Assert.True(JsonElementComparer.DeepEquals(example.GetProperty("parameters"), request.Body!));
    }

    [Fact]
    public void CreateRun_answer_202_yields_the_run_id()
    {
        Assert.Equal(RunId, ResponseMapper.ReadRunId(Body("Pipelines_CreateRun", "202")));
    }

    [Fact]
    public void Reruns_use_the_published_createRun_flags_and_FromFailure_is_not_sent()
    {
        var recover = RequestBuilder.CreateRun(new RunRequest(Workspace, "examplePipeline", RunMode.Recover, referencePipelineRunId: RunId));
        AssertQuery(recover, ("api-version", "2020-12-01"), ("referencePipelineRunId", RunId), ("isRecovery", "true"));
        Assert.Equal("{}", recover.Body);

        var fromActivity = RequestBuilder.CreateRun(new RunRequest(Workspace, "examplePipeline", RunMode.RecoverFromActivity, referencePipelineRunId: RunId, startActivityName: "ExampleCopyActivity"));
        AssertQuery(fromActivity, ("api-version", "2020-12-01"), ("referencePipelineRunId", RunId), ("isRecovery", "true"), ("startActivityName", "ExampleCopyActivity"));

        var asNew = RequestBuilder.CreateRun(new RunRequest(Workspace, "examplePipeline", RunMode.NewFromReference, referencePipelineRunId: RunId));
        AssertQuery(asNew, ("api-version", "2020-12-01"), ("referencePipelineRunId", RunId));

        var refused = Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Workspace, "examplePipeline", RunMode.RecoverFromFailure, referencePipelineRunId: RunId)));
        Assert.Equal("FromFailureNotSupported", refused.ErrorId);
    }

    [Fact]
    public void GetRun_matches_PipelineRuns_Get_and_the_mapper_reads_it()
    {
        var example = Parameters("PipelineRuns_Get");
        var workspace = WorkspaceOf(example);

        var request = RequestBuilder.GetRun(workspace, example.GetProperty("runId").GetString()!);

        Assert.Equal("GET", request.Method);
        Assert.Equal($"/pipelineruns/{RunId}", request.Path);
        AssertQuery(request, ("api-version", "2020-12-01"));
        Assert.Null(request.Body);

        var run = ResponseMapper.ReadPipelineRun(Body("PipelineRuns_Get"), workspace);
        Assert.Equal(RunId, run.RunId);
        Assert.Equal("examplePipeline", run.PipelineName);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(28105L, run.DurationInMs);
        Assert.Equal("Manual", run.InvokedBy!.Name);
        Assert.Equal("[\"exampleoutput.csv\"]", Assert.Single(run.Parameters).Value);
        Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(run.Target).WorkspaceName);
    }

    [Fact]
    public void CancelRun_matches_PipelineRuns_Cancel_and_isRecursive_is_the_documented_flag()
    {
        var example = Parameters("PipelineRuns_Cancel");
        var runId = example.GetProperty("runId").GetString()!;

        var request = RequestBuilder.CancelRun(WorkspaceOf(example), runId, recursive: false);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/pipelineruns/{runId}/cancel", request.Path);
        AssertQuery(request, ("api-version", "2020-12-01"));
        Assert.Null(request.Body);

        var recursive = RequestBuilder.CancelRun(WorkspaceOf(example), runId, recursive: true);
        AssertQuery(recursive, ("api-version", "2020-12-01"), ("isRecursive", "true"));
    }

    [Fact]
    public void QueryRuns_matches_PipelineRuns_QueryByWorkspace_and_the_mapper_reads_the_page()
    {
        var example = Parameters("PipelineRuns_QueryByWorkspace");
        var workspace = WorkspaceOf(example);
        var filterParameters = example.GetProperty("filterParameters");

        var request = RequestBuilder.QueryRuns(workspace, QueryFrom(filterParameters), null);

        Assert.Equal("POST", request.Method);
        Assert.Equal("/queryPipelineRuns", request.Path);
        AssertQuery(request, ("api-version", "2020-12-01"));
        AssertFilterBody(filterParameters, request.Body);

        var page = ResponseMapper.ReadPipelineRunPage(Body("PipelineRuns_QueryByWorkspace"), workspace);
        Assert.Equal(new[] { RunId, "16ac5348-ff82-4f95-a80d-638c1d47b721" }, page.Items.Select(run => run.RunId));
        Assert.Equal(new[] { RunStatus.Succeeded, RunStatus.Cancelled }, page.Items.Select(run => run.Status));
        Assert.Equal("79c1cc52-265f-41a5-9553-be65e736fbd3", page.Items[0].RunDimension.Single(pair => pair.Key == "JobId").Value);
        Assert.Null(page.Items[1].RunEnd);
        Assert.Null(page.ContinuationToken);
        Assert.All(page.Items, run => Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(run.Target).WorkspaceName));
    }

    [Fact]
    public void QueryActivityRuns_puts_the_pipeline_in_the_path_like_ActivityRuns_QueryByPipelineRun()
    {
        var example = Parameters("ActivityRuns_QueryByPipelineRun");
        var workspace = WorkspaceOf(example);
        var filterParameters = example.GetProperty("filterParameters");

        var request = RequestBuilder.QueryActivityRuns(workspace, example.GetProperty("runId").GetString()!, QueryFrom(filterParameters), null, example.GetProperty("pipelineName").GetString());

        Assert.Equal("POST", request.Method);
        Assert.Equal($"/pipelines/examplePipeline/pipelineruns/{RunId}/queryActivityruns", request.Path);
        AssertQuery(request, ("api-version", "2020-12-01"));
        AssertFilterBody(filterParameters, request.Body);

        // Without the pipeline a workspace's activity runs cannot be asked for: refused before sending.
        Assert.Throws<InvalidInputException>(() => RequestBuilder.QueryActivityRuns(workspace, RunId, QueryFrom(filterParameters), null));

        var page = ResponseMapper.ReadActivityRunPage(Body("ActivityRuns_QueryByPipelineRun"), workspace);
        Assert.Equal(new[] { "ExampleForeachActivity", "ExampleCopyActivity" }, page.Items.Select(activity => activity.ActivityName));
        Assert.Equal(new[] { "ForEach", "Copy" }, page.Items.Select(activity => activity.ActivityType));
        Assert.All(page.Items, activity => Assert.Equal(RunId, activity.PipelineRunId));
        Assert.All(page.Items, activity => Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(activity.Target).WorkspaceName));
    }

    [Fact]
    public void GetPipeline_and_ListPipelines_match_the_examples_and_the_mapper_reads_them()
    {
        var get = Parameters("Pipelines_Get");
        var workspace = WorkspaceOf(get);

        var request = RequestBuilder.GetPipeline(workspace, get.GetProperty("pipelineName").GetString()!);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/pipelines/examplePipeline", request.Path);
        AssertQuery(request, ("api-version", "2020-12-01"));

        var pipeline = ResponseMapper.ReadPipeline(Body("Pipelines_Get"), workspace);
        Assert.Equal("examplePipeline", pipeline.Name);
        Assert.Equal(new[] { "ExampleForeachActivity" }, pipeline.Activities);
        Assert.Equal("Array", Assert.Single(pipeline.Parameters).Type);
        Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(pipeline.Target).WorkspaceName);

        var list = RequestBuilder.ListPipelines(WorkspaceOf(Parameters("Pipelines_ListByWorkspace")));
        Assert.Equal("GET", list.Method);
        Assert.Equal("/pipelines", list.Path);
        AssertQuery(list, ("api-version", "2020-12-01"));
        var listed = ResponseMapper.ReadPipelineList(Body("Pipelines_ListByWorkspace"), workspace);
        Assert.Equal("examplePipeline", Assert.Single(listed.Items).Name);
    }

    [Fact]
    public void A_workspace_nextLink_stays_under_its_pipelines_on_the_connected_endpoint()
    {
        var next = RequestBuilder.NextPage(AdfOperation.ListPipelines, "https://elsewhere.example/pipelines?api-version=2020-12-01&continuationToken=abc", new WorkspaceTarget("exampleWorkspace"), new Uri("https://exampleworkspace.dev.azuresynapse.net/"));
        Assert.Equal("/pipelines", next.Path);
        Assert.Equal("exampleWorkspace", Assert.IsType<WorkspaceTarget>(next.Target).WorkspaceName);
        AssertQuery(next, ("api-version", "2020-12-01"), ("continuationToken", "abc"));

        Assert.Throws<FormatException>(() => RequestBuilder.NextPage(AdfOperation.ListPipelines, "https://elsewhere.example/linkedservices", new WorkspaceTarget("exampleWorkspace"), new Uri("https://exampleworkspace.dev.azuresynapse.net/")));
    }

    [Fact]
    public void Factory_requests_are_unchanged_and_go_to_ARM()
    {
        var factory = new FactoryTarget("12345678-1234-1234-1234-12345678abc", "exampleResourceGroup", "exampleFactoryName");
        var request = RequestBuilder.GetRun(factory, RunId);
        Assert.IsType<FactoryTarget>(request.Target);
        Assert.Equal($"/subscriptions/12345678-1234-1234-1234-12345678abc/resourceGroups/exampleResourceGroup/providers/Microsoft.DataFactory/factories/exampleFactoryName/pipelineruns/{RunId}?api-version=2018-06-01", request.PathAndQuery);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("contoso-synapse-01")]
    [InlineData("exampleWorkspace")]
    public void Valid_workspace_names_are_accepted(string name) => Assert.Null(NameRules.CheckWorkspaceName(name));

    [Theory]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("has.dot")]
    [InlineData("has/slash")]
    [InlineData("evil.com/x")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk")]
    public void Broken_workspace_names_never_reach_a_host_name(string name)
    {
        Assert.NotNull(NameRules.CheckWorkspaceName(name));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.GetRun(new WorkspaceTarget(name), RunId));
    }
}
