using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Reads just-started runs back in batches: the runs started together are fetched with one queryPipelineRuns per
/// factory (their pipelines, newest first, matched by run id) instead of one GET each, so a bulk start sends
/// about one request per run and spends little of the read quota and of ADF's monitoring-query limit. A run the
/// query does not return is read with a GET.
/// </summary>
/// <remarks>
/// A batch is read when it is full, or when no run can join it soon: no createRun is unanswered and the caller has
/// no input for now (the pipeline thread waits for results, or its input has ended). What has been answered decides,
/// not how long anyone waited, so a slow service or a busy machine gives the same batches as a fast, quiet one.
/// Two clocks only keep a batch from waiting on what may never come: input that trickles in (no createRun for a
/// quarter of a second) and a createRun that takes long (retries after 429s or timeouts).
/// </remarks>
internal sealed class ReadBackBatcher
{
    /// <summary>The largest batch: one query page holds 100 runs.</summary>
    private const int LargestBatch = 100;

    /// <summary>With no createRun unanswered for this long, the input is trickling in: the batch is read.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(250);

    /// <summary>No run waits longer than this for others to join its batch.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How far the service's clock may be behind ours.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Query results looked through for a batch before the rest are read one by one.</summary>
    private const int MaxRunsScanned = 500;

    private readonly AdfClient client;
    private readonly int batchSize;
    private readonly Func<bool> inputsMayFollow;
    private readonly object gate = new();
    private List<Pending>? batch;
    private CancellationToken batchCancellation;
    private int createRunsUnanswered;
    private long lastActivity = Stopwatch.GetTimestamp();

    /// <param name="batchSize">How many started runs are read back with one query.</param>
    /// <param name="inputsMayFollow">Whether the caller may start more runs soon (false while it waits for results).</param>
    public ReadBackBatcher(AdfClient client, int batchSize, Func<bool>? inputsMayFollow = null)
    {
        this.client = client;
        this.batchSize = Math.Max(1, Math.Min(LargestBatch, batchSize));
        this.inputsMayFollow = inputsMayFollow ?? (() => false);
    }

    /// <summary>
    /// The batch for a throttle limit: twice the createRuns in flight (the runs waiting to be read back do not hold
    /// a place), at least 32, so a batch's query adds at most 1/32 of a request per run.
    /// </summary>
    public static int BatchSizeFor(int throttleLimit) => Math.Max(32, Math.Min(LargestBatch, 2 * throttleLimit));

