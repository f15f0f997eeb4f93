using System;
using System.Linq;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class RecoveryTests
{
    private static (SimulationHarness Harness, string FailedRun) FailedCopySales()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("CopySales", "TransformSales", "Failed", 1, "3204", "Notebook crashed.");
        var runId = harness.Create("CopySales", "{\"Day\":\"2024-05-01\",\"Region\":\"apac\"}");
        var run = harness.RunToEnd(runId);
        Assert.Equal("Failed", run.Status);
        Assert.Equal("Operation on target TransformSales failed: Notebook crashed.", run.Message);
        return (harness, runId);
    }

    [Fact]
    public void Recovery_run_joins_the_group_copies_parameters_and_takes_over_isLatest()
    {
        var (harness, original) = FailedCopySales();

        var rerun = harness.Rerun("CopySales", original, body: "{\"Day\":\"ignored\"}");

        var rerunView = harness.Run(rerun);
        Assert.NotEqual(original, rerun);
        Assert.Equal(original, rerunView.RunGroupId);
        Assert.True(rerunView.IsLatest);
        Assert.False(harness.Run(original).IsLatest);
        Assert.Equal(harness.Run(original).Parameters, rerunView.Parameters);
        Assert.Contains(rerunView.Parameters, p => p.Key == "Day" && p.Value == "2024-05-01");

        var third = harness.Rerun("CopySales", original);
        Assert.False(harness.Run(rerun).IsLatest);
        Assert.True(harness.Run(third).IsLatest);
    }

    [Fact]
    public void Rerun_from_failure_does_not_execute_activities_that_succeeded()
    {
        var (harness, original) = FailedCopySales();

        var rerun = harness.Rerun("CopySales", original, fromFailure: true);
        var run = harness.RunToEnd(rerun);

        Assert.Equal("Succeeded", run.Status);
        Assert.Equal(new[] { "TransformSales", "LoadWarehouse" }, harness.Activities(rerun).Select(a => a.ActivityName));
        Assert.Equal(2100, run.DurationInMs);
    }

    [Fact]
    public void Rerun_from_an_activity_runs_it_and_everything_downstream_only()
    {
        var (harness, original) = FailedCopySales();

        var rerun = harness.Rerun("CopySales", original, startActivity: "LoadWarehouse");
        harness.RunToEnd(rerun);

        Assert.Equal(new[] { "LoadWarehouse" }, harness.Activities(rerun).Select(a => a.ActivityName));
    }

    [Fact]
    public void Start_activity_takes_precedence_over_start_from_failure()
    {
        var (harness, original) = FailedCopySales();

        var rerun = harness.Rerun("CopySales", original, startActivity: "ExtractSales", fromFailure: true);
        harness.RunToEnd(rerun);

        Assert.Equal(new[] { "ExtractSales", "TransformSales", "LoadWarehouse" }, harness.Activities(rerun).Select(a => a.ActivityName));
    }

    [Fact]
    public void Rerun_without_recovery_lends_parameters_to_a_new_ungrouped_run()
    {
        var (harness, original) = FailedCopySales();

        var copy = harness.Rerun("CopySales", original, recovery: false, body: "{\"Day\":\"ignored\"}");

        var view = harness.Run(copy);
        Assert.Equal(copy, view.RunGroupId);
        Assert.True(view.IsLatest);
        Assert.True(harness.Run(original).IsLatest);
        Assert.Contains(view.Parameters, p => p.Key == "Day" && p.Value == "2024-05-01");
        harness.RunToEnd(copy);
        Assert.Equal(3, harness.Activities(copy).Count);
    }

    [Fact]
    public void Invalid_recovery_requests_are_rejected()
    {
        var (harness, original) = FailedCopySales();

        var unknownActivity = SimulationHarness.Rejects(() => harness.Rerun("CopySales", original, startActivity: "Nope"));
        Assert.Equal(400, unknownActivity.StatusCode);
        Assert.Equal("BadRequest", unknownActivity.Code);
        Assert.Contains("Nope", unknownActivity.Message);

        var missing = Guid.NewGuid().ToString();
        var unknownRun = SimulationHarness.Rejects(() => harness.Rerun("CopySales", missing));
        Assert.Equal("ReferencedPipelineRunNotFound", unknownRun.Code);
        Assert.Equal($"Referenced pipeline run id {missing} does not exist.", unknownRun.Message);
        Assert.Equal("pipelinerun", unknownRun.Target);

        var otherPipeline = SimulationHarness.Rejects(() => harness.Rerun("Hello", original));
        Assert.Equal("BadRequest", otherPipeline.Code);

        var running = harness.Create("Hello");
        var notFinished = SimulationHarness.Rejects(() => harness.Rerun("Hello", running));
        Assert.Equal("BadRequest", notFinished.Code);
        Assert.Contains("Queued", notFinished.Message);
    }
}
