using System.Collections.Generic;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Requests;

/// <summary>The operations AdfRuns sends; the retry policy and the request log name them.</summary>
public enum AdfOperation
{
    CreateRun,
    GetRun,
    QueryRuns,
    CancelRun,
    QueryActivityRuns,
    GetPipeline,
    ListPipelines,
    GetFactory,
    QueryTriggerRuns,
    RerunTriggerRun,
    CancelTriggerRun,
}

/// <summary>
/// A fully built request: method, escaped path, query and JSON body, and the target whose service answers it (which
/// decides the host, the tokens and the pacing); no host, no credentials.
/// </summary>
public sealed class ServiceRequest
{
    private string? pathAndQuery;

    public ServiceRequest(RunTarget target, AdfOperation operation, string method, string path, IReadOnlyList<KeyValuePair<string, string>> query, string? body)
    {
        Target = target;
        Operation = operation;
        Method = method;
        Path = path;
        Query = query;
        Body = body;
    }

    public AdfOperation Operation { get; }
    public string Method { get; }
    /// <summary>The target's path (RunTarget.PathFor): under "/subscriptions/" for a factory, at the data plane's root for a workspace; every segment escaped.</summary>
    public string Path { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }
    public string? Body { get; }

    /// <summary>The factory or workspace this request is about; its service answers it.</summary>
    public RunTarget Target { get; }

    /// <summary>For a body that may hold secrets (createRun): what logs may show of it, or null for its size only.</summary>
    public string? ShownBody { get; internal set; }

    /// <summary>A write in ARM's sense (counts against the writes bucket; a workspace has no such bucket).</summary>
    public bool IsWrite => Operation is AdfOperation.CreateRun or AdfOperation.CancelRun or AdfOperation.RerunTriggerRun or AdfOperation.CancelTriggerRun;

    /// <summary>The same request with another body: its path and query (already built) are shared, not built again.</summary>
    internal ServiceRequest WithBody(string? body) =>
        new(Target, Operation, Method, Path, Query, body) { pathAndQuery = PathAndQuery };

    /// <summary>Path and query as sent; built once, as every attempt and log line of the request uses it.</summary>
    public string PathAndQuery => pathAndQuery ??= BuildPathAndQuery();

    private string BuildPathAndQuery()
    {
        var builder = new System.Text.StringBuilder(Path, Path.Length + 64);
        var separator = '?';
        foreach (var pair in Query)
        {
            builder.Append(separator).Append(System.Uri.EscapeDataString(pair.Key)).Append('=').Append(System.Uri.EscapeDataString(pair.Value));
            separator = '&';
        }

        return builder.ToString();
    }
}
