using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// Reruns tumbling windows for one invocation: refuses what cannot be rerun before anything is sent, sends each
/// window's rerun once (paced by ARM's write bucket in the one HTTP path; a full pipeline queue is waited out), and
/// finds each window's new trigger run with the batched <see cref="TriggerRunFinder"/>.
/// </summary>
public sealed class TriggerRerunner
{
    private readonly AdfClient client;
    private readonly PipelineQueues queues = new();
    private readonly TriggerRunFinder finder;
    private readonly ConcurrentDictionary<string, Task<TriggerRunData>> windows = new(StringComparer.OrdinalIgnoreCase);

    public TriggerRerunner(AdfClient client)
    {
        this.client = client;
        finder = new TriggerRunFinder(client);
    }

    /// <summary>Throws TriggerRunException for a run that is not a finished tumbling window (InvalidInputException for broken names); nothing is sent.</summary>
    public static void CheckCanRerun(TriggerRunData run)
    {
        (run.Target ?? throw new InvalidInputException($"Trigger run {run.TriggerRunId} names no factory or workspace.")).Validate();
        if (run.TriggerType is not null && !run.IsTumblingWindow)
        {
            throw new TriggerRunException(
                $"{run.Describe()} is a {run.TriggerType} run: only tumbling window trigger runs can be rerun (the service answers 'Invalid trigger type'). Start the pipeline again with Start-AdfPipelineRun instead.",
                "OnlyTumblingWindowsRerun");
        }

        if (!run.IsTerminal)
        {
            throw new TriggerRunException(
                $"{run.Describe()} is {run.Status}: a window is rerun once it has finished. Wait for it, or stop it with Stop-AdfTriggerRun.",
                "TriggerRunNotFinished");
        }
    }

    /// <summary>Whether the invocation has already rerun this run's window (a second input of it is not sent again).</summary>
    public bool IsAlreadyRerun(TriggerRunData run) => windows.ContainsKey(WindowKey(run));

    /// <summary>The window's new trigger run. A window given twice is rerun once; both inputs get its new run.</summary>
    public Task<TriggerRunData> RerunAsync(TriggerRunData run, CancellationToken cancellationToken)
    {
        CheckCanRerun(run);
        return windows.GetOrAdd(WindowKey(run), _ => RerunOnceAsync(run, cancellationToken));
    }

    private async Task<TriggerRunData> RerunOnceAsync(TriggerRunData run, CancellationToken cancellationToken)
    {
        var target = run.Target!;
        var sentAt = DateTimeOffset.UtcNow;
        try
        {
            await queues.SendWaitingForRoomAsync(
                target,
                QueueName(run),
                () =>
                {
                    sentAt = DateTimeOffset.UtcNow;
                    return client.SendTriggerRunActionAsync(target, run.TriggerName, run.TriggerRunId, rerun: true, cancellationToken, RerunClassifier.Instance);
                },
                "the window was not rerun",
                client.Log,
                cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException ambiguous) when (RerunClassifier.MayHaveHappened(ambiguous))
        {
            // The service may have rerun the window before the answer was lost: its new run decides, never a second rerun.
            client.Log.Warning($"The rerun of {run.Describe()} failed without a clear answer ({ambiguous.Message.TrimEnd('.')}); looking for its new trigger run instead of sending it again.");
        }

        if (client.Log.VerboseEnabled)
        {
            client.Log.Verbose($"Rerun {run.Describe()}; looking for its new trigger run.");
        }

        return await finder.FindAsync(run, sentAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pipeline whose queue the rerun joins: the one the window started, else (unknown) the trigger's own name.</summary>
    private static string QueueName(TriggerRunData run) =>
        run.TriggeredPipelines.Count > 0 ? run.TriggeredPipelines[0].Key : "trigger:" + run.TriggerName;

    private static string WindowKey(TriggerRunData run) =>
        $"{run.Target}|{run.TriggerName}|" + (run.WindowStart is { } start && run.WindowEnd is { } end
            ? $"{start.UtcTicks}-{end.UtcTicks}"
            : run.TriggerRunId);
}
