using System;

namespace AdfRuns;

/// <summary>Who or what started a pipeline run.</summary>
public sealed class PipelineRunInvoker
{
    internal PipelineRunInvoker(string? name, string? id, string? invokedByType, string? pipelineName, string? pipelineRunId)
    {
        Name = name;
        Id = id;
        InvokedByType = invokedByType;
        PipelineName = pipelineName;
        PipelineRunId = pipelineRunId;
    }

    /// <summary>Manual, a trigger's name, or the parent activity's name.</summary>
    public string? Name { get; }
    public string? Id { get; }
    /// <summary>Manual, ScheduleTrigger, PipelineActivity, ...</summary>
    public string? InvokedByType { get; }
    /// <summary>The parent pipeline, when another pipeline started this run.</summary>
    public string? PipelineName { get; }
    /// <summary>The parent run, when another pipeline started this run.</summary>
    public string? PipelineRunId { get; }

    public override string ToString() => InvokedByType is null || InvokedByType == Name ? Name ?? string.Empty : $"{Name} ({InvokedByType})";
}

/// <summary>One Azure Data Factory pipeline run.</summary>
public sealed class PipelineRun
{
    internal PipelineRun(
        string runId,
        string pipelineName,
        string status,
        DateTimeOffset? runStart,
        DateTimeOffset? runEnd,
        long? durationInMs,
        string? message,
        ValueTable parameters,
        string? runGroupId,
        bool isLatest,
        PipelineRunInvoker? invokedBy,
        DateTimeOffset? lastUpdated,
        ValueList annotations,
        ValueTable runDimension,
        string subscriptionId,
        string resourceGroupName,
        string factoryName,
        bool isTerminal)
    {
        RunId = runId;
        PipelineName = pipelineName;
        Status = status;
        RunStart = runStart;
        RunEnd = runEnd;
        DurationInMs = durationInMs;
        Message = message;
        Parameters = parameters;
        RunGroupId = runGroupId;
        IsLatest = isLatest;
        InvokedBy = invokedBy;
        LastUpdated = lastUpdated;
        Annotations = annotations;
        RunDimension = runDimension;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
        IsTerminal = isTerminal;
    }

    public string RunId { get; }
    public string PipelineName { get; }
    /// <summary>Queued, InProgress, Succeeded, Failed, Canceling or Cancelled.</summary>
    public string Status { get; }
    public DateTimeOffset? RunStart { get; }
    public DateTimeOffset? RunEnd { get; }
    /// <summary>Null until the service reports it (when the run ends). Duration (a TimeSpan) is added by AdfRuns.types.ps1xml.</summary>
    public long? DurationInMs { get; }
    public string? Message { get; }
    /// <summary>Name to value as the service returned them; ordered, case-insensitive; JSON as text.</summary>
    public ValueTable Parameters { get; }
    /// <summary>The original run's id for every rerun of it; a run that is not a rerun is its own group.</summary>
    public string? RunGroupId { get; }
    /// <summary>True for the newest run of its group.</summary>
    public bool IsLatest { get; }
    /// <summary>True for a recovery rerun (its group is another run's).</summary>
    public bool IsRecovery => RunGroupId is not null && !string.Equals(RunGroupId, RunId, StringComparison.OrdinalIgnoreCase);
    public PipelineRunInvoker? InvokedBy { get; }
    public DateTimeOffset? LastUpdated { get; }
    public ValueList Annotations { get; }
    public ValueTable RunDimension { get; }
    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }
    /// <summary>Succeeded, Failed or Cancelled: the run will not change any more.</summary>
    public bool IsTerminal { get; }

    public override string ToString() => RunId;
}
