using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>The same trigger runs in Synapse mode: the data plane's paths at the workspace root and its bare error bodies.</summary>
public sealed class SynapseTriggerRunTests
{
    [Fact]
    public async Task A_workspace_serves_queryTriggerRuns_rerun_and_cancel_at_its_root_with_bare_errors()
    {
        using var harness = new SynapseHarness(o => o.StartTriggers = true);
        using var query = await harness.Post("queryTriggerRuns", TriggerRunTests.Query(TriggerRunTests.TriggerIs("HourlyLoad")));
        Assert.Equal(200, (int)query.StatusCode);
        SynapseHarness.HasNoArmRateLimitHeaders(query);
        var windows = (await ServerHarness.Json(query)).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(24, windows.Count);

        var running = windows.First(w => w.GetProperty("status").GetString() == "Running").GetProperty("triggerRunId").GetString()!;
        using var refused = await harness.Post($"triggers/HourlyLoad/triggerRuns/{running}/cancel", null);
        Assert.Equal(400, (int)refused.StatusCode);
        var (code, message, _) = await SynapseHarness.BareError(refused);
        Assert.Equal("BadRequest", code);
        Assert.Equal($"Trigger run {running} is not in WaitingOnDependency state", message);

        harness.Clock.Advance(TimeSpan.FromSeconds(50));
        using var rerun = await harness.Post($"triggers/HourlyLoad/triggerRuns/{running}/rerun", null);
        Assert.Equal(200, (int)rerun.StatusCode);
        Assert.Empty(await rerun.Content.ReadAsByteArrayAsync());
        using var after = await harness.Post("queryTriggerRuns", TriggerRunTests.Query(TriggerRunTests.TriggerIs("HourlyLoad") + ",{\"operand\":\"Status\",\"operator\":\"Equals\",\"values\":[\"Running\"]}"));
        var rerunWindow = Assert.Single((await ServerHarness.Json(after)).GetProperty("value").EnumerateArray());
        Assert.Equal(running, rerunWindow.GetProperty("groupId").GetString());
        var runId = rerunWindow.GetProperty("triggeredPipelines").GetProperty("WindowLoad").GetString()!;
        Assert.Equal("HourlyLoad", (await harness.Run(runId)).GetProperty("invokedBy").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_workspace_refuses_an_unknown_trigger_with_404_TriggerNotFound()
    {
        using var harness = new SynapseHarness(o => o.StartTriggers = true);
        using var response = await harness.Post("triggers/NoSuch/triggerRuns/08586001811587302486644506085CU07/rerun", null);
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("TriggerNotFound", (await SynapseHarness.BareError(response)).Code);
    }
}
