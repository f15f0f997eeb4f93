using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;

namespace AdfRuns.Threading;

/// <summary>
/// Runs up to ThrottleLimit inputs' requests at once and writes their results on the pipeline thread in input
/// order, each as soon as every input before it is done. At most a bounded number of inputs wait, so 10,000 piped
/// inputs stream through in flat memory. A failed input becomes one error naming it; the rest go on. An input may
/// give its place back before its work ends (a started run waiting for the batch that reads it back has no request
/// in flight), so the next input's request goes out meanwhile.
/// </summary>
internal sealed class OrderedRunner : IEngineLog
{
    private readonly PipelineInbox inbox = new();
    private readonly Queue<Item> pending = new();
    private readonly Queue<Item> notStarted = new();
    private readonly object gate = new();
    private readonly int throttleLimit;
    private readonly Cmdlet cmdlet;
    private readonly CancellationToken cancellationToken;
    private readonly int maxWaiting;
    private readonly string? progressActivity;
    private readonly int progressId = Interlocked.Increment(ref nextProgressId);
    private readonly System.Diagnostics.Stopwatch sinceProgress = System.Diagnostics.Stopwatch.StartNew();
    private Item? awaited;
    private int workers;
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
        this.throttleLimit = throttleLimit;
        // Enough that inputs past the throttle can fill a read-back batch (ReadBackBatcher.BatchSizeFor).
        maxWaiting = Math.Max(throttleLimit * 4, 64);
        Client = new AdfClient(AdfSession.Connection, this, retryBudget);
    }

    public AdfClient Client { get; }

    public bool VerboseEnabled { get; }

    public bool DebugEnabled { get; }

    /// <summary>Whether the pipeline thread waits for a result (no new input comes until it has one).</summary>
    public bool IsWaitingForResults => Volatile.Read(ref awaited) is not null;

    /// <summary>Called on the pipeline thread each time it starts waiting for a result.</summary>
    public Action? WaitingForResults { get; set; }

    /// <summary>Queues one input's work; its result is an action for the pipeline thread (e.g. WriteObject), or null.</summary>
    public void Enqueue(object? input, Func<AdfClient, CancellationToken, Task<Action?>> work) =>
        Enqueue(input, (client, _, token) => work(client, token));

    /// <summary>
    /// Queues one input's work, which may call the action it is given to give its place back early: what is left of
    /// it sends no request the throttle counts.
    /// </summary>
    public void Enqueue(object? input, Func<AdfClient, Action, CancellationToken, Task<Action?>> work)
    {
        var item = new Item(this, input, work);
        pending.Enqueue(item);
        queued++;
        bool startsWorker;
        lock (gate)
        {
            startsWorker = workers < throttleLimit;
            if (startsWorker)
            {
                workers++;
            }
            else
            {
                notStarted.Enqueue(item);
            }
        }

        if (startsWorker)
        {
            _ = WorkAsync(item);
        }

        WriteFinished(waitForAll: false);
    }

    // One of at most ThrottleLimit workers. It runs its first input on the pipeline thread until the first wait (so a
    // request is built and sent without a hop to the thread pool first), then takes each next waiting input itself,
    // on whatever thread the previous one's I/O completed: no thread-pool hop and wake-up per input to hand a free
    // slot over, which on a small machine costs as much CPU as the request itself.
    private async Task WorkAsync(Item first)
    {
        for (var item = first; item is not null; item = item.KeepsPlace() ? NextNotStarted() : null)
        {
            Action? result = null;
            Exception? failure = null;
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                result = await item.Work!(Client, item.GivePlaceBack, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failure = exception;
            }

            item.Finish(result, failure);
            // Only the input the pipeline thread waits for wakes it; the others are written when it gets there.
            Interlocked.MemoryBarrier();
            if (ReferenceEquals(Volatile.Read(ref awaited), item))
            {
                inbox.Signal();
            }
        }
    }

    /// <summary>An input gave its place back before its work ended: the next waiting input takes it.</summary>
    private void HandOverPlace()
    {
        if (NextNotStarted() is { } next)
        {
            _ = WorkAsync(next);
        }
    }

    /// <summary>The next input waiting for a worker, or null (and one worker fewer) when none waits.</summary>
    private Item? NextNotStarted()
    {
        lock (gate)
        {
            if (notStarted.Count > 0)
            {
                return notStarted.Dequeue();
            }

            workers--;
            return null;
        }
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
                    Volatile.Write(ref awaited, head);
                    WaitingForResults?.Invoke();
                    inbox.RunUntil(() => head.IsDone);
                    Volatile.Write(ref awaited, null);
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

    public void Warning(string message) => Post(() => Warnings.Write(cmdlet, message));

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

    /// <summary>One input, its work and, once that has ended, what it produced: an action for the pipeline thread or a failure.</summary>
    private sealed class Item
    {
        private readonly OrderedRunner runner;
        private volatile bool done;
        private int placeGiven;

        public Item(OrderedRunner runner, object? input, Func<AdfClient, Action, CancellationToken, Task<Action?>> work)
        {
            this.runner = runner;
            Input = input;
            Work = work;
        }

        public object? Input { get; }

        /// <summary>The work, until it has run: a finished input waiting for those before it no longer holds it.</summary>
        public Func<AdfClient, Action, CancellationToken, Task<Action?>>? Work { get; private set; }

        public Action? Result { get; private set; }

        public Exception? Failure { get; private set; }

        public bool IsDone => done;

        /// <summary>Gives the input's place to the next waiting input (once; later calls do nothing).</summary>
        public void GivePlaceBack()
        {
            if (Interlocked.Exchange(ref placeGiven, 1) == 0)
            {
                runner.HandOverPlace();
            }
        }

        /// <summary>Whether the work ended with its place still held; from now on it can no longer be given back.</summary>
        public bool KeepsPlace() => Interlocked.Exchange(ref placeGiven, 1) == 0;

        public void Finish(Action? result, Exception? failure)
        {
            Result = result;
            Failure = failure;
            Work = null;
            done = true;
        }
    }
}
