using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// Finds the new trigger run of each rerun window. The rerun's answer has no id, so the new run is looked for: same
/// trigger and window, another id than any run of the window seen before, newer than the run it reruns. The windows
/// rerun together are looked for together: one queryTriggerRuns per factory (their triggers, newest first, updated
/// since the oldest rerun still looked for) per round, never one query per window. A window whose run has not
/// appeared after <see cref="WarnAfter"/> gets a warning; after <see cref="GiveUpAfter"/>, an error.
/// </summary>
internal sealed class TriggerRunFinder
{
    /// <summary>How far the service's clock may be behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan WarnAfter = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstRound = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRound = TimeSpan.FromSeconds(5);

    private readonly AdfClient client;
    private readonly Func<DateTimeOffset> clock;
    private readonly object gate = new();
    private readonly List<Pending> pending = new();
    private readonly HashSet<string> claimed = new(StringComparer.OrdinalIgnoreCase);
    private bool looking;

    public TriggerRunFinder(AdfClient client, Func<DateTimeOffset>? clock = null)
    {
        this.client = client;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The new run of <paramref name="original"/>'s window, rerun at <paramref name="sentAt"/> (our clock).</summary>
    public Task<TriggerRunData> FindAsync(TriggerRunData original, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var wanted = new Pending(original, sentAt, cancellationToken);
        lock (gate)
        {
            claimed.Add(original.TriggerRunId);
            pending.Add(wanted);
            if (!looking)
            {
                looking = true;
                _ = LookAsync();
            }
        }

        return wanted.Found.Task;
    }

    private async Task LookAsync()
    {
        var round = FirstRound;
        while (true)
        {
            await Task.Delay(round).ConfigureAwait(false);
            List<Pending> batch;
            lock (gate)
            {
                pending.RemoveAll(p => p.Found.Task.IsCompleted);
                if (pending.Count == 0)
                {
                    looking = false;
                    return;
                }

                batch = pending.ToList();
            }

            var foundAny = false;
            foreach (var group in batch.GroupBy(p => p.Original.Target ?? throw new InvalidOperationException("A trigger run without its factory or workspace cannot be looked for.")))
            {
                foundAny |= await LookInAsync(group.Key, group.ToList()).ConfigureAwait(false);
            }

            round = foundAny ? FirstRound : TimeSpan.FromTicks(Math.Min(LongestRound.Ticks, round.Ticks * 2));
        }
    }

    private async Task<bool> LookInAsync(RunTarget target, List<Pending> batch)
    {
        var oldest = batch.Min(p => p.SentAt);
        var query = TriggerQueries.For(oldest - ClockSkew, clock() + TimeSpan.FromDays(1), batch.Select(p => p.Original.TriggerName));
        var found = false;
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(batch.Select(p => p.Cancellation).Distinct().ToArray());
            await client.QueryAllTriggerRunsAsync(
                target,
                query,
                run =>
                {
                    found |= Match(batch, run);
                    return batch.Any(p => !p.Found.Task.IsCompleted);
                },
                cancel.Token).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The look failed (the service is gone, the token expired): every window of the batch fails with it.
            foreach (var wanted in batch)
            {
                wanted.Found.TrySetException(failure);
            }

            return false;
        }
        catch (OperationCanceledException)
        {
            foreach (var wanted in batch.Where(p => p.Cancellation.IsCancellationRequested))
            {
                wanted.Found.TrySetCanceled();
            }
        }

        var now = clock();
        foreach (var wanted in batch.Where(p => !p.Found.Task.IsCompleted))
        {
            var waited = now - wanted.SentAt;
            if (waited >= GiveUpAfter)
            {
                wanted.Found.TrySetException(new TriggerRunException(
                    $"The rerun of {wanted.Original.Describe()} was accepted, but no new trigger run of that window appeared within {waited.TotalSeconds:0} s. It may still appear: look with Get-AdfTriggerRun -TriggerName '{wanted.Original.TriggerName}'.",
                    "NewTriggerRunNotFound",
                    notFound: true));
            }
            else if (waited >= WarnAfter && !wanted.Warned)
            {
                wanted.Warned = true;
                client.Log.Warning($"The rerun of {wanted.Original.Describe()} was accepted, but its new trigger run has not appeared yet after {waited.TotalSeconds:0} s; still looking.");
            }
        }

        return found;
    }

    private bool Match(List<Pending> batch, TriggerRunData run)
    {
        lock (gate)
        {
            if (claimed.Contains(run.TriggerRunId))
            {
                return false;
            }

            var wanted = batch.FirstOrDefault(p => !p.Found.Task.IsCompleted && p.Original.IsSameWindow(run)
                && (p.Original.TriggerRunTimestamp is not { } before || run.TriggerRunTimestamp is not { } after || after > before));
            if (wanted is null)
            {
                return false;
            }

            claimed.Add(run.TriggerRunId);
            wanted.Found.TrySetResult(run);
            return true;
        }
    }

    private sealed class Pending
    {
        public Pending(TriggerRunData original, DateTimeOffset sentAt, CancellationToken cancellation)
        {
            Original = original;
            SentAt = sentAt;
            Cancellation = cancellation;
        }

        public TriggerRunData Original { get; }
        public DateTimeOffset SentAt { get; }
        public CancellationToken Cancellation { get; }
        public TaskCompletionSource<TriggerRunData> Found { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Warned { get; set; }
    }
}
