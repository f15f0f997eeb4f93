using System;
using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Running;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>Stop-AdfPipelineRun; its help (synopsis, parameters, examples) is docs/Stop-AdfPipelineRun.md.</summary>
[Cmdlet(VerbsLifecycle.Stop, "AdfPipelineRun", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PipelineRun))]
public sealed class StopAdfPipelineRunCommand : RunTargetBase
{
    private readonly List<PipelineRunData> cancelled = new();
    private OrderedRunner? runner;

    /// <summary>Also cancel the child pipeline runs started by Execute Pipeline activities.</summary>
    [Parameter]
    [Alias("Recurse", "IsRecursive")]
    public SwitchParameter Recursive { get; set; }

    /// <summary>Cancel without asking, even under -Confirm or a $ConfirmPreference of Medium or lower (-WhatIf still only shows).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Wait until the runs are Cancelled.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Write the runs (after the wait, with -Wait).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>With -Wait: how long to wait; a bare number is seconds.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.Positive)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: how often to ask the service (default 15 seconds, at least 1 except against a loopback endpoint); a bare number is seconds.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.PollingInterval)]
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>How many cancel requests may be in flight when many runs are piped (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    private OrderedRunner Runner => runner ??= new OrderedRunner(this, ThrottleLimit, RetryBudget, Cancellation, ProgressGate.IsInteractive(this) ? "Cancelling pipeline runs" : null);

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        var recursive = Recursive.IsPresent;
        var wait = Wait.IsPresent;
        var passThru = PassThru.IsPresent;
        foreach (var (input, runId, piped) in Targets())
        {
            if (!(Force && !WhatIfRequested()) && !ShouldProcess($"run {runId} in {target.Describe()}", recursive ? "Cancel the run and its child runs" : "Cancel the run"))
            {
                continue;
            }

            var log = Runner;
            var pipelineName = piped?.PipelineName;
            Runner.Enqueue(input, async (client, token) =>
            {
                var current = await client.GetRunAsync(target, runId, token, pipelineName).ConfigureAwait(false);
                if (current.IsTerminal)
                {
                    log.Warning($"Run {runId} of pipeline '{current.PipelineName}' has already finished ({current.Status}); nothing to cancel.");
                    var finished = new PipelineRun(current);
                    return passThru ? () => WriteObject(finished) : null;
                }

                await client.CancelRunAsync(target, runId, recursive, token, current.PipelineName).ConfigureAwait(false);
                if (wait)
                {
                    return () => cancelled.Add(current);
                }

                if (!passThru)
                {
                    return null;
                }

                var after = new PipelineRun(await client.GetRunAsync(target, runId, token, current.PipelineName).ConfigureAwait(false));
                return () => WriteObject(after);
            });
        }
    }

    protected override void EndProcessing()
    {
        runner?.WriteFinished(waitForAll: true);
        if (Wait && cancelled.Count > 0)
        {
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, cancelled, PollingInterval, Timeout, token, writeRuns: PassThru));
        }
    }
}
