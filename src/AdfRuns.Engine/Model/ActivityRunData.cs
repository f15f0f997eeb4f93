using System;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Model;

/// <summary>An activity's error; the service sends empty strings when there is none.</summary>
public sealed class ActivityErrorData
{
    public ActivityErrorData(string? errorCode, string? message, string? failureType, string? target)
    {
        ErrorCode = errorCode;
        Message = message;
        FailureType = failureType;
        Target = target;
    }

    public string? ErrorCode { get; }
    public string? Message { get; }
    public string? FailureType { get; }
    public string? Target { get; }
}

/// <summary>One activity run as the service described it.</summary>
public sealed class ActivityRunData
{
    public string ActivityName { get; internal set; } = string.Empty;
    public string? ActivityType { get; internal set; }
    public string ActivityRunId { get; internal set; } = string.Empty;
    public string? PipelineName { get; internal set; }
    /// <summary>The pipeline's Fabric item id (Fabric's activity runs name the pipeline by it); null elsewhere.</summary>
    public string? PipelineId { get; internal set; }
    public string? PipelineRunId { get; internal set; }
    public string Status { get; internal set; } = string.Empty;
    public DateTimeOffset? ActivityRunStart { get; internal set; }
    public DateTimeOffset? ActivityRunEnd { get; internal set; }
    public long? DurationInMs { get; internal set; }
    public int? RetryAttempt { get; internal set; }
    public string? LinkedServiceName { get; internal set; }
    /// <summary>JSON trees (see JsonTree).</summary>
    public object? Input { get; internal set; }
    public object? Output { get; internal set; }
    public object? UserProperties { get; internal set; }
    /// <summary>Null when the service reports no error (all fields empty).</summary>
    public ActivityErrorData? Error { get; internal set; }
    public RunTarget? Target { get; internal set; }

    /// <summary>For an ExecutePipeline activity: the run it started (its output's pipelineRunId).</summary>
    public string? ChildPipelineRunId { get; internal set; }
    /// <summary>For an ExecutePipeline activity: the pipeline it started (its output's pipelineName, else the one its input names).</summary>
    public string? ChildPipelineName { get; internal set; }
    /// <summary>Where a run tree found it: 0 in the given run, 1 in a child run it started, and so on.</summary>
    public int Depth { get; internal set; }
    /// <summary>The given run whose tree this activity run belongs to; null when it was read on its own.</summary>
    public string? RootPipelineRunId { get; internal set; }
    /// <summary>Pipeline and activity names from the root run, e.g. NightlyParent/RunChild/NightlyChild/Load; null when read on its own.</summary>
    public string? Path { get; internal set; }
    /// <summary>The parameters of the pipeline run it belongs to, as the ExecutePipeline activity that started that run passed them (JSON tree); null in the given run.</summary>
    public object? PipelineParameters { get; internal set; }
}
