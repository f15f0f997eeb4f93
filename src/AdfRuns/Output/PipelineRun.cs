using System;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns;

/// <summary>Who or what started a pipeline run.</summary>
public sealed class PipelineRunInvoker
{
    private readonly InvokedByData data;

    internal PipelineRunInvoker(InvokedByData data) => this.data = data;

    /// <summary>Manual, a trigger's name, or the parent activity's name.</summary>
    public string? Name => data.Name;
    public string? Id => data.Id;
    /// <summary>Manual, ScheduleTrigger, PipelineActivity, ...</summary>
    public string? InvokedByType => data.InvokedByType;
    /// <summary>The parent pipeline, when another pipeline started this run.</summary>
    public string? PipelineName => data.PipelineName;
    /// <summary>The parent run, when another pipeline started this run.</summary>
    public string? PipelineRunId => data.PipelineRunId;

    public override string ToString() => InvokedByType is null || InvokedByType == Name ? Name ?? string.Empty : $"{Name} ({InvokedByType})";
}

/// <summary>
/// One Azure Data Factory pipeline run: a read-only view of the run as the service described it.
/// DataFactoryName and Duration (a TimeSpan) are added by AdfRuns.types.ps1xml.
/// </summary>
public sealed class PipelineRun
{
    private ValueTable? parameters;
    private ValueList? annotations;
    private ValueTable? runDimension;

    internal PipelineRun(PipelineRunData data)
    {
        Data = data;
        InvokedBy = data.InvokedBy is { } invokedBy ? new PipelineRunInvoker(invokedBy) : null;
    }

    public string RunId => Data.RunId;
    public string PipelineName => Data.PipelineName;
    /// <summary>Queued, InProgress, Succeeded, Failed, Canceling or Cancelled.</summary>
    public string Status => Data.Status;
    public DateTimeOffset? RunStart => Data.RunStart;
    public DateTimeOffset? RunEnd => Data.RunEnd;
    /// <summary>Null until the service reports it (when the run ends).</summary>
    public long? DurationInMs => Data.DurationInMs;
    public string? Message => Data.Message;
    /// <summary>Name to value as the service returned them; ordered, case-insensitive; JSON as text.</summary>
    public ValueTable Parameters => parameters ??= ValueTable.From(Data.Parameters);
    /// <summary>The original run's id for every rerun of it; a run that is not a rerun is its own group.</summary>
    public string? RunGroupId => Data.RunGroupId;
    /// <summary>True for the newest run of its group.</summary>
    public bool IsLatest => Data.IsLatest ?? true;
    /// <summary>True for a recovery rerun (its group is another run's).</summary>
    public bool IsRecovery => RunGroupId is not null && !string.Equals(RunGroupId, RunId, StringComparison.OrdinalIgnoreCase);
    public PipelineRunInvoker? InvokedBy { get; }
    /// <summary>The run whose ExecutePipeline activity started this run (invokedBy.pipelineRunId, sent when invokedByType is PipelineActivity); null for any other run.</summary>
    public string? ParentPipelineRunId => Data.InvokedBy?.PipelineRunId;
    public DateTimeOffset? LastUpdated => Data.LastUpdated;
    public ValueList Annotations => annotations ??= ValueList.From(Data.Annotations);
    public ValueTable RunDimension => runDimension ??= ValueTable.From(Data.RunDimension);
    public string SubscriptionId => (Data.Target as FactoryTarget)?.SubscriptionId ?? string.Empty;
    public string ResourceGroupName => (Data.Target as FactoryTarget)?.ResourceGroupName ?? string.Empty;
    public string FactoryName => (Data.Target as FactoryTarget)?.FactoryName ?? string.Empty;
    /// <summary>The Synapse workspace; null for a data factory (whose coordinates are then set, and empty for a workspace).</summary>
    public string? WorkspaceName => (Data.Target as WorkspaceTarget)?.WorkspaceName;
    /// <summary>The Fabric workspace's display name (as given when it was not looked up); null outside Fabric.</summary>
    public string? FabricWorkspace => (Data.Target as FabricTarget)?.Name;
    /// <summary>The Fabric workspace's id; null outside Fabric.</summary>
    public string? FabricWorkspaceId => (Data.Target as FabricTarget)?.WorkspaceId;
    /// <summary>The pipeline's Fabric item id; null outside Fabric.</summary>
    public string? PipelineId => Data.PipelineId;
    /// <summary>DataFactory, Synapse or Fabric: the service the run lives in.</summary>
    public string Service => Data.Target?.Service ?? "DataFactory";
    /// <summary>Succeeded, Failed or Cancelled: the run will not change any more.</summary>
    public bool IsTerminal => Data.IsTerminal;

    /// <summary>The engine's data, for waiting on and querying a piped run.</summary>
    internal PipelineRunData Data { get; }

    public override string ToString() => RunId;
}
