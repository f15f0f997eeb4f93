using System;
using System.Collections;
using AdfRuns.Emulator;

namespace AdfRuns;

/// <summary>A request the emulator received (the Authorization value is never kept).</summary>
public sealed class AdfEmulatorRequest
{
    private readonly RecordedRequest record;

    internal AdfEmulatorRequest(RecordedRequest record)
    {
        this.record = record;
        Headers = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var header in record.Headers)
        {
            Headers[header.Key] = header.Value;
        }
    }

    public DateTimeOffset Time => record.Time;
    public string Method => record.Method;
    /// <summary>The path as sent (still percent-encoded).</summary>
    public string Path => record.Path;
    /// <summary>The query string as sent, without the leading '?'.</summary>
    public string Query => record.Query;
    /// <summary>The body as sent, with SecureString parameters masked; bounded by the request log's limits.</summary>
    public string? Body => record.Body;
    /// <summary>A case-insensitive copy of the request headers, the Authorization value replaced.</summary>
    public Hashtable Headers { get; }
    /// <summary>0 when the emulator dropped the connection on purpose.</summary>
    public int StatusCode => record.StatusCode;
    /// <summary>CreateRun, GetRun, QueryRuns, QueryActivityRuns, Cancel, GetPipeline, ListPipelines, GetFactory, Token, or Any for an unknown route.</summary>
    public string Operation => record.Operation.ToString();
    /// <summary>What the request was about: the pipeline's name (CreateRun, GetPipeline) or the run's id (GetRun, Cancel, QueryActivityRuns).</summary>
    public string? Target => record.Target;
    /// <summary>The run a createRun created, if it did.</summary>
    public string? CreatedRunId => record.CreatedRunId;

    public override string ToString() => record.ToString();
}
