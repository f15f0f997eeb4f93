using System;
using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Running;

namespace AdfRuns.Commands;

/// <summary>Wait-AdfPipelineRun; its help (synopsis, parameters, examples) is docs/Wait-AdfPipelineRun.md.</summary>
[Cmdlet(VerbsLifecycle.Wait, "AdfPipelineRun", DefaultParameterSetName = ByInputObjectSet)]
[OutputType(typeof(PipelineRun))]
public sealed class WaitAdfPipelineRunCommand : RunTargetBase
{
    private readonly List<PipelineRunData> waiting = new();

    /// <summary>How long to wait (a bare number is seconds); each run still going then gets a WaitTimeout error and is written in its last state.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.Positive)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>How often to ask the service (default 15 seconds, at least 1 except against a loopback endpoint; a bare number is seconds); one request per factory per poll, however many runs.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.PollingInterval)]
    public TimeSpan? PollingInterval { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        if (InputObject is not null)
        {
            foreach (var run in InputObject)
            {
                if (run.IsTerminal)
                {
                    WriteObject(run);
                    continue;
                }

                waiting.Add(run.Data);
            }

            return;
        }

        foreach (var runId in RunId!)
        {
            TryRun(runId, async (client, pump, token) => waiting.Add(await client.GetRunAsync(target, runId, token).ConfigureAwait(false)));
        }
    }

    protected override void EndProcessing()
    {
        if (waiting.Count > 0)
        {
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, waiting, PollingInterval, Timeout, token));
        }
    }
}
