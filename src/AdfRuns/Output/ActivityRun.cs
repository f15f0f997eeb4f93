using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns;

/// <summary>Why an activity failed.</summary>
public sealed class ActivityRunError
{
    private readonly ActivityErrorData data;

    internal ActivityRunError(ActivityErrorData data) => this.data = data;

    public string? ErrorCode => data.ErrorCode;
    public string? Message => data.Message;
    /// <summary>UserError, SystemError, ...</summary>
    public string? FailureType => data.FailureType;
    public string? Target => data.Target;

    public override string ToString() => ErrorCode is null ? Message ?? string.Empty : $"{ErrorCode}: {Message}";
}

/// <summary>
/// One activity run inside a pipeline run: a read-only view of it as the service described it.
/// DataFactoryName and Duration (a TimeSpan) are added by AdfRuns.types.ps1xml.
/// </summary>
public sealed class ActivityRun
{
    private readonly ActivityRunData data;
    private readonly Lazy<object?> input;
    private readonly Lazy<object?> output;
    private readonly Lazy<ValueTable?> pipelineParameters;

    internal ActivityRun(ActivityRunData data)
    {
        this.data = data;
        input = new Lazy<object?>(() => PowerShellJson.ToPowerShell(data.Input));
        output = new Lazy<object?>(() => PowerShellJson.ToPowerShell(data.Output));
        pipelineParameters = new Lazy<ValueTable?>(() => data.PipelineParameters is IReadOnlyDictionary<string, object?> parameters ? ValueTable.From(parameters.ToList()) : null);
        Error = data.Error is { } error ? new ActivityRunError(error) : null;
    }

    public string ActivityName => data.ActivityName;
    public string? ActivityType => data.ActivityType;
    public string ActivityRunId => data.ActivityRunId;
    public string? PipelineName => data.PipelineName;
    public string? PipelineRunId => data.PipelineRunId;
    public string Status => data.Status;
    public DateTimeOffset? ActivityRunStart => data.ActivityRunStart;
    public DateTimeOffset? ActivityRunEnd => data.ActivityRunEnd;
    public long? DurationInMs => data.DurationInMs;
    public int? RetryAttempt => data.RetryAttempt;
    /// <summary>The activity's input, as PowerShell objects.</summary>
    public object? Input => input.Value;
    /// <summary>The activity's output, as PowerShell objects.</summary>
    public object? Output => output.Value;
    /// <summary>Null when the activity did not fail.</summary>
    public ActivityRunError? Error { get; }
    /// <summary>0 for an activity of the given run, 1 for one of a child run it started, and so on (-Recurse, -RootCause).</summary>
    public int Depth => data.Depth;
    /// <summary>The given run whose tree this activity run is part of (its own run when Depth is 0).</summary>
    public string? RootPipelineRunId => data.RootPipelineRunId ?? data.PipelineRunId;
    /// <summary>For an ExecutePipeline activity: the pipeline run it started.</summary>
    public string? ChildPipelineRunId => data.ChildPipelineRunId;
    /// <summary>Pipeline and activity names from the given run down, e.g. NightlyParent/RunChild/NightlyChild/Load.</summary>
    public string Path => data.Path ?? $"{data.PipelineName}/{data.ActivityName}";
    /// <summary>The parameters of the pipeline run it belongs to, as the ExecutePipeline activity that started that run passed them; null in the given run.</summary>
    public ValueTable? PipelineParameters => pipelineParameters.Value;
    public string SubscriptionId => (data.Target as FactoryTarget)?.SubscriptionId ?? string.Empty;
    public string ResourceGroupName => (data.Target as FactoryTarget)?.ResourceGroupName ?? string.Empty;
    public string FactoryName => (data.Target as FactoryTarget)?.FactoryName ?? string.Empty;
    /// <summary>The Synapse workspace; null for a data factory (whose coordinates are then set, and empty for a workspace).</summary>
    public string? WorkspaceName => (data.Target as WorkspaceTarget)?.WorkspaceName;
    /// <summary>The Fabric workspace's display name (as given when it was not looked up); null outside Fabric.</summary>
    public string? FabricWorkspace => (data.Target as FabricTarget)?.Name;
    /// <summary>The Fabric workspace's id; null outside Fabric.</summary>
    public string? FabricWorkspaceId => (data.Target as FabricTarget)?.WorkspaceId;
    /// <summary>The pipeline's Fabric item id; null outside Fabric.</summary>
    public string? PipelineId => data.PipelineId;
    /// <summary>DataFactory, Synapse or Fabric: the service the run lives in.</summary>
    public string Service => data.Target?.Service ?? "DataFactory";

    public override string ToString() => $"{ActivityName} ({Status})";
}
