using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Triggers;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>
/// Trigger runs against the contract (tests/contract): the requests match the spec's examples field by field in a
/// factory and a workspace, and the mapper reads the examples' answer and the recorded trigger run quoted in
/// triggers.md, window times to UTC whatever the culture.
/// </summary>
public sealed class TriggerRunContractTests
{
    private static readonly string SynapseFolder = System.IO.Path.Combine("synapse", "examples");
    private static readonly RunTarget Factory = new FactoryTarget("12345678-1234-1234-1234-12345678abc", "rg", "factory1");

    private static RunTarget FactoryOf(JsonElement parameters) => new FactoryTarget(
        parameters.GetProperty("subscriptionId").GetString()!,
        parameters.GetProperty("resourceGroupName").GetString()!,
        parameters.GetProperty("factoryName").GetString()!);

    // The examples write it "exampleWorkspace"; a host name has no case, and Synapse names are lower case.
    private static RunTarget WorkspaceOf(JsonElement parameters) =>
        new WorkspaceTarget(parameters.GetProperty("endpoint").GetString()!.Split('.')[0].ToLowerInvariant());

    [Fact]
    public void QueryTriggerRuns_matches_TriggerRuns_QueryByFactory_path_query_and_body()
    {
        var parameters = ContractFiles.ExampleParameters("TriggerRuns_QueryByFactory");
        var factory = FactoryOf(parameters);
        var request = RequestBuilder.QueryTriggerRuns(factory, SynapseContractTests.QueryFrom(parameters.GetProperty("filterParameters")), null);
        Assert.Equal("POST", request.Method);
        var coordinates = (FactoryTarget)factory;
        Assert.Equal($"/subscriptions/{coordinates.SubscriptionId}/resourceGroups/{coordinates.ResourceGroupName}/providers/Microsoft.DataFactory/factories/{coordinates.FactoryName}/queryTriggerRuns", request.Path);
        Assert.Equal(new[] { "api-version=" + parameters.GetProperty("api-version").GetString() }, request.Query.Select(p => $"{p.Key}={p.Value}"));
        SynapseContractTests.AssertFilterBody(parameters.GetProperty("filterParameters"), request.Body);
        Assert.False(request.IsWrite);
    }

    [Fact]
    public void QueryTriggerRuns_matches_TriggerRuns_QueryByWorkspace_at_the_workspace_root()
    {
        var parameters = ContractFiles.ExampleParameters("TriggerRuns_QueryByWorkspace", SynapseFolder);
        var request = RequestBuilder.QueryTriggerRuns(WorkspaceOf(parameters), SynapseContractTests.QueryFrom(parameters.GetProperty("filterParameters")), null);
        Assert.Equal("/queryTriggerRuns", request.Path);
        Assert.Equal(new WorkspaceTarget("exampleworkspace"), request.Target);
        Assert.Equal(new[] { "api-version=2020-12-01" }, request.Query.Select(p => $"{p.Key}={p.Value}"));
        SynapseContractTests.AssertFilterBody(parameters.GetProperty("filterParameters"), request.Body);
    }

