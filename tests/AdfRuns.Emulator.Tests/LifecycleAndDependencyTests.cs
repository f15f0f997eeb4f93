using System;
using System.Linq;
using AdfRuns.Emulator.Simulation;
using Xunit;
using static AdfRuns.Emulator.Tests.PipelineJson;

namespace AdfRuns.Emulator.Tests;

public class LifecycleAndDependencyTests
{
    private static readonly string[] Succeeded = { "Succeeded" };

    [Fact]
    public void Run_moves_from_Queued_to_InProgress_to_Succeeded_with_exact_timestamps()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("Hello");

        var queued = harness.Run(runId);
        Assert.Equal("Queued", queued.Status);
        Assert.Null(queued.Message);
        Assert.Null(queued.RunEnd);
        Assert.Null(queued.DurationInMs);
        Assert.Equal(runId, queued.RunGroupId);
        Assert.True(queued.IsLatest);
        Assert.Equal("Manual", queued.InvokedBy.Name);
        Assert.Matches("^[0-9a-f]{32}$", queued.InvokedBy.Id);

        harness.Advance(TimeSpan.FromMilliseconds(100));
        var running = harness.Run(runId);
        Assert.Equal("InProgress", running.Status);
        Assert.Equal(string.Empty, running.Message);
        Assert.Equal(harness.Start.AddMilliseconds(100), running.LastUpdated);
        var activity = harness.Activity(runId, "SayHello");
        Assert.Equal("InProgress", activity.Status);
        Assert.Null(activity.ActivityRunEnd);

