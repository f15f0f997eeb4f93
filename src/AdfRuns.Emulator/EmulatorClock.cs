using System;

namespace AdfRuns.Emulator;

internal interface IEmulatorClock
{
    DateTimeOffset UtcNow { get; }
}

internal sealed class SystemEmulatorClock : IEmulatorClock
{
    public static readonly SystemEmulatorClock Instance = new();

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}

/// <summary>A clock that only moves when told to, so run life cycles can be tested without sleeping.</summary>
internal sealed class ManualEmulatorClock : IEmulatorClock
{
    private readonly object gate = new();
    private DateTimeOffset now;

    public ManualEmulatorClock(DateTimeOffset start) => now = start;

    public ManualEmulatorClock()
        : this(new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public DateTimeOffset UtcNow
    {
        get
        {
            lock (gate)
            {
                return now;
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
