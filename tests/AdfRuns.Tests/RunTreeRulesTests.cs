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
}
