using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>ForEach, If, Switch and Until, and ExecutePipeline inside them: the run trees of issue 15.</summary>
public class RunTreeTests
{
    private static JsonObject ForEach(string name, string items, JsonObject inner, bool? sequential = null, int? batchCount = null)
    {
        var properties = new JsonObject
        {
            ["items"] = new JsonObject { ["value"] = items, ["type"] = "Expression" },
            ["activities"] = new JsonArray(inner),
        };
        if (sequential is { } isSequential)
        {
            properties["isSequential"] = isSequential;
        }

        if (batchCount is { } count)
        {
            properties["batchCount"] = count;
        }

        var activity = PipelineJson.Activity(name, "ForEach");
        activity["typeProperties"] = properties;
        return activity;
    }

    private static string Loop(int items, bool? sequential, int? batchCount) => PipelineJson.BuildWithParameters(
        "Loop",
        new JsonObject { ["Items"] = new JsonObject { ["type"] = "Array", ["defaultValue"] = new JsonArray(Enumerable.Range(1, items).Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()) } },
        ForEach("EachItem", "@pipeline().parameters.Items", PipelineJson.Activity("Step"), sequential, batchCount));

    /// <summary>The most activity runs of that name that were in progress at the same moment.</summary>
    private static int PeakConcurrency(IEnumerable<ActivityRunView> runs)
    {
        var edges = runs.SelectMany(r => new[] { (Time: r.ActivityRunStart, Delta: 1), (Time: r.ActivityRunEnd!.Value, Delta: -1) })
            .OrderBy(e => e.Time).ThenBy(e => e.Delta);
        int current = 0, peak = 0;
        foreach (var edge in edges)
        {
            current += edge.Delta;
            peak = Math.Max(peak, current);
        }

        return peak;
    }

    [Theory]
    [InlineData(true, null, 1)]
    [InlineData(false, 3, 3)]
    [InlineData(false, null, RunSimulator.DefaultBatchCount)]
    [InlineData(false, 80, RunSimulator.MaxBatchCount)]
    public void ForEach_runs_sequentially_or_at_most_batchCount_iterations_at_once(bool sequential, int? batchCount, int expectedPeak)
    {
        var harness = new SimulationHarness(Loop(60, sequential ? true : null, batchCount));
        var runId = harness.Create("Loop");
        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(runId).Status);

        var steps = harness.Activities(runId).Where(a => a.ActivityName == "Step").ToList();
        Assert.Equal(60, steps.Count);
        Assert.All(steps, step => Assert.Equal(runId, step.PipelineRunId));
        Assert.Equal(expectedPeak, PeakConcurrency(steps));
        var forEach = harness.Activity(runId, "EachItem");
        Assert.Equal("{\"ItemsCount\":60}", forEach.InputJson);
        Assert.Equal("{}", forEach.OutputJson);

