using System;
using System.Collections.Generic;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Model;

/// <summary>Who or what started a run.</summary>
public sealed class InvokedByData
{
    public InvokedByData(string? name, string? id, string? invokedByType, string? pipelineName, string? pipelineRunId)
    {
        Name = name;
        Id = id;
        InvokedByType = invokedByType;
        PipelineName = pipelineName;
        PipelineRunId = pipelineRunId;
    }

    public string? Name { get; }
    public string? Id { get; }
    public string? InvokedByType { get; }
    public string? PipelineName { get; }
    public string? PipelineRunId { get; }
}

/// <summary>One pipeline run as the service described it, mapped field by field.</summary>
public sealed class PipelineRunData
{
    public string RunId { get; internal set; } = string.Empty;
    public string? Id { get; internal set; }
    public string PipelineName { get; internal set; } = string.Empty;
    /// <summary>The pipeline's Fabric item id; null for a factory's or a workspace's run.</summary>
    public string? PipelineId { get; internal set; }
    public string Status { get; internal set; } = string.Empty;
    public DateTimeOffset? RunStart { get; internal set; }
    public DateTimeOffset? RunEnd { get; internal set; }
    public long? DurationInMs { get; internal set; }
    public string? Message { get; internal set; }
    /// <summary>Name to value, in the service's order, values as the service returned them (strings).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; internal set; } = Array.Empty<KeyValuePair<string, object?>>();
    public string? RunGroupId { get; internal set; }
    public bool? IsLatest { get; internal set; }
    public InvokedByData? InvokedBy { get; internal set; }
    public DateTimeOffset? LastUpdated { get; internal set; }
    /// <summary>JSON tree (see JsonTree) of the annotations array.</summary>
    public IReadOnlyList<object?> Annotations { get; internal set; } = Array.Empty<object?>();
    public IReadOnlyList<KeyValuePair<string, object?>> RunDimension { get; internal set; } = Array.Empty<KeyValuePair<string, object?>>();
    public string? DebugRunId { get; internal set; }
    public RunTarget? Target { get; internal set; }

    public bool IsTerminal => RunStatus.IsTerminal(Status);

    /// <summary>A run known only by what a caller holds (e.g. a piped run object).</summary>
    public static PipelineRunData Describe(string runId, string pipelineName, string status, DateTimeOffset? runStart, DateTimeOffset? lastUpdated, RunTarget target) => new()
    {
        RunId = runId,
        PipelineName = pipelineName,
        Status = RunStatus.Normalize(status),
        RunStart = runStart,
        LastUpdated = lastUpdated,
        Target = target,
    };
}