        harness.Advance(TimeSpan.FromSeconds(1));
        var done = harness.Run(runId);
        Assert.Equal("Succeeded", done.Status);
        Assert.Equal(harness.Start.AddMilliseconds(1100), done.RunEnd);
        Assert.Equal(1100, done.DurationInMs);
        Assert.Equal(done.RunEnd, done.LastUpdated);
        Assert.Equal(1000, harness.Activity(runId, "SayHello").DurationInMs);
    }

    [Fact]
    public void Sequential_activities_run_one_after_another_in_dependency_order()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("CopySales", "{\"Day\":\"2024-05-01\"}");
        harness.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(new[] { "ExtractSales" }, harness.Activities(runId).Select(a => a.ActivityName));

        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "ExtractSales", "TransformSales" }, harness.Activities(runId).Select(a => a.ActivityName));
        Assert.Equal(harness.Activity(runId, "ExtractSales").ActivityRunEnd, harness.Activity(runId, "TransformSales").ActivityRunStart);

        var run = harness.RunToEnd(runId);
        Assert.Equal("Succeeded", run.Status);
        Assert.Equal(3, harness.Activities(runId).Count);
        Assert.Equal(3100, run.DurationInMs);
    }

    [Fact]
    public void Parallel_branches_start_together_and_the_join_waits_for_both()
    {
        var harness = new SimulationHarness(Build(
            "Diamond",
            Activity("A"),
            Activity("B", "Wait", On("A", "Succeeded")),
            Activity("C", "Wait", On("A", "Succeeded")),
            Activity("D", "Wait", On("B", "Succeeded"), On("C", "Succeeded"))));
        var runId = harness.Create("Diamond");
        harness.Advance(TimeSpan.FromMilliseconds(1100));
        var b = harness.Activity(runId, "B");
        var c = harness.Activity(runId, "C");
        Assert.Equal(b.ActivityRunStart, c.ActivityRunStart);
        Assert.Equal("InProgress", b.Status);
        Assert.Equal("InProgress", c.Status);

        var run = harness.RunToEnd(runId);
        Assert.Equal("Succeeded", run.Status);
        Assert.Equal(3100, run.DurationInMs);
    }

    [Fact]
    public void Failed_main_runs_the_failure_and_completion_branches_skips_success_branch_and_fails_the_run()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("ErrorHandling", "Main", "Failed", 0, "2200", "Source file missing.");
        var runId = harness.Create("ErrorHandling");
        var run = harness.RunToEnd(runId);

        var names = harness.Activities(runId).Select(a => a.ActivityName).OrderBy(n => n).ToArray();
        Assert.Equal(new[] { "Always", "Main", "OnFailure" }, names);
        Assert.Equal("Failed", run.Status);
        Assert.Equal("Operation on target Main failed: Source file missing.", run.Message);
        var main = harness.Activity(runId, "Main");
        Assert.Equal("2200", main.ErrorCode);
        Assert.Equal("UserError", main.FailureType);
        Assert.Equal("Source file missing.", main.ErrorMessage);
    }

    [Fact]
    public void Succeeded_main_skips_the_failure_branch_and_the_skipped_leaf_is_judged_by_its_parent()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("ErrorHandling");
        var run = harness.RunToEnd(runId);

        Assert.Equal("Succeeded", run.Status);
        Assert.Equal(string.Empty, run.Message);
        Assert.DoesNotContain(harness.Activities(runId), a => a.ActivityName == "OnFailure");
        Assert.Equal(new[] { "Always", "Main", "OnSuccess" }, harness.Activities(runId).Select(a => a.ActivityName).OrderBy(n => n));
    }

    [Fact]
    public void Try_catch_pattern_succeeds_when_the_failure_handler_succeeds()
    {
        var harness = new SimulationHarness(Build("TryCatch", Activity("Try", "Copy"), Activity("Catch", "WebActivity", On("Try", "Failed"))));
        harness.Simulator.SetActivityOutcome("TryCatch", "Try", "Failed", 0);
        var runId = harness.Create("TryCatch");

        var run = harness.RunToEnd(runId);

        Assert.Equal("Succeeded", run.Status);
        Assert.Equal("Failed", harness.Activity(runId, "Try").Status);
        Assert.Equal("Succeeded", harness.Activity(runId, "Catch").Status);
    }

    [Fact]
    public void Skipped_condition_runs_an_activity_whose_upstream_was_skipped()
    {
        var harness = new SimulationHarness(Build(
            "SkipChain",
            Activity("A", "Copy"),
            Activity("B", "Wait", On("A", "Succeeded")),
            Activity("C", "Wait", On("B", "Skipped"))));
        harness.Simulator.SetActivityOutcome("SkipChain", "A", "Failed", 0);
        var runId = harness.Create("SkipChain");

        var run = harness.RunToEnd(runId);

        Assert.Equal(new[] { "A", "C" }, harness.Activities(runId).Select(a => a.ActivityName));
        Assert.Equal("Succeeded", run.Status);
    }

    [Fact]
    public void Skips_propagate_down_a_chain_and_the_run_fails_on_the_failed_ancestor()
    {
        var harness = new SimulationHarness(Build(
            "Chain",
            Activity("A", "Copy"),
            Activity("B", "Wait", On("A", "Succeeded")),
            Activity("C", "Wait", On("B", "Succeeded"))));
        harness.Simulator.SetActivityOutcome("Chain", "A", "Failed", 0, message: "boom");
        var runId = harness.Create("Chain");

        var run = harness.RunToEnd(runId);

        Assert.Single(harness.Activities(runId));
        Assert.Equal("Failed", run.Status);
        Assert.Equal("Operation on target A failed: boom", run.Message);
        Assert.Equal(1100, run.DurationInMs);
    }

    [Fact]
    public void Conditions_on_one_dependency_are_alternatives_and_separate_dependencies_must_all_hold()
    {
        var harness = new SimulationHarness(Build(
            "Logic",
            Activity("A", "Copy"),
            Activity("B"),
            Activity("EitherWay", "Wait", On("A", "Failed", "Succeeded")),
            Activity("Both", "Wait", On("A", "Succeeded"), On("B", "Succeeded"))));
        harness.Simulator.SetActivityOutcome("Logic", "A", "Failed", 0);
        var runId = harness.Create("Logic");

        var run = harness.RunToEnd(runId);

        Assert.Equal("Succeeded", harness.Activity(runId, "EitherWay").Status);
        Assert.DoesNotContain(harness.Activities(runId), a => a.ActivityName == "Both");
        Assert.Equal("Failed", run.Status);
        Assert.StartsWith("Operation on target A failed:", run.Message);
    }

    [Fact]
    public void Completed_condition_runs_after_success_and_after_failure()
    {
        foreach (var fail in new[] { false, true })
        {
            var harness = new SimulationHarness();
            if (fail)
            {
                harness.Simulator.SetActivityOutcome("ErrorHandling", "Main", "Failed", 1);
            }

            var runId = harness.Create("ErrorHandling");
            harness.RunToEnd(runId);
            Assert.Equal("Succeeded", harness.Activity(runId, "Always").Status);
        }
    }

    [Fact]
    public void Outcome_rule_fails_the_first_N_executions_then_succeeds()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("Hello", "SayHello", "Failed", 2);

        var results = Enumerable.Range(0, 3).Select(_ => harness.RunToEnd(harness.Create("Hello")).Status).ToArray();

        Assert.Equal(new[] { "Failed", "Failed", "Succeeded" }, results);
    }

    [Fact]
    public void Outcome_rules_can_be_cleared_and_reject_unknown_names()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("hello", "sayhello", "failed", 0);
        harness.Simulator.ClearActivityOutcomes();
        Assert.Equal("Succeeded", harness.RunToEnd(harness.Create("Hello")).Status);

        Assert.Throws<ArgumentException>(() => harness.Simulator.SetActivityOutcome("Nope", "SayHello", "Failed", 1, null, null));
        Assert.Throws<ArgumentException>(() => harness.Simulator.SetActivityOutcome("Hello", "Nope", "Failed", 1, null, null));
        Assert.Throws<ArgumentException>(() => harness.Simulator.SetActivityOutcome("Hello", "SayHello", "Exploded", 1, null, null));
    }

    [Fact]
    public void Activity_runs_carry_the_real_shape_input_output_user_properties_and_empty_error()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("CopySales", "{\"Day\":\"d\"}");
        harness.RunToEnd(runId);
        var extract = harness.Activity(runId, "ExtractSales");

        Assert.Equal("Copy", extract.ActivityType);
        Assert.Equal("CopySales", extract.PipelineName);
        Assert.Equal(runId, extract.PipelineRunId);
        Assert.Contains("\"DelimitedTextSource\"", extract.InputJson);
        Assert.Contains("\"dataRead\"", extract.OutputJson);
        Assert.Contains("\"dataWritten\"", extract.OutputJson);
        Assert.Equal("{\"Source\":\"sales/@{pipeline().parameters.Region}/@{pipeline().parameters.Day}\"}", extract.UserPropertiesJson);
        Assert.Equal(string.Empty, extract.ErrorCode);
        Assert.Equal(string.Empty, extract.ErrorMessage);
        Assert.True(Guid.TryParse(extract.ActivityRunId, out _));
    }

    [Fact]
    public void ExecutePipeline_starts_a_child_run_and_follows_its_outcome()
    {
        var harness = new SimulationHarness();
        var parentId = harness.Create("NightlyParent");
        harness.Advance(TimeSpan.FromMilliseconds(100));
        var childId = Assert.Single(harness.Simulator.GetChildRunIds(parentId));
        var child = harness.Run(childId);
        Assert.Equal("NightlyChild", child.PipelineName);
        Assert.Equal("PipelineActivity", child.InvokedBy.InvokedByType);
        Assert.Equal("RunChild", child.InvokedBy.Name);
        Assert.Equal("NightlyParent", child.InvokedBy.PipelineName);
        Assert.Equal(parentId, child.InvokedBy.PipelineRunId);
        Assert.Contains(childId, harness.Activity(parentId, "RunChild").OutputJson);

        var parent = harness.RunToEnd(parentId);
        child = harness.Run(childId);
        Assert.Equal("Succeeded", parent.Status);
        Assert.Equal("Succeeded", child.Status);
        Assert.Equal(child.RunEnd, harness.Activity(parentId, "RunChild").ActivityRunEnd);
        Assert.Equal("{\"pipelineName\":\"NightlyChild\",\"pipelineRunId\":\"" + childId + "\"}", harness.Activity(parentId, "RunChild").OutputJson);
    }

    [Fact]
    public void ExecutePipeline_fails_with_the_child_failure_nested_in_the_message()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("NightlyChild", "SecondWait", "Failed", 0, "2011", "Timed out.");
        var parentId = harness.Create("NightlyParent");

        var parent = harness.RunToEnd(parentId);

        Assert.Equal("Failed", parent.Status);
        Assert.Equal("Operation on target RunChild failed: Operation on target SecondWait failed: Timed out.", parent.Message);
    }

    [Fact]
    public void ExecutePipeline_without_waiting_succeeds_while_the_child_still_runs()
    {
        var child = Build("Slow", Activity("One"), Activity("Two", "Wait", On("One", "Succeeded")), Activity("Three", "Wait", On("Two", "Succeeded")));
        var parentJson = Build("FireAndForget", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "Kick",
            ["type"] = "ExecutePipeline",
            ["typeProperties"] = new System.Text.Json.Nodes.JsonObject
            {
                ["pipeline"] = new System.Text.Json.Nodes.JsonObject { ["referenceName"] = "Slow", ["type"] = "PipelineReference" },
                ["waitOnCompletion"] = false,
            },
        });
        var harness = new SimulationHarness(parentJson, child);
        var parentId = harness.Create("FireAndForget");

        var parent = harness.RunToEnd(parentId);

        Assert.Equal("Succeeded", parent.Status);
        Assert.Equal("InProgress", harness.Run(harness.Simulator.GetChildRunIds(parentId).Single()).Status);
    }

    [Fact]
    public void The_client_request_id_becomes_the_run_id_once()
    {
        var harness = new SimulationHarness();
        var clientId = Guid.NewGuid().ToString();
        string Create() => harness.Simulator.CreateRun(new CreateRunRequest { PipelineName = "Hello", ClientRequestId = clientId });

        Assert.Equal(clientId, Create());
        var second = Create();
        Assert.NotEqual(clientId, second);
        Assert.True(Guid.TryParse(second, out _));
        Assert.Equal(2, harness.Simulator.RunCount);
    }

    [Fact]
    public void Unknown_pipeline_is_rejected_with_404()
    {
        var error = SimulationHarness.Rejects(() => new SimulationHarness().Create("NoSuchPipeline"));
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("PipelineNotFound", error.Code);
    }
}

