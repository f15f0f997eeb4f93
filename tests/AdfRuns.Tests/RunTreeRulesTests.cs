using System.Linq;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Trees;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 15: which failed activities explain a run, and the child run an ExecutePipeline activity started.</summary>
public sealed class RunTreeRulesTests
{
    private static ActivityRunData Activity(string name, string type, string status, string? output = null) =>
        ResponseMapper.ToActivityRun(
            (JsonTreeObject)JsonTree.Parse($"{{\"activityName\":\"{name}\",\"activityType\":\"{type}\",\"status\":\"{status}\",\"output\":{output ?? "{}"}}}")!,
            null);

    [Fact]
    public void A_container_that_failed_because_of_an_inner_activity_is_not_a_root_cause()
    {
        var candidates = RootCauseRules.Candidates(new[]
        {
            Activity("ForEachTable", "ForEach", "Failed"),
            Activity("RunChild", "ExecutePipeline", "Failed"),
            Activity("RunChild", "ExecutePipeline", "Succeeded"),
            Activity("IsFull", "IfCondition", "Failed"),
        });

        Assert.Equal(new[] { "RunChild" }, candidates.Select(activity => activity.ActivityName));
    }

    [Fact]
    public void A_container_that_failed_on_its_own_is_the_root_cause()
    {
        var candidates = RootCauseRules.Candidates(new[]
        {
            Activity("Prepare", "Wait", "Succeeded"),
            Activity("ForEachTable", "ForEach", "Failed"),
        });

        Assert.Equal("ForEachTable", Assert.Single(candidates).ActivityName);
    }

    [Fact]
    public void An_ExecutePipeline_activity_names_the_child_run_from_its_output()
    {
        var started = Activity("RunChild", "ExecutePipeline", "Failed", "{\"pipelineName\":\"NightlyChild\",\"pipelineRunId\":\"9bc2b381-1788-47e5-b814-e077169808f7\"}");
        var copy = Activity("Copy", "Copy", "Succeeded", "{\"pipelineRunId\":\"not-a-child\"}");
        var notStarted = Activity("RunChild", "ExecutePipeline", "Failed", "{}");

        Assert.Equal("9bc2b381-1788-47e5-b814-e077169808f7", started.ChildPipelineRunId);
        Assert.Null(copy.ChildPipelineRunId);
        Assert.Null(notStarted.ChildPipelineRunId);
    }

    private static ActivityRunData Started(string name, string parameters, string status = "Failed") =>
        ResponseMapper.ToActivityRun(
            (JsonTreeObject)JsonTree.Parse($"{{\"activityName\":\"{name}\",\"activityType\":\"ExecutePipeline\",\"status\":\"{status}\",\"input\":{{\"pipeline\":{{\"referenceName\":\"Child\"}},\"parameters\":{parameters}}}}}")!,
            null);

    private static ActivityRunData ForEach(int itemsCount) =>
        ResponseMapper.ToActivityRun(
            (JsonTreeObject)JsonTree.Parse($"{{\"activityName\":\"ForEachTable\",\"activityType\":\"ForEach\",\"status\":\"Failed\",\"input\":{{\"ItemsCount\":{itemsCount}}}}}")!,
            null);

    [Fact(DisplayName = "#15 T1 children of one ExecutePipeline activity are named by the parameters that differ between them")]
    public void Siblings_are_named_by_their_differing_parameters()
    {
        var first = Started("RunChild", "{\"Table\":\"table_07\",\"Mode\":\"full\"}");
        var second = Started("RunChild", "{\"Table\":\"table_21\",\"Mode\":\"full\"}");
        var other = Started("RunOther", "{\"Mode\":\"full\"}");

        var segments = ChildRunLabels.Segments(new[] { first, second, other }, failedOnly: false);

        Assert.Equal("RunChild[Table=table_07]", segments[first]);
        Assert.Equal("RunChild[Table=table_21]", segments[second]);
        Assert.Equal("RunOther", segments[other]);
    }

    [Fact(DisplayName = "#15 T1 when no parameter differs, all are named, at most three, each value shortened")]
    public void Without_a_difference_all_parameters_are_named_shortly()
    {
        const string parameters = "{\"A\":\"0123456789012345678901234567890123456789\",\"B\":2,\"C\":[1,2],\"D\":true}";
        var first = Started("RunChild", parameters);
        var second = Started("RunChild", parameters);

        var segments = ChildRunLabels.Segments(new[] { first, second }, failedOnly: false);

        Assert.Equal("RunChild[A=01234567890123456789012345678...,B=2,C=[1,2],...]", segments[first]);
    }

    [Fact(DisplayName = "#15 T1 a single failed child is named when a ForEach of more than one item failed beside it, plain otherwise")]
    public void A_single_failed_child_is_named_only_inside_a_failed_ForEach_of_several_items()
    {
        var started = Started("RunChild", "{\"Table\":\"table_33\"}");

        Assert.Equal("RunChild[Table=table_33]", ChildRunLabels.Segments(new[] { ForEach(50), started }, failedOnly: true)[started]);
        Assert.Equal("RunChild", ChildRunLabels.Segments(new[] { ForEach(1), started }, failedOnly: true)[started]);
        Assert.Equal("RunChild", ChildRunLabels.Segments(new[] { ForEach(50), started }, failedOnly: false)[started]);
        Assert.Equal("RunChild", ChildRunLabels.Segments(new[] { started }, failedOnly: true)[started]);
    }

    [Fact(DisplayName = "#15 T2 the warning for a run with nothing to explain names it, its status and, for a failed run, its message")]
    public void A_run_with_nothing_to_explain_is_described()
    {
        PipelineRunData Run(string status, string? message = null) => ResponseMapper.ReadPipelineRun(
            $"{{\"runId\":\"r1\",\"pipelineName\":\"X\",\"status\":\"{status}\",\"message\":\"{message}\"}}",
            null);

        Assert.Equal("Run r1 of pipeline 'X' is Cancelled: it has no failed activity to explain.", RootCauseRules.NothingToExplain(Run("Cancelled")));
        Assert.Equal("Run r1 of pipeline 'X' is InProgress: it has no failed activity to explain yet.", RootCauseRules.NothingToExplain(Run("InProgress")));
        Assert.Equal("Run r1 of pipeline 'X' is Failed, but no activity of it failed; the run's message: Quota exceeded", RootCauseRules.NothingToExplain(Run("Failed", "Quota exceeded")));
    }
}
