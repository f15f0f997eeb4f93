using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Hosting;

/// <summary>What the emulator answers to one request: a status, JSON bytes and headers, or a dropped connection.</summary>
internal sealed class Reply
{
    private Reply(int statusCode, byte[] body)
    {
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>0 when the connection is dropped.</summary>
    public int StatusCode { get; }

    public byte[] Body { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The run a createRun created, kept also when a fault then fails or drops the answer.</summary>
    public string? CreatedRunId { get; set; }

    /// <summary>Set when the body was refused unread: the rest of it is read and thrown away after answering.</summary>
    public bool DiscardRestOfBody { get; set; }

    public bool DropsConnection => StatusCode == 0;

    public static Reply Json(int statusCode, byte[] body) => new(statusCode, body);

    public static Reply Drop(string? createdRunId) => new(0, Array.Empty<byte>()) { CreatedRunId = createdRunId };
}
