using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Execute Pipeline inside containers, to any depth: child runs, their invokedBy, and how their end reaches the parent.</summary>
public class ExecutePipelineTreeTests
{
    private static IEnumerable<string> Descendants(SimulationHarness harness, string runId) =>
        harness.Simulator.GetChildRunIds(runId).SelectMany(child => new[] { child }.Concat(Descendants(harness, child)));

    [Fact]
    public async Task A_child_run_carries_invokedBy_with_the_parent_pipeline_and_run_and_the_activity_output_names_the_child()
    {
        using var harness = new ServerHarness();
        var parentId = await harness.CreateRun("Depth2");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(200));

        using var activities = await harness.Post($"pipelineruns/{parentId}/queryActivityruns", "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2100-01-01T00:00:00Z\"}");
        var runDepth1 = (await ServerHarness.Json(activities)).GetProperty("value").EnumerateArray()
            .Single(a => a.GetProperty("activityName").GetString() == "RunDepth1");
        Assert.Equal("ExecutePipeline", runDepth1.GetProperty("activityType").GetString());
        Assert.Equal(parentId, runDepth1.GetProperty("pipelineRunId").GetString());
        var output = runDepth1.GetProperty("output");
        Assert.Equal(new[] { "pipelineName", "pipelineRunId" }, output.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Depth1", output.GetProperty("pipelineName").GetString());
        var childId = output.GetProperty("pipelineRunId").GetString()!;

        using var childResponse = await harness.Get($"pipelineruns/{childId}");
        var invokedBy = (await ServerHarness.Json(childResponse)).GetProperty("invokedBy");
        Assert.Equal(new[] { "id", "name", "invokedByType", "pipelineName", "pipelineRunId" }, invokedBy.EnumerateObject().Select(p => p.Name));
        Assert.Equal("RunDepth1", invokedBy.GetProperty("name").GetString());
        Assert.Equal("PipelineActivity", invokedBy.GetProperty("invokedByType").GetString());
        Assert.Equal("Depth2", invokedBy.GetProperty("pipelineName").GetString());
        Assert.Equal(parentId, invokedBy.GetProperty("pipelineRunId").GetString());
        Assert.Equal(runDepth1.GetProperty("activityRunId").GetString(), invokedBy.GetProperty("id").GetString());

        // The parameter went through the expression: @pipeline().parameters.Mode of the parent.
        var parameters = runDepth1.GetProperty("input").GetProperty("parameters");
        Assert.Equal("full", Assert.Single(parameters.EnumerateObject(), p => p.Name == "Mode").Value.GetString());
    }

    [Fact]
    public void The_Depth5_chain_nests_five_levels_through_ForEach_Switch_If_and_Until()
    {
        var harness = new SimulationHarness();
        var topId = harness.Create("Depth5");

        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(topId).Status);
        var chain = new List<PipelineRunView> { harness.Run(topId) };
        while (harness.Simulator.GetChildRunIds(chain[^1].RunId).SingleOrDefault() is { } child)
        {
            chain.Add(harness.Run(child));
        }

        Assert.Equal(new[] { "Depth5", "Depth4", "Depth3", "Depth2", "Depth1" }, chain.Select(r => r.PipelineName));
        Assert.All(chain, run => Assert.Equal(RunStatus.Succeeded, run.Status));
        Assert.Equal(
            new[] { "EachMode,RunDepth4", "ByMode,RunDepth3", "IsFullMode,RunDepth2", "RepeatUntilDone,RunDepth1", "Work" },
            chain.Select(run => string.Join(",", harness.Activities(run.RunId).OrderBy(a => a.Sequence).Select(a => a.ActivityName))));
    }

    [Fact]
    public void A_failure_five_levels_down_nests_one_message_per_level()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("Depth1", "Work", "Failed", 0, "2200", "Disk full.");
        var topId = harness.Create("Depth5");

        var top = harness.RunToEnd(topId);

        Assert.Equal(RunStatus.Failed, top.Status);
        Assert.All(Descendants(harness, topId).Select(harness.Run), run => Assert.Equal(RunStatus.Failed, run.Status));
        Assert.Equal(
            "Operation on target EachMode failed: Activity failed because an inner activity failed; Inner activity name: RunDepth4, Error: "
            + "Operation on target ByMode failed: Activity failed because an inner activity failed; Inner activity name: RunDepth3, Error: "
            + "Operation on target IsFullMode failed: Activity failed because an inner activity failed; Inner activity name: RunDepth2, Error: "
            + "Operation on target RepeatUntilDone failed: Activity failed because an inner activity failed; Inner activity name: RunDepth1, Error: "
            + "Operation on target Work failed: Disk full.",
            top.Message);
    }

    [Fact]
    public void Parameters_choose_the_If_and_Switch_branches_down_the_chain()
    {
        var harness = new SimulationHarness();
        var topId = harness.Create("Depth5", "{\"Mode\":\"light\"}");

        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(topId).Status);
        var depth4 = harness.Run(harness.Simulator.GetChildRunIds(topId).Single());
        Assert.Equal("light", depth4.Parameters.Single().Value);
        Assert.Equal(new[] { "ByMode", "NothingToDo" }, harness.Activities(depth4.RunId).OrderBy(a => a.Sequence).Select(a => a.ActivityName));
        Assert.Empty(harness.Simulator.GetChildRunIds(depth4.RunId));
    }

    [Fact]
    public void A_behaviour_on_an_ExecutePipeline_activity_fails_it_before_its_child_starts()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("FanOutParent", "RunChild", "Failed", 0, null, "Child could not start.", new OutcomeCondition(null, "table_13", null));
        var parentId = harness.Create("FanOutParent");

        Assert.Equal(RunStatus.Failed, harness.RunToEnd(parentId).Status);
        var failed = harness.Activities(parentId).Single(a => a.Status == RunStatus.Failed && a.ActivityName == "RunChild");
        Assert.Equal("Child could not start.", failed.ErrorMessage);
        Assert.Equal("{}", failed.OutputJson);
        Assert.Contains("\"Table\":\"table_13\"", failed.InputJson);
        var children = harness.Simulator.GetChildRunIds(parentId).Select(harness.Run).ToList();
        Assert.Equal(49, children.Count);
        Assert.DoesNotContain(children, c => c.Parameters.Any(p => p.Value == "table_13"));
    }

    [Fact]
    public void A_child_cancelled_on_its_own_fails_the_ExecutePipeline_activity_while_the_child_has_no_failed_activity()
    {
        var harness = new SimulationHarness();
        var parentId = harness.Create("NightlyParent");
        harness.Advance(TimeSpan.FromMilliseconds(600));
        var childId = harness.Simulator.GetChildRunIds(parentId).Single();

        harness.Simulator.Cancel(childId, recursive: false);
        var parent = harness.RunToEnd(parentId);

        Assert.Equal(RunStatus.Failed, parent.Status);
        Assert.Equal(RunStatus.Cancelled, harness.Run(childId).Status);
        Assert.DoesNotContain(harness.Activities(childId), a => a.Status == RunStatus.Failed);
        Assert.Contains("was cancelled", harness.Activity(parentId, "RunChild").ErrorMessage);
    }
}
