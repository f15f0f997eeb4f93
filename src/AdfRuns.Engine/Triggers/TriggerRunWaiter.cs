using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Waiting;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// Waits until trigger runs and the pipeline runs they started have finished: first the pipeline runs, with the
/// batched RunWaiter (one queryPipelineRuns per factory per poll for all of them), then the trigger runs' final
/// states, read with one queryTriggerRuns per factory per poll.
/// </summary>
public sealed class TriggerRunWaiter
{
    private readonly AdfClient client;

    public TriggerRunWaiter(AdfClient client) => this.client = client;

    /// <param name="finished">Each trigger run in its final state, as soon as it is known.</param>
    /// <param name="unfinished">Each trigger run still going at the timeout (last known state), or whose wait failed.</param>
    public async Task WaitAsync(
        IReadOnlyList<TriggerRunData> runs,
        TimeSpan pollingInterval,
        TimeSpan? timeout,
        Action<TriggerRunData> finished,
        Action<TriggerRunData, Exception?> unfinished,
        CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var pipelineRuns = runs
            .SelectMany(run => run.TriggeredPipelines.Select(p => PipelineRunData.Describe(p.Value, p.Key, RunStatus.Queued, null, null, run.Target!)))
            .GroupBy(p => p.RunId, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();
        if (pipelineRuns.Count > 0)
        {
            await new RunWaiter(client).WaitAsync(pipelineRuns, pollingInterval, timeout, new QuietObserver(), cancellationToken).ConfigureAwait(false);
        }

        var pending = runs.GroupBy(r => r.TriggerRunId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var poll = TimeSpan.Zero;
        while (pending.Count > 0)
        {
            if (poll > TimeSpan.Zero)
            {
                if (timeout is { } limit && DateTimeOffset.UtcNow - started + poll > limit)
                {
                    foreach (var run in pending.Values)
                    {
                        unfinished(run, null);
                    }

                    return;
                }

                await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
            }

            foreach (var group in pending.Values.GroupBy(r => r.Target).ToList())
            {
                var oldest = group.Min(r => r.TriggerRunTimestamp ?? started);
                var query = TriggerQueries.For(oldest - TriggerRunFinder.ClockSkew, DateTimeOffset.UtcNow + TimeSpan.FromDays(1), group.Select(r => r.TriggerName));
                await client.QueryAllTriggerRunsAsync(
                    group.Key!,
                    query,
                    run =>
                    {
                        if (pending.TryGetValue(run.TriggerRunId, out _) && run.IsTerminal)
                        {
                            pending.Remove(run.TriggerRunId);
                            finished(run);
                        }
                        else if (pending.ContainsKey(run.TriggerRunId))
                        {
                            pending[run.TriggerRunId] = run;
                        }

                        return pending.Count > 0;
                    },
                    cancellationToken).ConfigureAwait(false);
            }

            poll = pollingInterval;
        }
    }

    private sealed class QuietObserver : IWaitObserver
    {
        public void Finished(PipelineRunData run)
        {
        }

        public void TimedOut(PipelineRunData lastKnown)
        {
        }

        public void Failed(PipelineRunData lastKnown, Exception failure)
        {
        }

        public void Interrupted(IReadOnlyList<PipelineRunData> unfinished)
        {
        }

        public void Progress(WaitProgress progress)
        {
        }
    }
}
