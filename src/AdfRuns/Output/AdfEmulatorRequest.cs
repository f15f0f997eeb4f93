using System;
using System.Collections;

namespace AdfRuns;

/// <summary>A request the emulator received (the Authorization value is never kept).</summary>
public sealed class AdfEmulatorRequest
{
    internal AdfEmulatorRequest(DateTimeOffset time, string method, string path, string query, string? body, Hashtable headers, int statusCode, string operation, string? target, string? createdRunId)
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
    public string Path { get; }
    public string Query { get; }
    public string? Body { get; }
    public Hashtable Headers { get; }
    /// <summary>0 when the emulator dropped the connection on purpose.</summary>
    public int StatusCode { get; }
    /// <summary>CreateRun, GetRun, QueryRuns, QueryActivityRuns, Cancel, GetPipeline, ListPipelines, GetFactory or Token.</summary>
    public string Operation { get; }
    /// <summary>What the request was about: the pipeline's name (CreateRun, GetPipeline) or the run's id (GetRun, Cancel, QueryActivityRuns).</summary>
    public string? Target { get; }
    /// <summary>The run a createRun created, if it did.</summary>
    public string? CreatedRunId { get; }

    public override string ToString() => $"{Method} {Path} -> {StatusCode}";
}
