using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator;

public sealed class RecordedRequest
{
    internal RecordedRequest(
        DateTimeOffset time,
        string method,
        string path,
        string query,
        string? body,
        IReadOnlyDictionary<string, string> headers,
        int statusCode,
        EmulatorOperation operation,
        string? target,
        string? createdRunId)
    {
        Time = time;
        Method = method;
        Path = path;
        Query = query;
        Body = body;
        Headers = headers;
        StatusCode = statusCode;
        Operation = operation;
        Target = target;
        CreatedRunId = createdRunId;
    }

    public DateTimeOffset Time { get; }

    public string Method { get; }

    /// <summary>The path as sent (still percent-encoded).</summary>
    public string Path { get; }

    /// <summary>The query string as sent, without the leading '?'.</summary>
    public string Query { get; }

    public string? Body { get; }

    /// <summary>Request headers; an Authorization value is replaced by "Bearer &lt;redacted&gt;".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>0 when the connection was dropped.</summary>
    public int StatusCode { get; }

    public EmulatorOperation Operation { get; }

    /// <summary>What the request was about: the pipeline's name, or the run's id; null for factory-wide requests.</summary>
    public string? Target { get; }

    /// <summary>The run a createRun request created, also when its response was then failed on purpose.</summary>
    public string? CreatedRunId { get; }

    internal RecordedRequest WithBody(string? body) =>
        new(Time, Method, Path, Query, body, Headers, StatusCode, Operation, Target, CreatedRunId);

    public override string ToString() => $"{Method} {Path} -> {StatusCode}";
}
