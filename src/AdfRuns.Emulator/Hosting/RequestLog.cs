using System.Collections.Generic;
using System.Globalization;

namespace AdfRuns.Emulator.Hosting;

/// <summary>
/// The requests a server received, oldest first, within fixed bounds so that a long test session or a client that
/// sends large bodies cannot grow the emulator's memory without limit.
/// </summary>
internal sealed class RequestLog
{
    /// <summary>The most requests kept; the oldest is forgotten first.</summary>
    public const int Capacity = 100_000;

    /// <summary>A body longer than this (in characters) is not kept; the entry says how long it was.</summary>
    public const int MaxBodyChars = 256 * 1024;

    /// <summary>The characters of body text kept over all entries; past it the oldest entries lose their bodies.</summary>
    public const long BodyCharBudget = 16L * 1024 * 1024;

    private readonly object gate = new();
    private readonly LinkedList<RecordedRequest> entries = new();
    private LinkedListNode<RecordedRequest>? oldestWithBody;
    private long bodyChars;

    public void Add(RecordedRequest request)
    {
        if (request.Body is { Length: > MaxBodyChars } body)
        {
            request = request.WithBody(string.Format(
                CultureInfo.InvariantCulture,
                "<body of {0} characters not kept: the request log keeps bodies of up to {1} characters>",
                body.Length,
                MaxBodyChars));
        }

        lock (gate)
        {
            if (entries.Count == Capacity)
            {
                Forget(entries.First!);
            }

            var node = entries.AddLast(request);
            bodyChars += request.Body?.Length ?? 0;
            oldestWithBody ??= node;
            while (bodyChars > BodyCharBudget && oldestWithBody is { } oldest)
            {
                DropBody(oldest);
                oldestWithBody = oldest.Next;
            }
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (gate)
        {
            var copy = new RecordedRequest[entries.Count];
            entries.CopyTo(copy, 0);
            return copy;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            oldestWithBody = null;
            bodyChars = 0;
        }
    }

    private void Forget(LinkedListNode<RecordedRequest> node)
    {
        if (node == oldestWithBody)
        {
            oldestWithBody = node.Next;
        }

        bodyChars -= node.Value.Body?.Length ?? 0;
        entries.Remove(node);
    }

    private void DropBody(LinkedListNode<RecordedRequest> node)
    {
        if (node.Value.Body is not { } body)
        {
            return;
        }

        var note = string.Format(
            CultureInfo.InvariantCulture,
            "<body of {0} characters dropped: the request log keeps {1} characters of bodies in all>",
            body.Length,
            BodyCharBudget);
        if (note.Length >= body.Length)
        {
            return;
        }

        node.Value = node.Value.WithBody(note);
        bodyChars += note.Length - body.Length;
    }
}
