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

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long unreachableSinceTicks = -1;
    private int warned;

    /// <summary>An answer came back: the endpoint is there.</summary>
    public void Reached() => Interlocked.Exchange(ref unreachableSinceTicks, -1);

    /// <summary>
    /// Records a refused connection; false when retrying after <paramref name="delay"/> would go past the budget
    /// since the endpoint was first found unreachable.
    /// </summary>
    public bool MayRetryUnreachable(TimeSpan delay)
    {
        var now = clock.Elapsed.Ticks;
        var since = Interlocked.CompareExchange(ref unreachableSinceTicks, now, -1);
        var unreachableFor = since == -1 ? TimeSpan.Zero : TimeSpan.FromTicks(now - since);
        return unreachableFor + delay < UnreachableBudget;
    }

    /// <summary>How long every connection has been refused, or zero while the endpoint answers.</summary>
    public TimeSpan UnreachableFor
    {
        get
        {
            var since = Interlocked.Read(ref unreachableSinceTicks);
            return since == -1 ? TimeSpan.Zero : TimeSpan.FromTicks(clock.Elapsed.Ticks - since);
        }
    }

    /// <summary>True once per invocation: the first time a request has been retried for longer than WarnAfter.</summary>
    public bool ShouldWarn(TimeSpan retryingFor) => retryingFor >= WarnAfter && Interlocked.Exchange(ref warned, 1) == 0;
}
