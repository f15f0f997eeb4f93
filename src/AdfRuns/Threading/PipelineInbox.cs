using System;
using System.Collections.Concurrent;
using System.Threading;

namespace AdfRuns.Threading;

/// <summary>
/// What background work hands to the pipeline thread (the only thread PowerShell lets write), and the wake-up
/// the pipeline thread sleeps on while it waits. Unlike a BlockingCollection it never spins before it sleeps:
/// on a small machine those spins take the cores the requests' own threads need.
/// </summary>
internal sealed class PipelineInbox
{
    private readonly ConcurrentQueue<Action> actions = new();
    private readonly object gate = new();
    // Only a condition that changed without a Signal needs it; one wake-up in 200 ms is cheap.
    private const int SafetyTimeoutMilliseconds = 200;
    private int sleeping;
    private volatile bool closed;

    /// <summary>Queues an action for the pipeline thread; ignored once the inbox is closed.</summary>
    public void Post(Action action)
    {
        if (closed)
        {
            return;
        }

        actions.Enqueue(action);
        Signal();
    }

    /// <summary>Wakes the pipeline thread if it sleeps, so it looks again at what it waits for.</summary>
    public void Signal()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref sleeping) != 0)
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        }
    }

    /// <summary>No more posts are taken; a sleeping pipeline thread wakes.</summary>
    public void Close()
    {
        closed = true;
        Signal();
    }

    /// <summary>Runs every queued action on the calling (pipeline) thread.</summary>
    public void RunQueued()
    {
        while (actions.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>
    /// Runs what is posted, on the calling (pipeline) thread, until <paramref name="done"/> holds, sleeping between
    /// posts; ends by running what was posted before it held, so no action of finished work is left behind.
    /// </summary>
    public void RunUntil(Func<bool> done)
    {
        while (!done())
        {
            RunQueued();
            Sleep(done, SafetyTimeoutMilliseconds);
        }

        RunQueued();
    }

    /// <summary>
    /// Sleeps until an action is posted, <see cref="Signal"/> is called, or <paramref name="done"/> holds, whichever
    /// comes first; the timeout only guards against a condition that changed without a signal.
    /// </summary>
    public void Sleep(Func<bool> done, int timeoutMilliseconds)
    {
        lock (gate)
        {
            Interlocked.Exchange(ref sleeping, 1);
            try
            {
                if (actions.IsEmpty && !closed && !done())
                {
                    Monitor.Wait(gate, timeoutMilliseconds);
                }
            }
            finally
            {
                Volatile.Write(ref sleeping, 0);
            }
        }
    }
}
