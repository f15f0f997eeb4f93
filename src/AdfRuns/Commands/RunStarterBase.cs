using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Starting;
using AdfRuns.Running;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>
/// What Start- and Restart-AdfPipelineRun share: each input is prepared and started by the engine's RunStarter,
/// up to -ThrottleLimit at once, results in input order; -Wait waits for all started runs together.
/// </summary>
public abstract class RunStarterBase : TargetCmdletBase
{
    private readonly List<PipelineRunData> started = new();
    // Every run this invocation created, written or not: output written before a Ctrl+C is lost when it was being
    // assigned ($runs = ... | Start-AdfPipelineRun), so a stop names them all.
    private readonly ConcurrentQueue<PipelineRunData> created = new();
    private OrderedRunner? runner;
    private RunStarter? starter;
    private int warnedStopped;
    private bool waiting;
    private bool? asksBeforeStarting;
    private bool? answersYesSilently;
    private bool whatIf;

    /// <summary>Wait until every started run has finished, and write it in its terminal state.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait before giving up (a WaitTimeout error per unfinished run).</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.Positive)]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: how often to ask the service (default 15 seconds).</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.PollingInterval)]
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>How many requests may be in flight when many inputs are piped (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    private OrderedRunner Runner => runner ??= new OrderedRunner(this, ThrottleLimit, RetryBudget, Cancellation, ProgressGate.IsInteractive(this) ? "Starting pipeline runs" : null);

    private RunStarter Starter => starter ??= NewStarter(Runner);

    /// <summary>A started run waits for its read-back batch only while the pipeline thread may bring more inputs.</summary>
    private RunStarter NewStarter(OrderedRunner orderedRunner)
    {
        var runStarter = new RunStarter(orderedRunner.Client, ThrottleLimit, inputsMayFollow: () => !orderedRunner.IsWaitingForResults);
        orderedRunner.WaitingForResults = runStarter.InputPaused;
        return runStarter;
    }

    /// <summary>
    /// Queues one input: the engine prepares it (may it be sent?) and starts it; its run, or an error naming the
    /// input, is written in input order. Under -WhatIf or -Confirm the input is prepared first (that only reads),
    /// so the question shows the body that would be sent and a bad input is refused before anyone is asked.
    /// </summary>
    /// <param name="target">What ShouldProcess names, made only when it is asked.</param>
    /// <param name="preparedAction">The action as the prepared request tells it, when it says more than <paramref name="action"/>.</param>
    /// <param name="started">Told the new run's id once it is created (on a worker thread), or null on the pipeline thread when -WhatIf showed it.</param>
    internal void StartOne(object? input, Func<string> target, string action, Func<RunStarter, CancellationToken, Task<PreparedRun>> prepare, Func<PreparedRun, string?>? preparedAction = null, Action<string?>? started = null)
    {
        // Read once per invocation, as PowerShell's own ShouldProcess reads the preferences: three variable
        // lookups per input add up over thousands of piped inputs.
        asksBeforeStarting ??= AsksBeforeStarting();
        if (asksBeforeStarting.Value)
        {
            PreparedRun? prepared = null;
            TryRun(input, async (client, pump, token) => prepared = await prepare(new RunStarter(client), token).ConfigureAwait(false));
            if (prepared is null)
            {
                return;
            }

            if (!ShouldProcess(prepared.Describe(), preparedAction?.Invoke(prepared) ?? action))
            {
                if (whatIf)
                {
                    started?.Invoke(null);
                }

                return;
            }

            Enqueue(input, (_, _) => Task.FromResult(prepared), started);
            return;
        }

        // Without -WhatIf, a confirmation at this impact or a verbose stream, ShouldProcess answers yes and writes
        // nothing: it is not asked (PowerShell skips such calls itself where it can, AutoYes_CanSkipShouldProcessCall).
        answersYesSilently ??= !StreamPreferences.Verbose(this);
        if (answersYesSilently.Value || ShouldProcess(target(), action))
        {
            Enqueue(input, prepare, started);
        }
    }

    /// <summary>Writes what every queued input came to before going on (Restart reruns parents before their children).</summary>
    internal void FinishQueued() => NamingWhatExistsOnStop(() => runner?.WriteFinished(waitForAll: true));

    /// <summary>
    /// Ctrl+C cancels everything in flight, but runs the service already created keep going, and a createRun in
    /// flight may still create one: both are named. A stopped pipeline takes no more warnings, so it goes to the host.
    /// </summary>
    private void NamingWhatExistsOnStop(Action action)
    {
        try
        {
            action();
        }
        catch (PipelineStoppedException)
        {
            if (Interlocked.Exchange(ref warnedStopped, 1) == 0 && StoppedMessage(created.ToList(), starter?.CreatedNotReadBack, starter?.InFlight) is { } message)
            {
                StoppedPipelineWarning.Write(Host, message);
                // Runs whose createRun was answered while they waited to be read back exist too.
                var runs = created.Concat(starter?.CreatedNotReadBackRuns ?? Array.Empty<PipelineRunData>())
                    .GroupBy(run => run.RunId, StringComparer.OrdinalIgnoreCase)
                    .Select(same => new PipelineRun(same.First()))
                    .ToArray();
                if (!waiting && runs.Length > 0)
                {
                    StoppedPipelineWarning.AddToErrorVariable(this, ErrorRecords.Create(
                        new OperationCanceledException(message), "StartInterrupted", ErrorCategory.OperationStopped, runs));
                }
            }

            throw;
        }
    }

    private void Enqueue(object? input, Func<RunStarter, CancellationToken, Task<PreparedRun>> prepare, Action<string?>? onStarted)
    {
        var runStarter = Starter;
        var wait = Wait.IsPresent;
        NamingWhatExistsOnStop(() => Runner.Enqueue(input, async (client, givePlaceBack, token) =>
        {
            var prepared = await prepare(runStarter, token).ConfigureAwait(false);
            var run = await runStarter.StartAsync(prepared, readBack: !wait, token, answered: givePlaceBack).ConfigureAwait(false);
            created.Enqueue(run);
            onStarted?.Invoke(run.RunId);
            if (wait)
            {
                return () => started.Add(run);
            }

            var output = new PipelineRun(run);
            return () => WriteObject(output);
        }));
    }

    protected override void EndProcessing() => NamingWhatExistsOnStop(() =>
    {
        runner?.WriteFinished(waitForAll: true);
        if (starter is not null && Run((_, pump, token) => starter.DescribeLateCommitsAsync(pump.Verbose, token)) is { } lateCommits)
        {
            Warnings.Write(this, lateCommits);
        }

        if (Wait && started.Count > 0)
        {
            waiting = true;
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, started, PollingInterval, Timeout, token));
        }
    });

    /// <param name="notReadBack">Runs whose createRun was answered while they waited to be read back: they exist too.</param>
    internal static string? StoppedMessage(IReadOnlyCollection<PipelineRunData> createdRuns, IReadOnlyDictionary<string, string>? notReadBack, IReadOnlyDictionary<string, string>? inFlight)
    {
        var named = createdRuns.Select(run => new KeyValuePair<string, string>(run.RunId, run.PipelineName))
            .Concat(notReadBack ?? new Dictionary<string, string>())
            .GroupBy(run => run.Key, StringComparer.OrdinalIgnoreCase)
            .Select(same => same.First())
            .ToList();
        var parts = new List<string>();
        if (named.Count > 0)
        {
            parts.Add($"this command created these {named.Count} run(s), and those not finished keep running: {Describe(named)}");
        }

        if (inFlight is { Count: > 0 })
        {
            parts.Add($"these createRun requests were in flight and may still create runs, each with the request's id: {Describe(inFlight)}");
        }

        return parts.Count == 0 ? null : "Stopped; " + string.Join("; ", parts) + ". See them with Get-AdfPipelineRun -RunId <id>"
            + (createdRuns.Count > 0 ? ", or pipe the created runs on with $Error[0].TargetObject." : ".");

        static string Describe(IEnumerable<KeyValuePair<string, string>> runs) =>
            string.Join(", ", runs.Select(pair => $"{pair.Key} (pipeline '{pair.Value}')"));
    }

    /// <summary>Whether ShouldProcess may answer anything but yes: -WhatIf, or -Confirm (by switch or preference).</summary>
    private bool AsksBeforeStarting()
    {
        var bound = MyInvocation.BoundParameters;
        whatIf = WhatIfRequested();
        if (whatIf)
        {
            return true;
        }

        if (bound.TryGetValue("Confirm", out var confirm))
        {
            return IsSet(confirm);
        }

        return GetVariableValue("ConfirmPreference") is ConfirmImpact preference && preference != ConfirmImpact.None && preference <= ConfirmImpact.Low;
    }
}
