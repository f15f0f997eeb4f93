using System.Linq;
using AdfRuns.Engine.Starting;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Which runs given to one Restart-AdfPipelineRun are rerun on their own (ux-newcomer-3 row 1).</summary>
public sealed class NestedRerunPlanTests
{
    [Fact]
    public void A_child_given_before_its_parent_waits_for_the_parent_and_is_covered_by_its_rerun()
    {
        var plan = new NestedRerunPlan();
        var child = plan.Add("child", "parent");
        var parent = plan.Add("parent", null);

        var first = plan.NextRound();
        Assert.Equal(new[] { parent }, first.ToRerun);
        Assert.Empty(first.Covered);
        plan.MarkRerun(parent, "parent-rerun");

        var second = plan.NextRound();
        Assert.Empty(second.ToRerun);
        var covered = Assert.Single(second.Covered);
        Assert.Equal(child, covered.Index);
        Assert.Equal("parent", covered.AncestorRunId);
        Assert.Equal("parent-rerun", covered.AncestorRerunId);
        Assert.True(plan.NextRound().IsEmpty);
    }

    [Fact]
    public void A_chain_of_five_is_rerun_once_from_its_top_and_every_level_names_the_top_run()
    {
        var plan = new NestedRerunPlan();
        var leaf = plan.Add("d1", "d2");
        plan.Add("d2", "d3");
        plan.Add("d3", "d4");
        plan.Add("d4", "d5");
        var top = plan.Add("d5", null);

        var first = plan.NextRound();
        Assert.Equal(new[] { top }, first.ToRerun);
        plan.MarkRerun(top, "d5-rerun");
        var covered = Enumerable.Range(0, 10).Select(_ => plan.NextRound()).TakeWhile(round => !round.IsEmpty).SelectMany(round =>
        {
            Assert.Empty(round.ToRerun);
            return round.Covered;
        }).ToList();

        Assert.Equal(4, covered.Count);
        Assert.All(covered, run => Assert.Equal("d5", run.AncestorRunId));
        Assert.Contains(covered, run => run.Index == leaf);
    }

    [Fact]
    public void A_child_is_rerun_on_its_own_when_its_parents_rerun_was_refused()
    {
        var plan = new NestedRerunPlan();
        var parent = plan.Add("parent", null);
        var child = plan.Add("child", "parent");

        Assert.Equal(new[] { parent }, plan.NextRound().ToRerun);
        // Not marked: the parent's rerun was refused (e.g. it succeeded) or failed.
        var second = plan.NextRound();
        Assert.Equal(new[] { child }, second.ToRerun);
        Assert.Empty(second.Covered);
    }

    [Fact]
    public void Runs_whose_parents_are_not_given_and_run_ids_without_parents_are_all_rerun_in_the_first_round_in_order()
    {
        var plan = new NestedRerunPlan();
        plan.Add("a", null);
        plan.Add("b", "not-given");
        plan.Add("c", null);

        Assert.Equal(new[] { 0, 1, 2 }, plan.NextRound().ToRerun);
    }

    [Fact]
    public void A_run_given_twice_is_rerun_from_both_inputs_so_each_ends_as_its_own_result()
    {
        var plan = new NestedRerunPlan();
        plan.Add("a", null);
        plan.Add("a", null);

        Assert.Equal(new[] { 0, 1 }, plan.NextRound().ToRerun);
    }

    [Fact]
    public void Runs_that_name_each_other_as_parents_are_rerun_rather_than_waiting_forever()
    {
        var plan = new NestedRerunPlan();
        plan.Add("a", "b");
        plan.Add("b", "a");

        Assert.Equal(new[] { 0, 1 }, plan.NextRound().ToRerun);
        Assert.True(plan.NextRound().IsEmpty);
    }
}
