using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Waiting;

/// <summary>Counts by status, for progress.</summary>
public sealed class WaitProgress
{
    public WaitProgress(int total, int finished, IReadOnlyDictionary<string, int> byStatus, TimeSpan elapsed)
    {
        Total = total;
        Finished = finished;
        ByStatus = byStatus;
        Elapsed = elapsed;
    }

    public int Total { get; }
    public int Finished { get; }
    public IReadOnlyDictionary<string, int> ByStatus { get; }
    public TimeSpan Elapsed { get; }
}

/// <summary>Callbacks of a wait; all are called from the waiting task, the caller marshals them.</summary>
public interface IWaitObserver
{
    void Finished(PipelineRunData run);

    void TimedOut(PipelineRunData lastKnown);

    void Progress(WaitProgress progress);
}

/// <summary>
/// Waits for many runs at the cost of one queryPipelineRuns request per factory per poll: it asks for the runs
/// of the waited pipelines updated since the previous poll (less an overlap for clock skew), pages through,
/// and matches by run id. A run that does not come back has not changed. No RunId operand is used: the
/// service documents none.
/// </summary>
public sealed class RunWaiter
{
    /// <summary>How far back each poll looks beyond the previous one, to absorb clock skew and late index updates.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    private readonly AdfClient client;
    private readonly Func<DateTimeOffset> clock;

    public RunWaiter(AdfClient client, Func<DateTimeOffset>? clock = null)
    {
        this.client = client;
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public async Task WaitAsync(IReadOnlyList<PipelineRunData> runs, TimeSpan pollingInterval, TimeSpan? timeout, IWaitObserver observer, CancellationToken cancellationToken)
    {
        var started = clock();
        var pending = new Dictionary<string, PipelineRunData>(StringComparer.OrdinalIgnoreCase);
        var finishedCount = 0;
        var byStatus = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var run in runs)
        {
            if (!seen.Add(run.RunId))
            {
                continue;
            }

            if (run.IsTerminal)
            {
                finishedCount++;
                Count(run.Status);
                observer.Finished(run);
            }
            else
            {
                pending[run.RunId] = run;
            }
        }

        var total = finishedCount + pending.Count;
        var lastPollStart = new Dictionary<FactoryCoordinates, DateTimeOffset>();
        while (pending.Count > 0)
        {
            ReportProgress();
            if (timeout is { } limit && clock() - started >= limit)
            {
                foreach (var run in pending.Values.ToList())
                {
                    observer.TimedOut(run);
                }

                return;
            }

            var delay = pollingInterval;
            if (timeout is { } cap && clock() - started + delay > cap)
            {
                delay = cap - (clock() - started);
            }

            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }

            foreach (var factoryGroup in pending.Values.GroupBy(run => run.Factory!).ToList())
            {
                var pollStart = clock();
                var since = lastPollStart.TryGetValue(factoryGroup.Key, out var previous)
                    ? previous - Overlap
                    : Earliest(factoryGroup) - Overlap;
                var query = new RunQuery(
                    since,
                    pollStart + Overlap,
                    new[] { new QueryFilter("PipelineName", "In", factoryGroup.Select(run => run.PipelineName).Distinct(StringComparer.OrdinalIgnoreCase).ToList()) });
                await client.QueryAllRunsAsync(
                    factoryGroup.Key,
                    query,
                    update =>
                    {
                        if (pending.ContainsKey(update.RunId))
                        {
                            if (update.IsTerminal)
                            {
                                pending.Remove(update.RunId);
                                finishedCount++;
                                Count(update.Status);
                                observer.Finished(update);
                            }
                            else
                            {
                                pending[update.RunId] = update;
                            }
                        }

                        return pending.Count > 0;
                    },
                    cancellationToken).ConfigureAwait(false);

                lastPollStart[factoryGroup.Key] = pollStart;
            }
        }

        ReportProgress();

        void ReportProgress()
        {
            var snapshot = new Dictionary<string, int>(byStatus, StringComparer.OrdinalIgnoreCase);
            foreach (var run in pending.Values)
            {
                snapshot[run.Status] = snapshot.TryGetValue(run.Status, out var count) ? count + 1 : 1;
            }

            observer.Progress(new WaitProgress(total, finishedCount, snapshot, clock() - started));
        }

        void Count(string status) => byStatus[status] = byStatus.TryGetValue(status, out var count) ? count + 1 : 1;
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
}