public class ExecutePipelineDepthTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void D10_a_self_calling_ExecutePipeline_stops_at_the_depth_limit_and_fails_the_activity_with_a_clear_error(bool wait)
    {
        var recursive = PipelineJson.Build("Rec", new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "CallMyself",
            ["type"] = "ExecutePipeline",
            ["typeProperties"] = new System.Text.Json.Nodes.JsonObject
            {
                ["pipeline"] = new System.Text.Json.Nodes.JsonObject { ["referenceName"] = "Rec", ["type"] = "PipelineReference" },
                ["waitOnCompletion"] = wait,
            },
        });
        var harness = new SimulationHarness(recursive);
        var rootId = harness.Create("Rec");

        var runIds = new System.Collections.Generic.List<string> { rootId };
        for (var i = 0; i < 200; i++)
        {
            harness.Advance(TimeSpan.FromMilliseconds(500));
        }

        while (harness.Simulator.GetChildRunIds(runIds[^1]) is { Count: 1 } children)
        {
            runIds.Add(children[0]);
        }

        Assert.Equal(RunSimulator.MaxExecutePipelineDepth + 1, harness.Simulator.RunCount);
        Assert.Equal(RunSimulator.MaxExecutePipelineDepth + 1, runIds.Count);
        var deepest = harness.RunToEnd(runIds[^1]);
        Assert.Equal("Failed", deepest.Status);
        var error = harness.Activity(runIds[^1], "CallMyself").ErrorMessage;
        Assert.Contains("nesting depth 21", error);
        Assert.Contains("20 levels deep", error);
        Assert.Equal(wait ? "Failed" : "Succeeded", harness.RunToEnd(rootId).Status);
    }
}
