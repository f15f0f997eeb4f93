using System.Collections.Generic;

namespace AdfRuns.Emulator.Http;

internal sealed class RequestLog
{
    public const int Capacity = 100_000;

    private readonly object gate = new();
    private readonly Queue<RecordedRequest> entries = new();

    public void Add(RecordedRequest request)
    {
        lock (gate)
        {
            if (entries.Count == Capacity)
            {
                entries.Dequeue();
            }

            entries.Enqueue(request);
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (gate)
        {
            return entries.ToArray();
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
