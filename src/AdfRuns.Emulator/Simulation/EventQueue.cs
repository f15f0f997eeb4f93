using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// Timed events of the simulation, applied in time order (and in scheduling order at equal times), so that
/// results depend only on the clock, never on when a request happens to arrive.
/// </summary>
internal sealed class EventQueue
{
    private readonly SortedSet<ScheduledEvent> events = new(ScheduledEventComparer.Instance);
    private long sequence;

    public void Schedule(DateTimeOffset time, Action<DateTimeOffset> action) =>
        events.Add(new ScheduledEvent(time, ++sequence, action));

    /// <summary>Applies every event due at or before <paramref name="now"/>, including those the applied events schedule.</summary>
    public void RunUntil(DateTimeOffset now)
    {
        while (events.Count > 0)
        {
            var next = events.Min!;
            if (next.Time > now)
            {
                return;
            }

            events.Remove(next);
            next.Action(next.Time);
        }
    }

    private sealed record ScheduledEvent(DateTimeOffset Time, long Sequence, Action<DateTimeOffset> Action);

    private sealed class ScheduledEventComparer : IComparer<ScheduledEvent>
    {
        public static readonly ScheduledEventComparer Instance = new();

        public int Compare(ScheduledEvent? x, ScheduledEvent? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            var byTime = x.Time.CompareTo(y.Time);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