    [Theory]
    [InlineData("examples", "/subscriptions/12345678-1234-1234-1234-12345678abc/resourceGroups/exampleResourceGroup/providers/Microsoft.DataFactory/factories/exampleFactoryName/triggers/exampleTrigger/triggerRuns/2f7fdb90-5df1-4b8e-ac2f-064cfa58202b/rerun")]
    [InlineData("synapse", "/triggers/exampleTrigger/triggerRuns/2f7fdb90-5df1-4b8e-ac2f-064cfa58202b/rerun")]
    public void Rerun_matches_TriggerRuns_Rerun_a_bodyless_write(string service, string path)
    {
        var synapse = service == "synapse";
        var parameters = ContractFiles.ExampleParameters("TriggerRuns_Rerun", synapse ? SynapseFolder : "examples");
        var target = synapse ? WorkspaceOf(parameters) : FactoryOf(parameters);
        var request = RequestBuilder.TriggerRunAction(target, parameters.GetProperty("triggerName").GetString()!, parameters.GetProperty("runId").GetString()!, rerun: true);
        Assert.Equal("POST", request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal(new[] { "api-version=" + parameters.GetProperty("api-version").GetString() }, request.Query.Select(p => $"{p.Key}={p.Value}"));
        Assert.Null(request.Body);
        Assert.True(request.IsWrite);
        Assert.Equal(AdfOperation.RerunTriggerRun, request.Operation);
    }

    [Fact]
    public void Rerun_and_cancel_of_a_recorded_trigger_run_id_keep_it_as_it_is_and_refuse_one_that_could_change_the_path()
    {
        var factory = new FactoryTarget("00000000-0000-0000-0000-000000000000", "rg", "factory1");
        const string id = "08586001811587302486644506085CU07";
        Assert.EndsWith($"/triggers/foo/triggerRuns/{id}/cancel", RequestBuilder.TriggerRunAction(factory, "foo", id, rerun: false).Path);
        var refused = Assert.Throws<InvalidInputException>(() => RequestBuilder.TriggerRunAction(factory, "foo", "../pipelines", rerun: true));
        Assert.Contains("not a trigger run id", refused.Message);
        Assert.Throws<InvalidInputException>(() => RequestBuilder.TriggerRunAction(factory, "a/b", id, rerun: true));
    }

    [Fact]
    public void The_mapper_reads_TriggerRuns_QueryByFactory_field_by_field()
    {
        var body = ContractFiles.ExampleBody("TriggerRuns_QueryByFactory");
        var page = ResponseMapper.ReadTriggerRunPage(body, Factory);
        var run = Assert.Single(page.Items);
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("value")[0];
        Assert.Equal(expected.GetProperty("triggerName").GetString(), run.TriggerName);
        Assert.Equal(expected.GetProperty("triggerRunId").GetString(), run.TriggerRunId);
        Assert.Equal(expected.GetProperty("triggerType").GetString(), run.TriggerType);
        Assert.Equal(expected.GetProperty("triggerRunTimestamp").GetDateTimeOffset(), run.TriggerRunTimestamp);
        Assert.Equal(expected.GetProperty("status").GetString(), run.Status);
        Assert.Equal(expected.GetProperty("message").GetString(), run.Message);
        Assert.Equal(expected.GetProperty("properties").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"), run.Properties.Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal(expected.GetProperty("triggeredPipelines").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"), run.TriggeredPipelines.Select(p => $"{p.Key}={p.Value}"));
        Assert.Null(run.WindowStart);
        Assert.False(run.IsTumblingWindow);
        Assert.Null(page.ContinuationToken);
        Assert.Equal("OnlyTumblingWindowsRerun", Assert.Throws<TriggerRunException>(() => TriggerRerunner.CheckCanRerun(run)).ErrorId);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("ja-JP")]
    [InlineData("ar-SA")]
    public void The_recorded_tumbling_window_reads_its_window_as_UTC_in_any_culture(string culture)
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            var run = ResponseMapper.ReadTriggerRunPage("{\"value\":[" + RecordedTriggerRun() + "]}", Factory).Items.Single();
            Assert.Equal(new DateTimeOffset(2019, 9, 10, 13, 0, 0, TimeSpan.Zero), run.WindowStart);
            Assert.Equal(new DateTimeOffset(2019, 9, 10, 13, 15, 0, TimeSpan.Zero), run.WindowEnd);
            Assert.Equal(TimeSpan.Zero, run.WindowStart!.Value.Offset);
            Assert.Equal("08586001811587302486644506085CU07", run.TriggerRunId);
            Assert.Equal("08586001811587302486644506085CU07", run.GroupId);
            Assert.True(run.IsTumblingWindow);
            Assert.True(run.IsTerminal);
            Assert.Null(run.Message);
            Assert.Equal(new[] { "samplePipeline=922ded02-4bb0-4229-a05a-de4be17802b7" }, run.TriggeredPipelines.Select(p => $"{p.Key}={p.Value}"));
            TriggerRerunner.CheckCanRerun(run);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("Waiting", true)]
    [InlineData("WaitingOnDependency", true)]
    [InlineData("Running", false)]
    [InlineData("Inprogress", false)]
    public void Only_a_waiting_window_is_cancelled_a_running_one_needs_IncludePipelineRuns(string status, bool waiting)
    {
        var run = ResponseMapper.ReadTriggerRunPage("{\"value\":[" + RecordedTriggerRun().Replace("\"Succeeded\"", $"\"{status}\"") + "]}", Factory).Items.Single();
        if (waiting)
        {
            Assert.Equal("Cancel the waiting window", TriggerStopper.Describe(run, includePipelineRuns: false));
            return;
        }

        var refused = Assert.Throws<TriggerRunException>(() => TriggerStopper.Describe(run, includePipelineRuns: false));
        Assert.Equal("TriggerRunNotWaiting", refused.ErrorId);
        Assert.Contains("window 2019-09-10 13:00-13:15 UTC", refused.Message);
        Assert.Contains("-IncludePipelineRuns", refused.Message);
        Assert.Contains("922ded02-4bb0-4229-a05a-de4be17802b7", TriggerStopper.Describe(run, includePipelineRuns: true));
        Assert.Equal("TriggerRunNotFinished", Assert.Throws<TriggerRunException>(() => TriggerRerunner.CheckCanRerun(run)).ErrorId);
    }

    /// <summary>The recorded trigger run quoted in tests/contract/triggers.md (an ADF session of 2020).</summary>
    private static string RecordedTriggerRun()
    {
        var notes = ContractFiles.ReadText("triggers.md");
        var block = Regex.Match(notes, "## A trigger run \\(recorded\\)\\s*```json\\s*(?<json>.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "triggers.md lost its recorded trigger run");
        return block.Groups["json"].Value;
    }
}
