using System;
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
internal sealed class OrderedRunner : IEngineLog, IDisposable
{
    private readonly PipelineInbox inbox = new();
    private readonly Queue<Item> pending = new();
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
    public OrderedRunner(Cmdlet cmdlet, int throttleLimit, SharedRetryBudget retryBudget, CancellationToken cancellationToken, string? progressActivity = null)
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
        Client = new AdfClient(AdfSession.Client, this, retryBudget);
    }

    public AdfClient Client { get; }

    public bool VerboseEnabled { get; }

    public bool DebugEnabled { get; }

    /// <summary>Queues one input's work; its result is an action for the pipeline thread (e.g. WriteObject), or null.</summary>
    public void Enqueue(object? input, Func<AdfClient, CancellationToken, Task<Action?>> work)
    {
        var item = new Item(input);
        pending.Enqueue(item);
        queued++;
        _ = RunAsync(item, work);
        WriteFinished(waitForAll: false);
    }

    // Runs on the pipeline thread until its first wait (a free slot is taken at once), so a request is built and
    // sent without a hop to the thread pool first; the rest runs wherever the awaited I/O completes.
    private async Task RunAsync(Item item, Func<AdfClient, CancellationToken, Task<Action?>> work)
    {
        Action? result = null;
        Exception? failure = null;
        var holdsSlot = false;
        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            holdsSlot = true;
            result = await work(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            if (holdsSlot)
            {
                slots.Release();
            }
        }

        item.Finish(result, failure);
        inbox.Signal();
    }

    /// <summary>Writes what is finished, in order; with waitForAll, waits for everything queued.</summary>
    public void WriteFinished(bool waitForAll)
    {
        while (pending.Count > 0)
        {
            var head = pending.Peek();
            if (!head.IsDone)
            {
                if (!waitForAll && pending.Count < maxWaiting)
                {
                    inbox.RunQueued();
                    if (!head.IsDone)
                    {
                        return;
                    }
                }
                else
                {
                    inbox.RunUntil(() => head.IsDone);
                }
            }

            pending.Dequeue();
            inbox.RunQueued();
            Complete(head);
            ReportProgress(final: false);
        }

        inbox.RunQueued();
        if (waitForAll)
        {
            ReportProgress(final: true);
        }
    }

    /// <summary>
    /// Frees the slots once every queued input has been written. After a stop, work still in flight releases its
    /// slot later, so then the semaphore is left to the collector (it never made a wait handle).
    /// </summary>
    public void Dispose()
    {
        if (pending.Count == 0)
        {
            slots.Dispose();
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

    public void Post(Action action) => inbox.Post(action);

    public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

    public void Debug(string message) => Post(() => cmdlet.WriteDebug(message));

    public void Warning(string message) => Post(() => cmdlet.WriteWarning(message));

    private void Complete(Item item)
    {
        written++;
        if (item.Failure is null)
        {
            item.Result?.Invoke();
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }

        failed++;
        cmdlet.WriteError(ErrorRecords.From(item.Failure, item.Input));
    }

    /// <summary>One input and, once its work has ended, what it produced: an action for the pipeline thread or a failure.</summary>
    private sealed class Item
    {
        private volatile bool done;

        public Item(object? input)
        {
            Input = input;
        }

        public object? Input { get; }

        public Action? Result { get; private set; }

        public Exception? Failure { get; private set; }

        public bool IsDone => done;

        public void Finish(Action? result, Exception? failure)
        {
            Result = result;
            Failure = failure;
            done = true;
        }
    }
}
