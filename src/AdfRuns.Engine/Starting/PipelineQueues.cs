using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Waiting for room when a pipeline's run queue is full. A pipeline with a concurrency limit queues at most 100
/// runs; beyond that the service refuses createRun ("Pipeline execution throttled..."), and the run is not
/// created. Once that happens, this invocation's starts of that pipeline go one at a time: each refused one
/// waits a little longer, then tries again, so a full queue costs a few writes, not one per waiting input.
/// </summary>
internal sealed class PipelineQueues
{
    /// <summary>The start of the service's documented refusal; its status and error code are not published.</summary>
    public const string FullQueueMessage = "Pipeline execution throttled";

    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(RunTarget Target, string Pipeline), QueueState> queues = new(TargetPipelineComparer.Instance);

    public static bool IsFull(AdfServiceException error) =>
        error.Message.StartsWith(FullQueueMessage, StringComparison.OrdinalIgnoreCase);

    public QueueState For(RunTarget target, string pipelineName) =>
        queues.GetOrAdd((target, pipelineName), _ => new QueueState());

    /// <summary>
    /// Sends a request that adds a run to the pipeline's queue (createRun, a trigger run's rerun); while the queue is
    /// full, the refusal is waited out and the request sent again, however long that takes.
    /// </summary>
    /// <param name="refusedMeans">What the refusal left undone, for the verbose line ("no run was created").</param>
    public async Task<ServiceResponse> SendWaitingForRoomAsync(RunTarget target, string pipelineName, Func<Task<ServiceResponse>> send, string refusedMeans, IEngineLog log, CancellationToken cancellationToken)
    {
        var queue = For(target, pipelineName);
        while (true)
        {
            using var turn = await queue.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await send().ConfigureAwait(false);
                queue.Accepted();
                return response;
            }
            catch (AdfServiceException refused) when (IsFull(refused))
            {
                var wait = queue.Refused();
                if (log.VerboseEnabled)
                {
                    log.Verbose($"Pipeline '{pipelineName}' has a full run queue (the service queues at most 100 runs of a pipeline with a concurrency limit): {refusedMeans}; trying again in {wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s.");
                }

                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal sealed class QueueState
    {
        private readonly SemaphoreSlim oneAtATime = new(1, 1);
        private volatile bool full;
        private int successesSinceFull;
        private TimeSpan wait = FirstWait;

        /// <summary>While the queue has been seen full, starts of this pipeline take turns; otherwise they go at once.</summary>
        public async Task<IDisposable?> TakeTurnAsync(CancellationToken cancellationToken)
        {
            if (!full)
            {
                return null;
            }

            await oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new Turn(oneAtATime);
        }

        /// <summary>The queue refused a run: how long to wait before trying again (growing while it stays full).</summary>
        public TimeSpan Refused()
        {
            full = true;
            Interlocked.Exchange(ref successesSinceFull, 0);
            var current = wait;
            var next = TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, (long)(wait.Ticks * 1.5)));
            wait = next;
            return current;
        }

        /// <summary>A run was queued: the wait starts small again, and after a while of successes starts go at once again.</summary>
        public void Accepted()
        {
            if (!full)
            {
                return;
            }

            wait = FirstWait;
            if (Interlocked.Increment(ref successesSinceFull) >= 10)
            {
                full = false;
            }
        }

        private sealed class Turn : IDisposable
        {
            private SemaphoreSlim? gate;

            public Turn(SemaphoreSlim gate) => this.gate = gate;

            public void Dispose() => Interlocked.Exchange(ref gate, null)?.Release();
        }
    }
}
