using System;
using System.Management.Automation;
using AdfRuns.Engine.Triggers;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Cancels waiting tumbling windows; with -IncludePipelineRuns, stops running ones by cancelling their pipeline runs.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "AdfTriggerRun", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(TriggerRun))]
public sealed class StopAdfTriggerRunCommand : TriggerRunTargetBase
{
    private OrderedRunner? runner;

    /// <summary>
    /// Also stop a window that is already running, by cancelling the pipeline runs it started (with their child runs):
    /// the service cancels only windows that are still waiting.
    /// </summary>
    [Parameter]
    [Alias("CancelPipelineRuns")]
    public SwitchParameter IncludePipelineRuns { get; set; }

    /// <summary>Write each trigger run as the service shows it after the stop.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>How many requests may be in flight when many windows are piped (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    private OrderedRunner Runner => runner ??= new OrderedRunner(this, ThrottleLimit, RetryBudget, Cancellation, ProgressGate.IsInteractive(this) ? "Stopping trigger runs" : null);

    protected override void ProcessRecord()
    {
        var includePipelineRuns = IncludePipelineRuns.IsPresent;
        var passThru = PassThru.IsPresent;
        foreach (var (input, run) in Targets())
        {
            string action;
            try
            {
                action = TriggerStopper.Describe(run, includePipelineRuns);
            }
            catch (Exception refused) when (refused is TriggerRunException or Engine.Requests.InvalidInputException)
            {
                WriteError(ErrorRecords.From(refused, input));
                continue;
            }

            if (!ShouldProcess(Describe(run), action))
            {
                continue;
            }

            Runner.Enqueue(input, async (client, token) =>
            {
                await new TriggerStopper(client).StopAsync(run, includePipelineRuns, token).ConfigureAwait(false);
                if (!passThru)
                {
                    return null;
                }

                var after = new TriggerRun(await TriggerQueries.FindAsync(client, run.Target!, run.TriggerName, run.TriggerRunId, token).ConfigureAwait(false));
                return () => WriteObject(after);
            });
        }
    }

    protected override void EndProcessing() => runner?.WriteFinished(waitForAll: true);
}