    /// <summary>A createRun is about to be sent: its run will likely join the open batch.</summary>
    public void CreateRunSent()
    {
        Interlocked.Increment(ref createRunsUnanswered);
        Volatile.Write(ref lastActivity, Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// A createRun failed, or its run is not read back: it will not join the batch. (An answered one's run is handed
    /// to <see cref="ReadAsync"/>, which counts it as answered once it has joined.)
    /// </summary>
    public void CreateRunEnded()
    {
        Interlocked.Decrement(ref createRunsUnanswered);
        Volatile.Write(ref lastActivity, Stopwatch.GetTimestamp());
        FlushIfNothingComing();
    }

    /// <summary>Reads the open batch now if no run can join it soon (called when the caller's input pauses or ends).</summary>
    public void FlushIfNothingComing()
    {
        List<Pending>? due = null;
        var cancellationToken = CancellationToken.None;
        lock (gate)
        {
            if (batch is not null && NothingComing())
            {
                due = batch;
                cancellationToken = batchCancellation;
                batch = null;
            }
        }

        if (due is not null)
        {
            _ = FlushAsync(due, cancellationToken);
        }
    }

    /// <summary>Reads back a run whose createRun (counted by <see cref="CreateRunSent"/>) was answered.</summary>
    public Task<PipelineRunData> ReadAsync(RunTarget target, string pipelineName, string runId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var pending = new Pending(target, pipelineName, runId, sentAt);
        List<Pending>? due = null;
        lock (gate)
        {
            if (batch is null)
            {
                batch = new List<Pending>(batchSize);
                batchCancellation = cancellationToken;
                _ = FlushWhenOverdueAsync(batch, cancellationToken);
            }

            batch.Add(pending);
            Interlocked.Decrement(ref createRunsUnanswered);
            Volatile.Write(ref lastActivity, Stopwatch.GetTimestamp());
            if (batch.Count >= batchSize || NothingComing())
            {
                due = batch;
                batch = null;
            }
        }

        if (due is not null)
        {
            _ = FlushAsync(due, cancellationToken);
        }

        return pending.Result.Task;
    }

    private bool NothingComing() => Volatile.Read(ref createRunsUnanswered) <= 0 && !inputsMayFollow();

    /// <summary>The clocks that keep a batch from waiting forever: trickling input, a createRun that takes long, Ctrl+C.</summary>
    private async Task FlushWhenOverdueAsync(List<Pending> mine, CancellationToken cancellationToken)
    {
        var opened = Stopwatch.GetTimestamp();
        try
        {
            while (IsOpen(mine))
            {
                await Task.Delay(CheckInterval, cancellationToken).ConfigureAwait(false);
                var quiet = Volatile.Read(ref createRunsUnanswered) <= 0 && Since(Volatile.Read(ref lastActivity)) >= QuietPeriod;
                if (quiet || Since(opened) >= LongestWait)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Flushed below all the same: every waiting run gets its answer (here, the cancellation).
        }

        lock (gate)
        {
            if (!ReferenceEquals(batch, mine))
            {
                return;
            }

            batch = null;
        }

        await FlushAsync(mine, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan Since(long timestamp) =>
        TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - timestamp) / (double)Stopwatch.Frequency);

    private bool IsOpen(List<Pending> mine)
    {
        lock (gate)
        {
            return ReferenceEquals(batch, mine);
        }
    }

    private async Task FlushAsync(List<Pending> runs, CancellationToken cancellationToken)
    {
        foreach (var targetRuns in runs.GroupBy(run => run.Target))
        {
            var wanted = targetRuns.ToDictionary(run => run.RunId, StringComparer.OrdinalIgnoreCase);
            if (wanted.Count > 1 && !cancellationToken.IsCancellationRequested)
            {
                await QueryAsync(targetRuns.Key, wanted, cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(wanted.Values.Select(run => GetAsync(run, cancellationToken))).ConfigureAwait(false);
        }
    }

    /// <summary>Answers, and removes from <paramref name="wanted"/>, every run the query returns.</summary>
    private async Task QueryAsync(RunTarget target, Dictionary<string, Pending> wanted, CancellationToken cancellationToken)
    {
        var pipelines = wanted.Values.Select(run => run.PipelineName).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var query = new RunQuery(
            wanted.Values.Min(run => run.SentAt) - ClockSkew,
            DateTimeOffset.UtcNow + ClockSkew,
            new[] { new QueryFilter("PipelineName", "In", pipelines) },
            "RunStart",
            descending: true);
        var scanned = 0;
        var pages = new PageSequence($"queryPipelineRuns of {target.Describe()}");
        string? continuation = null;
        try
        {
            do
            {
                var page = await client.QueryRunsAsync(target, query, continuation, cancellationToken, keep: wanted.ContainsKey).ConfigureAwait(false);
                // Newest first: answered oldest first, so the input the pipeline thread waits for is written first.
                for (var i = page.Items.Count - 1; i >= 0; i--)
                {
                    var run = page.Items[i];
                    if (wanted.TryGetValue(run.RunId, out var pending))
                    {
                        wanted.Remove(run.RunId);
                        pending.Result.TrySetResult(run);
                    }
                }

                scanned += page.Scanned;
                continuation = pages.Next(page.ContinuationToken);
            }
            while (continuation is not null && wanted.Count > 0 && scanned < MaxRunsScanned);
        }
        catch (AdfServiceException exception)
        {
            client.Log.Verbose($"Reading {wanted.Count} started runs back with one query failed ({exception.Code}); reading each with a GET.");
        }
    }

    private async Task GetAsync(Pending run, CancellationToken cancellationToken)
    {
        try
        {
            run.Result.TrySetResult(await client.GetRunAsync(run.Target, run.RunId, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            run.Result.TrySetException(exception);
        }
    }

    private sealed class Pending
    {
        public Pending(RunTarget target, string pipelineName, string runId, DateTimeOffset sentAt)
        {
            Target = target;
            PipelineName = pipelineName;
            RunId = runId;
            SentAt = sentAt;
        }

        public RunTarget Target { get; }
        public string PipelineName { get; }
        public string RunId { get; }
        public DateTimeOffset SentAt { get; }
        /// <summary>
        /// Answered where the query's answer is read: each started run's rest (its output, then the next input's
        /// request) runs right there, not as one more thread-pool work item per run.
        /// </summary>
        public TaskCompletionSource<PipelineRunData> Result { get; } = new();
    }
}
