using System;

namespace AdfRuns;

/// <summary>Why an activity failed.</summary>
public sealed class ActivityRunError
{
    internal ActivityRunError(string? errorCode, string? message, string? failureType, string? target)
    {
        ErrorCode = errorCode;
        Message = message;
        FailureType = failureType;
        Target = target;
    }

    public string? ErrorCode { get; }
    public string? Message { get; }
    /// <summary>UserError, SystemError, ...</summary>
    public string? FailureType { get; }
    public string? Target { get; }

    public override string ToString() => ErrorCode is null ? Message ?? string.Empty : $"{ErrorCode}: {Message}";
}

/// <summary>One activity run inside a pipeline run.</summary>
public sealed class ActivityRun
{
    internal ActivityRun(
        string activityName,
        string? activityType,
        string activityRunId,
        string? pipelineName,
        string? pipelineRunId,
        string status,
        DateTimeOffset? activityRunStart,
        DateTimeOffset? activityRunEnd,
        long? durationInMs,
        int? retryAttempt,
        object? input,
        object? output,
        ActivityRunError? error,
        string subscriptionId,
        string resourceGroupName,
        string factoryName)
    {
        ActivityName = activityName;
        ActivityType = activityType;
        ActivityRunId = activityRunId;
        PipelineName = pipelineName;
        PipelineRunId = pipelineRunId;
        Status = status;
        ActivityRunStart = activityRunStart;
        ActivityRunEnd = activityRunEnd;
        DurationInMs = durationInMs;
        RetryAttempt = retryAttempt;
        Input = input;
        Output = output;
        Error = error;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
    }

    public string ActivityName { get; }
    public string? ActivityType { get; }
    public string ActivityRunId { get; }
    public string? PipelineName { get; }
    public string? PipelineRunId { get; }
    public string Status { get; }
    public DateTimeOffset? ActivityRunStart { get; }
    public DateTimeOffset? ActivityRunEnd { get; }
    /// <summary>Duration (a TimeSpan) is added by AdfRuns.types.ps1xml.</summary>
    public long? DurationInMs { get; }
    public int? RetryAttempt { get; }
    /// <summary>The activity's input, as PowerShell objects.</summary>
    public object? Input { get; }
    /// <summary>The activity's output, as PowerShell objects.</summary>
    public object? Output { get; }
    /// <summary>Null when the activity did not fail.</summary>
    public ActivityRunError? Error { get; }
    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }

    public override string ToString() => $"{ActivityName} ({Status})";
}