        // Waves of expectedPeak iterations, one activity duration each.
        var waves = (int)Math.Ceiling(60.0 / expectedPeak);
        Assert.Equal((long)(waves * SimulationHarness.Step.TotalMilliseconds), forEach.DurationInMs);
    }

    [Fact]
    public void ForEach_inner_activities_follow_their_dependencies_inside_each_iteration_and_see_the_item()
    {
        var second = PipelineJson.Activity("Second", "Wait", PipelineJson.On("First", "Succeeded"));
        second["typeProperties"] = new JsonObject { ["note"] = "@{item().name} done" };
        var loop = ForEach("Each", "@json('[{\"name\":\"a\"},{\"name\":\"b\"}]')", PipelineJson.Activity("First"), sequential: true);
        ((JsonArray)loop["typeProperties"]!["activities"]!).Add(second);
        var harness = new SimulationHarness(PipelineJson.Build("Pairs", loop));
        var runId = harness.Create("Pairs");
        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(runId).Status);

        var names = harness.Activities(runId).OrderBy(a => a.Sequence).Select(a => a.ActivityName);
        Assert.Equal(new[] { "Each", "First", "Second", "First", "Second" }, names);
        Assert.Equal(
            new[] { "{\"note\":\"a done\"}", "{\"note\":\"b done\"}" },
            harness.Activities(runId).Where(a => a.ActivityName == "Second").OrderBy(a => a.Sequence).Select(a => a.InputJson));
    }

    [Fact]
    public void A_failed_iteration_fails_the_ForEach_with_ActionFailed_after_every_iteration_ran()
    {
        var harness = new SimulationHarness(Loop(5, true, null));
        harness.Simulator.SetActivityOutcome("Loop", "Step", "Failed", 0, "2200", "Row 9 is bad.", new OutcomeCondition(null, "3", null));
        var runId = harness.Create("Loop");
        var run = harness.RunToEnd(runId);

        Assert.Equal(RunStatus.Failed, run.Status);
        var steps = harness.Activities(runId).Where(a => a.ActivityName == "Step").OrderBy(a => a.Sequence).ToList();
        Assert.Equal(new[] { "Succeeded", "Succeeded", "Failed", "Succeeded", "Succeeded" }, steps.Select(s => s.Status));
        var forEach = harness.Activity(runId, "EachItem");
        Assert.Equal("ActionFailed", forEach.ErrorCode);
        Assert.Equal("Activity failed because an inner activity failed; Inner activity name: Step, Error: Row 9 is bad.", forEach.ErrorMessage);
        Assert.Equal("Operation on target EachItem failed: " + forEach.ErrorMessage, run.Message);
    }

    [Fact]
    public void Three_of_fifty_children_fail_in_different_grandchild_activities()
    {
        var harness = new SimulationHarness();
        var targets = new Dictionary<string, string> { ["table_07"] = "Extract", ["table_21"] = "Transform", ["table_42"] = "Load" };
        foreach (var target in targets)
        {
            harness.Simulator.SetActivityOutcome(
                "FanOutGrandchild", target.Value, "Failed", 0, null, $"{target.Value} of {target.Key} failed.",
                new OutcomeCondition(new Dictionary<string, string> { ["Table"] = target.Key }, null, null));
        }

        var parentId = harness.Create("FanOutParent");
        var parent = harness.RunToEnd(parentId);

        Assert.Equal(RunStatus.Failed, parent.Status);
        var runChild = harness.Activities(parentId).Where(a => a.ActivityName == "RunChild").ToList();
        Assert.Equal(50, runChild.Count);
        Assert.Equal(3, runChild.Count(a => a.Status == RunStatus.Failed));

        var children = harness.Simulator.GetChildRunIds(parentId).Select(harness.Run).ToList();
        Assert.Equal(50, children.Count);
        Assert.Equal(
            Enumerable.Range(1, 50).Select(i => $"table_{i:00}"),
            children.Select(c => c.Parameters.Single(p => p.Key == "Table").Value).OrderBy(t => t));
        var failedGrandchildActivities = children
            .SelectMany(c => harness.Simulator.GetChildRunIds(c.RunId))
            .SelectMany(harness.Activities)
            .Where(a => a.Status == RunStatus.Failed)
            .Select(a => (a.ActivityName, a.ErrorMessage))
            .OrderBy(a => a.ErrorMessage);
        Assert.Equal(
            new[] { ("Extract", "Extract of table_07 failed."), ("Load", "Load of table_42 failed."), ("Transform", "Transform of table_21 failed.") },
            failedGrandchildActivities);
        Assert.Equal(
            "Operation on target RunGrandchild failed: Operation on target Extract failed: Extract of table_07 failed.",
            children.Single(c => c.Parameters.Any(p => p.Value == "table_07")).Message);
    }

    [Theory]
    [InlineData("@json('[]')", "Succeeded", "{\"ItemsCount\":0}", "")]
    [InlineData("@pipeline().RunId", "Failed", "{}", "InvalidTemplate")]
    public void ForEach_over_no_items_succeeds_and_over_a_non_array_fails(string items, string status, string input, string errorCode)
    {
        var harness = new SimulationHarness(PipelineJson.Build("Odd", ForEach("Each", items, PipelineJson.Activity("Step"))));
        var runId = harness.Create("Odd");

        Assert.Equal(status, harness.RunToEnd(runId).Status);
        var forEach = Assert.Single(harness.Activities(runId));
        Assert.Equal(input, forEach.InputJson);
        Assert.Equal(errorCode, forEach.ErrorCode);
    }

    [Fact]
    public void Until_loops_while_its_condition_is_false_up_to_the_emulator_bound_then_fails()
    {
        var until = PipelineJson.Activity("Poll", "Until");
        until["typeProperties"] = new JsonObject
        {
            ["expression"] = new JsonObject { ["value"] = "@equals(1, 2)", ["type"] = "Expression" },
            ["activities"] = new JsonArray(PipelineJson.Activity("Check")),
        };
        var harness = new SimulationHarness(PipelineJson.Build("Polling", until));
        var runId = harness.Create("Polling");

        Assert.Equal(RunStatus.Failed, harness.RunToEnd(runId).Status);
        Assert.Equal(RunSimulator.MaxUntilIterations, harness.Activities(runId).Count(a => a.ActivityName == "Check"));
        Assert.Equal("ActivityTimedOut", harness.Activity(runId, "Poll").ErrorCode);
    }

    [Fact]
    public void If_runs_the_false_branch_when_its_expression_is_false()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("Depth3", "{\"Mode\":\"light\"}");

        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(runId).Status);
        Assert.Equal(new[] { "IsFullMode", "SkipLevel" }, harness.Activities(runId).OrderBy(a => a.Sequence).Select(a => a.ActivityName));
        Assert.Empty(harness.Simulator.GetChildRunIds(runId));
    }

    [Fact]
    public void Cancelling_a_run_cancels_the_inner_activities_in_progress()
    {
        var harness = new SimulationHarness(Loop(6, null, 2));
        var runId = harness.Create("Loop");
        harness.Advance(TimeSpan.FromMilliseconds(600));

        harness.Simulator.Cancel(runId, recursive: false);
        Assert.Equal(RunStatus.Cancelled, harness.RunToEnd(runId).Status);

        Assert.Equal(new[] { "Cancelled", "Cancelled", "Cancelled" }, harness.Activities(runId).Select(a => a.Status));
        harness.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, harness.Activities(runId).Count);
    }
}
