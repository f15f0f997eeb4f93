using System.Collections.Generic;

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
/// A fully built request: method, escaped path, query and JSON body, and which service it is for (ARM, or a
/// Synapse workspace's data plane); no host, no credentials.
/// </summary>
public sealed class ArmRequest
{
    private string? pathAndQuery;

    public ArmRequest(AdfOperation operation, string method, string path, IReadOnlyList<KeyValuePair<string, string>> query, string? body, string? workspaceName = null)
    {
        WorkspaceName = workspaceName;
        Operation = operation;
        Method = method;
        Path = path;
        Query = query;
        Body = body;
    }

    public AdfOperation Operation { get; }
    public string Method { get; }
    /// <summary>Starts with "/subscriptions/" for ARM, with the resource ("/pipelines", ...) for a workspace; every segment escaped.</summary>
    public string Path { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }
    public string? Body { get; }

    /// <summary>The Synapse workspace whose data plane answers this request; null for ARM.</summary>
    public string? WorkspaceName { get; }

    /// <summary>For a body that may hold secrets (createRun): what logs may show of it, or null for its size only.</summary>
    public string? ShownBody { get; internal set; }

    /// <summary>A write in ARM's sense (counts against the writes bucket; a workspace has no such bucket).</summary>
    public bool IsWrite => Operation is AdfOperation.CreateRun or AdfOperation.CancelRun or AdfOperation.RerunTriggerRun or AdfOperation.CancelTriggerRun;

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
