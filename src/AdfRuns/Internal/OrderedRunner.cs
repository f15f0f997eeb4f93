using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;

namespace AdfRuns.Internal;

/// <summary>
/// Runs up to ThrottleLimit inputs' requests at once and writes their results on the pipeline thread in input
/// order, each as soon as every input before it is done. At most a bounded number of inputs wait, so 10,000 piped
/// inputs stream through in flat memory. A failed input becomes one error naming it; the rest go on.
/// </summary>
internal sealed class OrderedRunner : IEngineLog
{
    private static readonly Action Wake = () => { };
    private readonly BlockingCollection<Action> messages = new();
    private readonly Queue<(object? Input, Task<Action?> Work)> pending = new();
    private readonly SemaphoreSlim slots;
    private readonly Cmdlet cmdlet;
    private readonly CancellationToken cancellationToken;
    private readonly int maxWaiting;
    private readonly string? progressActivity;
    private readonly int progressId = Interlocked.Increment(ref nextProgressId);
    private readonly System.Diagnostics.Stopwatch sinceProgress = System.Diagnostics.Stopwatch.StartNew();
    private int queued;
    private int written;
    private int failed;
    private static int nextProgressId = 2000;

    /// <param name="progressActivity">The progress bar's title, or null for no progress.</param>
    public OrderedRunner(Cmdlet cmdlet, int throttleLimit, CancellationToken cancellationToken, string? progressActivity = null)
    {
        this.cmdlet = cmdlet;
        this.progressActivity = progressActivity;
        if (cmdlet is PSCmdlet host)
        {
            VerboseEnabled = StreamPreferences.Verbose(host);
            DebugEnabled = StreamPreferences.Debug(host);
        }

        this.cancellationToken = cancellationToken;
        slots = new SemaphoreSlim(throttleLimit, throttleLimit);
        maxWaiting = Math.Max(throttleLimit * 4, 16);
        Client = new AdfClient(AdfSession.Client, this);
    }

    public AdfClient Client { get; }

    public bool VerboseEnabled { get; }

    public bool DebugEnabled { get; }

    /// <summary>Queues one input's work; its result is an action for the pipeline thread (e.g. WriteObject), or null.</summary>
    public void Enqueue(object? input, Func<AdfClient, CancellationToken, Task<Action?>> work)
    {
        var task = Task.Run(async () =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(Client, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
                Post(Wake);
            }
        });
        pending.Enqueue((input, task));
        queued++;
        WriteFinished(waitForAll: false);
    }

    /// <summary>Writes what is finished, in order; with waitForAll, waits for everything queued.</summary>
    public void WriteFinished(bool waitForAll)
    {
        while (pending.Count > 0)
        {
            var head = pending.Peek();
            if (!head.Work.IsCompleted)
            {
                if (!waitForAll && pending.Count < maxWaiting)
                {
                    PumpAvailable();
                    if (!head.Work.IsCompleted)
                    {
                        return;
                    }
                }
                else
                {
                    PumpUntil(head.Work);
                }
            }

            pending.Dequeue();
            PumpAvailable();
            Complete(head.Input, head.Work);
            ReportProgress(final: false);
        }

        PumpAvailable();
        if (waitForAll)
        {
            ReportProgress(final: true);
        }
    }

    private void ReportProgress(bool final)
    {
        if (progressActivity is null || (!final && sinceProgress.ElapsedMilliseconds < 250) || queued == 0)
        {
            return;
        }

        sinceProgress.Restart();
        var record = new ProgressRecord(progressId, progressActivity, $"{written} of {queued} done ({failed} failed), {queued - written} in flight or waiting")
        {
            PercentComplete = (int)(100.0 * written / queued),
            RecordType = final ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        cmdlet.WriteProgress(record);
    }

    public void Post(Action action)
    {
        if (!messages.IsAddingCompleted)
        {
            messages.Add(action);
        }
    }

    public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

    public void Debug(string message) => Post(() => cmdlet.WriteDebug(message));

    public void Warning(string message) => Post(() => cmdlet.WriteWarning(message));

    private void Complete(object? input, Task<Action?> work)
    {
        written++;
        if (work.Status == TaskStatus.RanToCompletion)
        {
            work.Result?.Invoke();
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        failed++;
        var failure = work.Exception?.InnerExceptions.Count == 1 ? work.Exception.InnerExceptions[0] : (Exception?)work.Exception ?? new OperationCanceledException();
        cmdlet.WriteError(ErrorRecords.From(failure, input));
    }

    private void PumpAvailable()
    {
        while (messages.TryTake(out var action))
        {
            action();
        }
    }

    private void PumpUntil(Task task)
    {
        while (!task.IsCompleted)
        {
            if (messages.TryTake(out var action, 200))
            {
                action();
            }
        }
    }
}
