using System;
using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Engine.Triggers;
using AdfRuns.Binding;
using AdfRuns.Running;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Reruns tumbling windows (trigger runs), many in one pipeline of input, and finds each window's new trigger run.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "AdfTriggerRun", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(TriggerRun))]
public sealed class RestartAdfTriggerRunCommand : TriggerRunTargetBase
{
    private readonly List<TriggerRunData> rerun = new();
    private OrderedRunner? runner;
    private TriggerRerunner? rerunner;

    /// <summary>Wait until each window's new trigger run and the pipeline runs it started have finished; write it then.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait before giving up (a WaitTimeout error per unfinished window); a bare number is seconds.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.Positive)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: how often to ask the service (default 15 seconds, at least 1 except against a loopback endpoint); a bare number is seconds.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.PollingInterval)]
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>How many reruns may be in flight when many windows are piped (default 16).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 16;

    private OrderedRunner Runner => runner ??= new OrderedRunner(this, ThrottleLimit, RetryBudget, Cancellation, ProgressGate.IsInteractive(this) ? "Rerunning trigger windows" : null);

    private TriggerRerunner Rerunner => rerunner ??= new TriggerRerunner(Runner.Client);

    protected override void ProcessRecord()
    {
        var wait = Wait.IsPresent;
        foreach (var (input, run) in Targets())
        {
            try
            {
                TriggerRerunner.CheckCanRerun(run);
            }
            catch (Exception refused) when (refused is TriggerRunException or Engine.Requests.InvalidInputException)
            {
                WriteError(ErrorRecords.From(refused, input));
                continue;
            }

            if (!ShouldProcess(Describe(run), "Rerun the window"))
            {
                continue;
            }

            if (Rerunner.IsAlreadyRerun(run))
            {
                WriteWarning($"{run.Describe()} was given more than once; it is rerun once, and its new trigger run is written for each.");
            }

            var windows = Rerunner;
            Runner.Enqueue(input, async (_, token) =>
            {
                var found = await windows.RerunAsync(run, token).ConfigureAwait(false);
                if (wait)
                {
                    return () => rerun.Add(found);
                }

                var output = new TriggerRun(found);
                return () => WriteObject(output);
            });
        }
    }

    protected override void EndProcessing()
    {
        runner?.WriteFinished(waitForAll: true);
        if (!Wait || rerun.Count == 0)
        {
            return;
        }

        var timeout = Timeout;
        Run((client, pump, token) => new TriggerRunWaiter(client).WaitAsync(
            rerun,
            PollingInterval ?? RunWaiting.DefaultPollingInterval,
            timeout,
            finished =>
            {
                var output = new TriggerRun(finished);
                pump.Post(() => WriteObject(output));
            },
            (lastKnown, failure) =>
            {
                var output = new TriggerRun(lastKnown);
                var error = failure is null
                    ? ErrorRecords.Create(new TimeoutException($"{lastKnown.Describe()} had not finished after {timeout}; it goes on in the service."), "WaitTimeout", ErrorCategory.OperationTimeout, output)
                    : ErrorRecords.From(failure, output);
                pump.Post(() =>
                {
                    WriteError(error);
                    WriteObject(output);
                });
            },
            token));
    }
}
