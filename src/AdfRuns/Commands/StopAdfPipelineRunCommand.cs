using System;
using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Engine.Model;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Cancels pipeline runs, optionally with the child pipelines they started.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "AdfPipelineRun", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PipelineRun))]
public sealed class StopAdfPipelineRunCommand : RunTargetBase
{
    private readonly List<PipelineRunData> cancelled = new();

    /// <summary>Also cancel the child pipeline runs started by Execute Pipeline activities.</summary>
    [Parameter]
    public SwitchParameter Recursive { get; set; }

    /// <summary>Wait until the runs are Cancelled.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>Write the runs (after the wait, with -Wait).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>With -Wait: how long to wait.</summary>
    [Parameter]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: how often to ask the service.</summary>
    [Parameter]
    public TimeSpan? PollingInterval { get; set; }

    protected override void ProcessRecord()
    {
        var factory = ResolveFactory();
        var targets = new List<(object Input, string RunId)>();
        if (InputObject is not null)
        {
            foreach (var run in InputObject)
            {
                targets.Add((run, run.RunId));
            }
        }
        else
        {
            foreach (var runId in RunId!)
            {
                targets.Add((runId, runId));
            }
        }

        foreach (var (input, runId) in targets)
        {
            if (!ShouldProcess($"run {runId} in factory '{factory.FactoryName}'", Recursive ? "Cancel the run and its child runs" : "Cancel the run"))
            {
                continue;
            }

            TryRun(input, async (client, pump, token) =>
            {
                var current = await client.GetRunAsync(factory, runId, token).ConfigureAwait(false);
                if (current.IsTerminal)
                {
                    pump.Warning($"Run {runId} of pipeline '{current.PipelineName}' has already finished ({current.Status}); nothing to cancel.");
                    if (PassThru)
                    {
                        var finished = OutputMapper.ToPipelineRun(current);
                        pump.Post(() => WriteObject(finished));
                    }

                    return;
                }

                await client.CancelRunAsync(factory, runId, Recursive, token).ConfigureAwait(false);
                if (Wait)
                {
                    cancelled.Add(current);
                    return;
                }

                if (PassThru)
                {
                    var after = OutputMapper.ToPipelineRun(await client.GetRunAsync(factory, runId, token).ConfigureAwait(false));
                    pump.Post(() => WriteObject(after));
                }
            });
        }
    }

    protected override void EndProcessing()
    {
        if (Wait && cancelled.Count > 0)
        {
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, cancelled, PollingInterval, Timeout, token, writeRuns: PassThru));
        }
    }
}
