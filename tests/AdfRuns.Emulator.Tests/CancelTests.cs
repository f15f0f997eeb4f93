using System;
using System.Linq;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class CancelTests
{
    [Fact]
    public void Cancel_goes_through_Canceling_then_Cancelled_and_cancels_running_activities()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("CopySales", "{\"Day\":\"d\"}");
        harness.Advance(TimeSpan.FromMilliseconds(500));

        harness.Simulator.Cancel(runId, recursive: false);
        var canceling = harness.Run(runId);
        Assert.Equal("Canceling", canceling.Status);
        Assert.Null(canceling.RunEnd);
        Assert.Equal(harness.Start.AddMilliseconds(500), canceling.LastUpdated);

        harness.Advance(TimeSpan.FromMilliseconds(100));
        var cancelled = harness.Run(runId);
        Assert.Equal("Cancelled", cancelled.Status);
        Assert.Equal(cancelled.RunEnd, cancelled.LastUpdated);
        var extract = Assert.Single(harness.Activities(runId));
        Assert.Equal("Cancelled", extract.Status);
        Assert.Equal(cancelled.RunEnd, extract.ActivityRunEnd);

        harness.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(harness.Activities(runId));
        Assert.Equal("Cancelled", harness.Run(runId).Status);
    }

    [Fact]
    public void Cancelling_a_queued_run_never_starts_it()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("Hello");
        harness.Simulator.Cancel(runId, recursive: false);
        harness.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("Cancelled", harness.Run(runId).Status);
        Assert.Empty(harness.Activities(runId));
    }

    [Fact]
    public void Recursive_cancel_cancels_the_child_run_too()
    {
        var harness = new SimulationHarness();
        var parentId = harness.Create("NightlyParent");
        harness.Advance(TimeSpan.FromMilliseconds(600));
        var childId = harness.Simulator.GetChildRunIds(parentId).Single();

        harness.Simulator.Cancel(parentId, recursive: true);
        Assert.Equal("Canceling", harness.Run(childId).Status);
        harness.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal("Cancelled", harness.Run(parentId).Status);
        Assert.Equal("Cancelled", harness.Run(childId).Status);
        Assert.Equal("Cancelled", harness.Activity(parentId, "RunChild").Status);
    }

    [Fact]
    public void Plain_cancel_leaves_the_child_run_going()
    {
        var harness = new SimulationHarness();
        var parentId = harness.Create("NightlyParent");
        harness.Advance(TimeSpan.FromMilliseconds(600));
        var childId = harness.Simulator.GetChildRunIds(parentId).Single();

        harness.Simulator.Cancel(parentId, recursive: false);
        harness.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal("Cancelled", harness.Run(parentId).Status);
        Assert.Equal("InProgress", harness.Run(childId).Status);
        Assert.Equal("Succeeded", harness.RunToEnd(childId).Status);
        Assert.Equal("Cancelled", harness.Run(parentId).Status);
    }

    [Fact]
    public void Cancelling_a_finished_run_is_a_no_op_and_an_unknown_run_is_a_400()
    {
        var harness = new SimulationHarness();
        var runId = harness.Create("Hello");
        var finished = harness.RunToEnd(runId);

        harness.Simulator.Cancel(runId, recursive: true);
        Assert.Equal(finished, harness.Run(runId));

        var error = SimulationHarness.Rejects(() => harness.Simulator.Cancel("someGuid", false));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("ReferencedPipelineRunNotFound", error.Code);
        Assert.Equal("Referenced pipeline run id someGuid does not exist.", error.Message);
        Assert.Equal("pipelinerun", error.Target);
    }
}
