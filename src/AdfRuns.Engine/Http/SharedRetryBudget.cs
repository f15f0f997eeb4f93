using System;
using System.Diagnostics;
using System.Threading;

namespace AdfRuns.Engine.Http;

/// <summary>
/// What the inputs of one invocation share while they retry: how long the endpoint has refused every connection
/// (so a dead endpoint costs one short budget for the whole invocation, not minutes per input), and whether the
/// user was already told that AdfRuns is retrying.
/// </summary>
public sealed class SharedRetryBudget
{
    /// <summary>How long refused connections (or unresolved names) are retried before every input fails at once.</summary>
    public static readonly TimeSpan UnreachableBudget = TimeSpan.FromSeconds(10);

    /// <summary>A request retried for longer than this is worth a warning at the default preference.</summary>
    public static readonly TimeSpan WarnAfter = TimeSpan.FromSeconds(4);

    private readonly Func<TimeSpan> elapsed;
    private long unreachableSinceTicks = -1;
    private int warned;

    public SharedRetryBudget()
        : this(Stopwatch.StartNew())
    {
    }

    /// <param name="elapsed">The time since the invocation began (a test passes a clock of its own).</param>
    internal SharedRetryBudget(Func<TimeSpan> elapsed) => this.elapsed = elapsed;

    private SharedRetryBudget(Stopwatch clock)
        : this(() => clock.Elapsed)
    {
    }

    /// <summary>An answer came back: the endpoint is there.</summary>
    public void Reached() => Interlocked.Exchange(ref unreachableSinceTicks, -1);

    /// <summary>
    /// Records a refused connection and says when to try again: after <paramref name="delay"/>, or at the end of
    /// the budget when the delay would pass it (so an outage shorter than the budget is ridden through); null once
    /// the endpoint has been unreachable for the whole budget.
    /// </summary>
    public TimeSpan? RetryDelayWhileUnreachable(TimeSpan delay)
    {
        var now = elapsed().Ticks;
        var since = Interlocked.CompareExchange(ref unreachableSinceTicks, now, -1);
        var left = UnreachableBudget - (since == -1 ? TimeSpan.Zero : TimeSpan.FromTicks(now - since));
        if (left <= TimeSpan.Zero)
        {
            return null;
        }

        return delay < left ? delay : left;
    }

    /// <summary>How long every connection has been refused, or zero while the endpoint answers.</summary>
    public TimeSpan UnreachableFor
    {
        get
        {
            var since = Interlocked.Read(ref unreachableSinceTicks);
            return since == -1 ? TimeSpan.Zero : TimeSpan.FromTicks(elapsed().Ticks - since);
        }
    }

    /// <summary>True once per invocation: the first time a request has been retried for longer than WarnAfter.</summary>
    public bool ShouldWarn(TimeSpan retryingFor) => retryingFor >= WarnAfter && Interlocked.Exchange(ref warned, 1) == 0;
}
