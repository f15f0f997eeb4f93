using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Fabric;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 22: waiting on Fabric runs lists each pipeline's job instances once per poll, and GETs only what the list cannot answer.</summary>
public sealed class FabricPollerTests
{
    private const string ItemA = "c7995b9d-2c5e-45c9-a948-d22df6f17086";
    private const string ItemB = "9da35c17-eb13-4ff0-b9c6-757d8a3e7c36";
    private readonly List<string> requests = new();

    [Fact]
    public async Task Two_hundred_runs_of_one_pipeline_cost_one_list_request_per_poll()
    {
        var waited = Enumerable.Range(0, 200).Select(_ => Job(ItemA, "InProgress")).ToList();
        var listed = waited.Select(run => Job(ItemA, "Completed", run.RunId)).ToList();
        var poller = new FabricPoller(
            (run, token, _) => { requests.Add("list " + run.PipelineId); return Task.FromResult(new FabricAnswer(listed, null)); },
            (run, _) => { requests.Add("get " + run.RunId); return Task.FromResult(new FabricAnswer(new[] { run }, null)); });
        var updated = new List<PipelineRunData>();

        await poller.PollAsync(waited, updated.Add, CancellationToken.None);

        Assert.Equal(new[] { "list " + ItemA }, requests);
        Assert.Equal(200, updated.Count);
        Assert.All(updated, run => Assert.True(run.IsTerminal));
    }

    [Fact]
    public async Task A_run_the_list_does_not_hold_is_read_by_a_GET_and_a_lone_run_is_never_listed()
    {
        var first = Job(ItemA, "InProgress");
        var gone = Job(ItemA, "InProgress");
        var lone = Job(ItemB, "NotStarted");
        var poller = new FabricPoller(
            (run, token, _) =>
            {
                requests.Add("list " + run.PipelineId + " " + token);
                return Task.FromResult(token is null
                    ? new FabricAnswer(new[] { Job(ItemA, "InProgress", first.RunId) }, TimeSpan.FromSeconds(3), "page2")
                    : new FabricAnswer(Array.Empty<PipelineRunData>(), null));
            },
            (run, _) =>
            {
                requests.Add("get " + run.RunId);
                return Task.FromResult(new FabricAnswer(new[] { Job(run.PipelineId!, "Completed", run.RunId) }, TimeSpan.FromSeconds(45)));
            });
        var updated = new List<PipelineRunData>();

        var retryAfter = await poller.PollAsync(new[] { first, gone, lone }, updated.Add, CancellationToken.None);

        Assert.Equal(new[] { $"list {ItemA} ", $"list {ItemA} page2", "get " + gone.RunId, "get " + lone.RunId }, requests);
        Assert.Equal(TimeSpan.FromSeconds(45), retryAfter);
        Assert.Equal(RunStatus.InProgress, updated.Single(run => run.RunId == first.RunId).Status);
        Assert.Equal(RunStatus.Succeeded, updated.Single(run => run.RunId == gone.RunId).Status);
    }

    [Fact]
    public async Task Paging_stops_once_every_waited_run_is_found()
    {
        var a = Job(ItemA, "InProgress");
        var b = Job(ItemA, "InProgress");
        var poller = new FabricPoller(
            (run, token, _) => { requests.Add("list " + token); return Task.FromResult(new FabricAnswer(new[] { a, b }, null, "more")); },
            (run, _) => throw new InvalidOperationException("no GET expected"));

        await poller.PollAsync(new[] { a, b }, _ => { }, CancellationToken.None);

        Assert.Equal(new[] { "list " }, requests);
    }

    private static PipelineRunData Job(string itemId, string status, string? id = null) =>
        FabricResponses.ReadJobInstance(
            $"{{\"id\":\"{id ?? Guid.NewGuid().ToString()}\",\"itemId\":\"{itemId}\",\"jobType\":\"Pipeline\",\"invokeType\":\"Manual\",\"status\":\"{status}\",\"failureReason\":null,\"startTimeUtc\":\"2026-04-27T06:54:51.0539716\",\"endTimeUtc\":null}}",
            "P");
}
