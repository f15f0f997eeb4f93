using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Restart -FromFailure of a parent whose Execute Pipeline children failed (issue 15; monitor-visually.md's rerun rules).</summary>
public class TreeRecoveryTests
{
    private static readonly Dictionary<string, string> Targets = new() { ["table_07"] = "Extract", ["table_21"] = "Transform", ["table_42"] = "Load" };

    private static SimulationHarness FailThreeOnce()
    {
        var harness = new SimulationHarness();
        foreach (var target in Targets)
        {
            harness.Simulator.SetActivityOutcome(
                "FanOutGrandchild", target.Value, "Failed", 1, null, null,
                new OutcomeCondition(new Dictionary<string, string> { ["Table"] = target.Key }, null, null));
        }

        return harness;
    }

    [Fact]
    public void Rerun_from_failure_loops_again_but_reruns_only_the_failed_children_each_from_its_own_failure()
    {
        var harness = FailThreeOnce();
        var firstId = harness.Create("FanOutParent");
        Assert.Equal(RunStatus.Failed, harness.RunToEnd(firstId).Status);
        var earlierChildren = harness.Simulator.GetChildRunIds(firstId).Select(harness.Run).ToDictionary(c => c.Parameters.Single().Value);
        var runsBefore = harness.Simulator.RunCount;

        var rerunId = harness.Rerun("FanOutParent", firstId, fromFailure: true);
        var rerun = harness.RunToEnd(rerunId);

        Assert.Equal(RunStatus.Succeeded, rerun.Status);
        Assert.Equal(firstId, rerun.RunGroupId);
        Assert.Equal(1 + 3 + 3, harness.Simulator.RunCount - runsBefore);

        // The ForEach runs again; only the three RunChild activities whose children failed execute again.
        Assert.Equal(new[] { "ForEachTable", "RunChild", "RunChild", "RunChild" }, harness.Activities(rerunId).OrderBy(a => a.Sequence).Select(a => a.ActivityName));
        var children = harness.Simulator.GetChildRunIds(rerunId).Select(harness.Run).ToList();
        Assert.Equal(Targets.Keys.OrderBy(t => t), children.Select(c => c.Parameters.Single().Value).OrderBy(t => t));
        foreach (var child in children)
        {
            var table = child.Parameters.Single().Value;
            var earlier = earlierChildren[table];

            // Each child is a recovery run of the child that failed: same group, the earlier one no longer latest.
            Assert.Equal(earlier.RunGroupId, child.RunGroupId);
            Assert.False(harness.Run(earlier.RunId).IsLatest);
            Assert.Equal(new[] { "RunGrandchild" }, harness.Activities(child.RunId).Select(a => a.ActivityName));

            var grandchild = harness.Run(harness.Simulator.GetChildRunIds(child.RunId).Single());
            var earlierGrandchild = harness.Simulator.GetChildRunIds(earlier.RunId).Single();
            Assert.Equal(earlierGrandchild, grandchild.RunGroupId);
            var failedBefore = Targets[table];
            var expected = new[] { "Extract", "Transform", "Load" }.SkipWhile(name => name != failedBefore);
            Assert.Equal(expected, harness.Activities(grandchild.RunId).OrderBy(a => a.Sequence).Select(a => a.ActivityName));
        }
    }

    [Fact]
    public void Rerun_from_failure_recovers_every_level_of_the_Depth5_chain()
    {
        var harness = new SimulationHarness();
        harness.Simulator.SetActivityOutcome("Depth1", "Work", "Failed", 1);
        var firstId = harness.Create("Depth5");
        Assert.Equal(RunStatus.Failed, harness.RunToEnd(firstId).Status);

        var rerunId = harness.Rerun("Depth5", firstId, fromFailure: true);

        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(rerunId).Status);
        string? earlier = firstId, current = rerunId;
        for (var level = 5; level >= 1; level--)
        {
            var run = harness.Run(current!);
            Assert.Equal($"Depth{level}", run.PipelineName);
            Assert.Equal(harness.Run(earlier!).RunGroupId, run.RunGroupId);
            Assert.Equal(RunStatus.Succeeded, run.Status);
            earlier = harness.Simulator.GetChildRunIds(earlier!).SingleOrDefault();
            current = harness.Simulator.GetChildRunIds(current!).SingleOrDefault();
        }

        Assert.Null(current);
    }

    [Fact]
    public void A_plain_rerun_or_a_rerun_from_an_activity_starts_the_children_afresh()
    {
        var harness = FailThreeOnce();
        var firstId = harness.Create("NightlyParent");
        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(firstId).Status);
        var earlierChild = harness.Simulator.GetChildRunIds(firstId).Single();

        var rerunId = harness.Rerun("NightlyParent", firstId, startActivity: "RunChild");

        Assert.Equal(RunStatus.Succeeded, harness.RunToEnd(rerunId).Status);
        var child = harness.Run(harness.Simulator.GetChildRunIds(rerunId).Single());
        Assert.Equal(child.RunId, child.RunGroupId);
        Assert.True(harness.Run(earlierChild).IsLatest);
        Assert.Equal(new[] { "FirstWait", "SecondWait" }, harness.Activities(child.RunId).OrderBy(a => a.Sequence).Select(a => a.ActivityName));
    }
}
