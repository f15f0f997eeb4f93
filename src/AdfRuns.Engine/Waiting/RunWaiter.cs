using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Waiting;

/// <summary>
/// Waits for many runs at the cost of one queryPipelineRuns request per factory per poll: it asks for the runs
/// of the waited pipelines updated since the previous poll (less an overlap for clock skew), pages through,
/// and matches by run id. A run that does not come back has not changed. No RunId operand is used: the
/// service documents none. Each target's service polls in its own way (IServiceRuns.PollAsync: a Fabric workspace
/// reads its pipelines' job lists).
/// </summary>
public sealed class RunWaiter
{
    /// <summary>How far back each poll looks beyond the previous one, to absorb clock skew and late index updates.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The first poll comes this soon (or after the polling interval when that is shorter), and each later delay
    /// doubles up to the interval: a run of a few seconds is seen in a few seconds, a long one costs what the
    /// interval asks.
    /// </summary>
    public static readonly TimeSpan FirstPoll = TimeSpan.FromSeconds(1);

    /// <summary>Between polls, progress (the elapsed time) is refreshed this often.</summary>
    public static readonly TimeSpan ProgressTick = TimeSpan.FromSeconds(1);

    private readonly AdfClient client;
    private readonly Func<DateTimeOffset> clock;

    public RunWaiter(AdfClient client, Func<DateTimeOffset>? clock = null)
    {
        this.client = client;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>The delay before each poll: <see cref="FirstPoll"/>, then doubling, never over the polling interval.</summary>
    public static IEnumerable<TimeSpan> PollDelays(TimeSpan pollingInterval)
    {
        var delay = FirstPoll < pollingInterval ? FirstPoll : pollingInterval;
        while (true)
        {
            yield return delay;
            delay = delay.Ticks * 2 < pollingInterval.Ticks ? TimeSpan.FromTicks(delay.Ticks * 2) : pollingInterval;
        }
    }

    public async Task WaitAsync(IReadOnlyList<PipelineRunData> runs, TimeSpan pollingInterval, TimeSpan? timeout, IWaitObserver observer, CancellationToken cancellationToken)
    {
        if (pollingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(pollingInterval), pollingInterval, "The polling interval must be longer than zero.");
        }

        var wait = new WaitState(runs, observer, clock);
        try
        {
            await PollUntilDoneAsync(wait, pollingInterval, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested)
        {
            if (wait.Pending.Count > 0)
            {
                observer.Interrupted(wait.Pending.Values.ToList());
            }

            throw exception as OperationCanceledException ?? new OperationCanceledException("The wait was stopped.", exception, cancellationToken);
        }
    }

    private async Task PollUntilDoneAsync(WaitState wait, TimeSpan pollingInterval, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var lastPollStart = new Dictionary<RunTarget, DateTimeOffset>();
        using var delays = PollDelays(pollingInterval).GetEnumerator();
        var lastPoll = false;
        var notBefore = TimeSpan.Zero;
        while (wait.Pending.Count > 0)
        {
            wait.ReportProgress();
            // The poll that lands on the timeout is the last: a timer firing a hair early must not add one more.
            if (lastPoll || (timeout is { } limit && wait.Elapsed >= limit))
            {
                foreach (var run in wait.Pending.Values.ToList())
                {
                    wait.Observer.TimedOut(run);
                }

                return;
            }

            delays.MoveNext();
            var delay = delays.Current;
            if (timeout is { } cap && wait.Elapsed + delay >= cap)
            {
                delay = cap - wait.Elapsed;
                lastPoll = true;
            }

            await DelayWithProgressAsync(wait, delay < notBefore ? notBefore : delay, cancellationToken).ConfigureAwait(false);
            notBefore = TimeSpan.Zero;
            foreach (var targetGroup in wait.Pending.Values.GroupBy(run => run.Target!).ToList())
            {
                var pollStart = clock();
                var since = lastPollStart.TryGetValue(targetGroup.Key, out var previous)
                    ? previous - Overlap
                    : Earliest(targetGroup) - Overlap;
                var runs = targetGroup.ToList();
                try
                {
                    var retryAfter = await targetGroup.Key.RunsOn(client).PollAsync(targetGroup.Key, runs, since, pollStart + Overlap, wait.Update, cancellationToken).ConfigureAwait(false);
                    notBefore = retryAfter is { } asked && asked > notBefore ? asked : notBefore;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // The client has already retried what can pass; asking again on the next poll would only
                    // repeat the same failure, so the wait for this target's runs ends here, each run with it.
                    wait.FailAll(runs.Select(run => run.RunId), exception);
                }

                lastPollStart[targetGroup.Key] = pollStart;
            }
        }

        wait.ReportProgress();
    }

    private static async Task DelayWithProgressAsync(WaitState wait, TimeSpan delay, CancellationToken cancellationToken)
    {
        var remaining = delay;
        while (remaining > TimeSpan.Zero)
        {
            var slice = remaining < ProgressTick ? remaining : ProgressTick;
            await Task.Delay(slice, cancellationToken).ConfigureAwait(false);
            remaining -= slice;
            if (remaining > TimeSpan.Zero)
            {
                wait.ReportProgress();
            }
        }
    }

    private DateTimeOffset Earliest(IEnumerable<PipelineRunData> runs)
    {
        var earliest = clock();
        foreach (var run in runs)
        {
            var known = run.LastUpdated ?? run.RunStart;
            if (known is { } time && time < earliest)
            {
                earliest = time;
            }
        }

        return earliest;
    }

    /// <summary>The runs still pending, in their last known state, and the counts for progress.</summary>
    private sealed class WaitState
    {
        private readonly Dictionary<string, int> byStatus = new(StringComparer.OrdinalIgnoreCase);
        private readonly Func<DateTimeOffset> clock;
        private readonly DateTimeOffset started;
        private readonly int total;
        private int finished;

        public WaitState(IReadOnlyList<PipelineRunData> runs, IWaitObserver observer, Func<DateTimeOffset> clock)
        {
            Observer = observer;
            this.clock = clock;
            started = clock();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var run in runs)
            {
                if (!seen.Add(run.RunId))
                {
                    continue;
                }

                if (run.IsTerminal)
                {
                    Finish(run);
                }
                else
                {
                    Pending[run.RunId] = run;
                }
            }

            total = seen.Count;
        }

        public IWaitObserver Observer { get; }

        /// <summary>Insertion-ordered by run id: the order the caller gave, for the runs named in progress.</summary>
        public Dictionary<string, PipelineRunData> Pending { get; } = new(StringComparer.OrdinalIgnoreCase);

        public TimeSpan Elapsed => clock() - started;

        /// <summary>Takes one run from a query page; false once nothing is pending, to stop paging.</summary>
        public bool Update(PipelineRunData update)
        {
            if (Pending.ContainsKey(update.RunId))
            {
                if (update.IsTerminal)
                {
                    Pending.Remove(update.RunId);
                    Finish(update);
                }
                else
                {
                    Pending[update.RunId] = update;
                }
            }

            return Pending.Count > 0;
        }

        public void FailAll(IEnumerable<string> runIds, Exception failure)
        {
            foreach (var runId in runIds)
            {
                if (Pending.TryGetValue(runId, out var lastKnown))
                {
                    Pending.Remove(runId);
                    Count(lastKnown.Status);
                    Observer.Failed(lastKnown, failure);
                }
            }
        }

        public void ReportProgress()
        {
            var snapshot = new Dictionary<string, int>(byStatus, StringComparer.OrdinalIgnoreCase);
            foreach (var run in Pending.Values)
            {
                snapshot[run.Status] = snapshot.TryGetValue(run.Status, out var count) ? count + 1 : 1;
            }

            var named = Pending.Count <= WaitProgress.NamedRunLimit ? Pending.Values.ToList() : null;
            Observer.Progress(new WaitProgress(total, finished, snapshot, Elapsed, named));
        }

        private void Finish(PipelineRunData run)
        {
            Count(run.Status);
            Observer.Finished(run);
        }

        private void Count(string status)
        {
            finished++;
            byStatus[status] = byStatus.TryGetValue(status, out var count) ? count + 1 : 1;
        }
    }
}
