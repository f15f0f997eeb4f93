using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// A pipeline's concurrency, as the service applies it: at most "concurrency" runs hold a slot (from creation until they
/// end), the runs beyond it wait Queued in creation order, and at most <see cref="MaxQueuedRuns"/> wait per pipeline.
/// Pipelines that declare no concurrency never wait. Not thread-safe: the simulator calls it under its lock.
/// </summary>
internal sealed class PipelineQueues
{
    /// <summary>The documented queue bound ("a maximum of 100 runs will be queued for execution").</summary>
    public const int MaxQueuedRuns = 100;

    public const string QueueFullMessage =
        "Pipeline execution throttled. If the concurrency value is set for a pipeline, a maximum of 100 runs will be queued for execution.";

    private readonly Dictionary<string, Queue> queues = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// GUESS: the refusal's status and code. Only the message is documented; 400 BadRequest, the answer createRun gives
    /// other requests it will not carry out, makes a client recognise the refusal by its message, as it must with the service.
    /// </summary>
    public static ServiceException QueueFull() => new(400, "BadRequest", QueueFullMessage);

    /// <summary>True when a new run of the pipeline would have to wait and the queue already holds the maximum.</summary>
    public bool IsFull(PipelineDefinition pipeline) =>
        Find(pipeline) is { } queue && queue.Holding.Count >= queue.Limit && queue.Waiting.Count >= MaxQueuedRuns;

    /// <summary>Takes a slot for a new run; false when the run has to wait for one (it is then queued).</summary>
    public bool Enter(PipelineRunState run)
    {
        if (Find(run.Pipeline) is not { } queue)
        {
            return true;
        }

        if (queue.Holding.Count < queue.Limit)
        {
            queue.Holding.Add(run);
            return true;
        }

        queue.Waiting.AddLast(run);
        queue.PeakWaiting = Math.Max(queue.PeakWaiting, queue.Waiting.Count);
        return false;
    }

    /// <summary>Takes a waiting run out of the queue (it was cancelled before it got a slot).</summary>
    public void Withdraw(PipelineRunState run) => Find(run.Pipeline)?.Waiting.Remove(run);

    /// <summary>Frees the slot of a run that ended; the waiting run that takes it over, if any.</summary>
    public PipelineRunState? Leave(PipelineRunState run)
    {
        if (Find(run.Pipeline) is not { } queue || !queue.Holding.Remove(run) || queue.Waiting.First is not { } first)
        {
            return null;
        }

        var next = first.Value;
        queue.Waiting.RemoveFirst();
        queue.Holding.Add(next);
        return next;
    }

    /// <summary>The most runs that ever waited at once, by pipeline (pipelines that declare a concurrency only).</summary>
    public IReadOnlyDictionary<string, int> PeakQueuedRuns() =>
        queues.Values.OrderBy(q => q.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(q => q.Name, q => q.PeakWaiting, StringComparer.OrdinalIgnoreCase);

    private Queue? Find(PipelineDefinition pipeline)
    {
        if (pipeline.Concurrency is not { } limit)
        {
            return null;
        }

        if (!queues.TryGetValue(pipeline.Name, out var queue))
        {
            queue = new Queue(pipeline.Name, limit);
            queues[pipeline.Name] = queue;
        }

        return queue;
    }

    private sealed class Queue
    {
        public Queue(string name, int limit)
        {
            Name = name;
            Limit = limit;
        }

        public string Name { get; }

        public int Limit { get; }

        public HashSet<PipelineRunState> Holding { get; } = new();

        public LinkedList<PipelineRunState> Waiting { get; } = new();

        public int PeakWaiting { get; set; }
    }
}
