using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Reads just-started runs back in batches: the runs started together are fetched with one queryPipelineRuns per
/// factory (their pipelines, newest first, matched by run id) instead of one GET each, so a bulk start sends
/// about one request per run and spends little of the read quota and of ADF's monitoring-query limit. A run the
/// query does not return is read with a GET.
/// </summary>
internal sealed class ReadBackBatcher
{
    /// <summary>
    /// How long the first run of a batch waits for others before the batch is read: short while runs start fast,
    /// longer (up to a second) while they trickle in, e.g. when ARM's write bucket paces the createRuns.
    /// </summary>
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromMilliseconds(15);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(1);

    /// <summary>How far the service's clock may be behind ours.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Query results looked through for a batch before the rest are read one by one.</summary>
    private const int MaxRunsScanned = 500;

    private readonly AdfClient client;
    private readonly int maxBatch;
    private readonly Func<bool> moreComing;
    private readonly object gate = new();
    private List<Pending>? batch;
    private long windowTicks = ShortestWindow.Ticks;

    /// <param name="moreComing">Whether createRuns are still unanswered: their runs would join the open batch within moments.</param>
    public ReadBackBatcher(AdfClient client, int maxBatch, Func<bool>? moreComing = null)
    {
        this.client = client;
        this.maxBatch = Math.Max(1, maxBatch);
        this.moreComing = moreComing ?? (() => false);
    }

    public Task<PipelineRunData> ReadAsync(RunTarget target, string pipelineName, string runId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var pending = new Pending(target, pipelineName, runId, sentAt);
        List<Pending>? full = null;
        lock (gate)
        {
            if (batch is null)
            {
                batch = new List<Pending>(maxBatch);
                _ = FlushAfterWindowAsync(batch, cancellationToken);
            }

            batch.Add(pending);
            if (batch.Count >= maxBatch)
            {
                full = batch;
                batch = null;
            }
        }

        if (full is not null)
        {
            _ = FlushAsync(full, cancellationToken);
        }

        return pending.Result.Task;
    }

    private async Task FlushAfterWindowAsync(List<Pending> mine, CancellationToken cancellationToken)
    {
        var opened = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await Task.Delay(TimeSpan.FromTicks(Interlocked.Read(ref windowTicks)), cancellationToken).ConfigureAwait(false);
            // The window is over, but createRuns still unanswered (e.g. still being sent one by one from the
            // pipeline) would join this batch within moments: waiting for them, up to the longest window, saves a
            // query each, where flushing now would leave them to a second, smaller batch.
            while (moreComing() && opened.Elapsed < LongestWindow && IsOpen(mine))
            {
                await Task.Delay(ShortestWindow, cancellationToken).ConfigureAwait(false);
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

    private bool IsOpen(List<Pending> mine)
    {
        lock (gate)
        {
            return ReferenceEquals(batch, mine);
        }
    }

    private async Task FlushAsync(List<Pending> runs, CancellationToken cancellationToken)
    {
        AdjustWindow(runs.Count);
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

    /// <summary>A full batch: the window may shrink; a batch of a few: runs trickle in, so the next waits longer.</summary>
    private void AdjustWindow(int batchSize)
    {
        var current = Interlocked.Read(ref windowTicks);
        var next = batchSize >= maxBatch ? Math.Max(ShortestWindow.Ticks, current / 2)
            : batchSize * 4 <= maxBatch ? Math.Min(LongestWindow.Ticks, current * 2)
            : current;
        Interlocked.Exchange(ref windowTicks, next);
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
                continuation = page.ContinuationToken;
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
