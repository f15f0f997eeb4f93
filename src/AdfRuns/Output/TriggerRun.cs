using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Triggers;

namespace AdfRuns;

/// <summary>
/// One trigger run: a tumbling window (its first run or a rerun) or one firing of a schedule trigger, as the service
/// described it. WindowStart and WindowEnd are UTC, read from the run's properties (sent as en-US local-format text).
/// Pipe it to Get-AdfPipelineRun (PipelineRunId) for the pipeline runs it started, or to Restart-/Stop-AdfTriggerRun.
/// DataFactoryName is added by AdfRuns.types.ps1xml.
/// </summary>
public sealed class TriggerRun
{
    private ValueTable? properties;
    private ValueTable? triggeredPipelines;

    internal TriggerRun(TriggerRunData data) => Data = data;

    public string TriggerName => Data.TriggerName;
    public string TriggerRunId => Data.TriggerRunId;
    /// <summary>TumblingWindowTrigger, ScheduleTrigger, ...</summary>
    public string? TriggerType => Data.TriggerType;
    public DateTimeOffset? TriggerRunTimestamp => Data.TriggerRunTimestamp;
    /// <summary>The service's word: Succeeded, Failed, Running, Waiting, Canceled...</summary>
    public string? Status => Data.Status;
    public string? Message => Data.Message;
    /// <summary>The window's start in UTC; null for a schedule trigger's run.</summary>
    public DateTime? WindowStart => Data.WindowStart?.UtcDateTime;
    /// <summary>The window's end in UTC; null for a schedule trigger's run.</summary>
    public DateTime? WindowEnd => Data.WindowEnd?.UtcDateTime;
    /// <summary>Pipeline name -> the id of the run it started (ordered, case-insensitive).</summary>
    public ValueTable TriggeredPipelines => triggeredPipelines ??= ValueTable.From(Data.TriggeredPipelines.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList());
    /// <summary>The ids of the pipeline runs it started; binds to Get-AdfPipelineRun -RunId (alias PipelineRunId) by property name.</summary>
    public string[] PipelineRunId => Data.TriggeredPipelines.Select(p => p.Value).ToArray();
    /// <summary>The run's properties as the service sent them (TriggerTime, windowStartTime, windowEndTime, ScheduleTime...).</summary>
    public ValueTable Properties => properties ??= ValueTable.From(Data.Properties.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList());
    /// <summary>The first run of the window (a rerun keeps it); null when the service does not send it.</summary>
    public string? GroupId => Data.GroupId;
    public string SubscriptionId => (Data.Target as FactoryTarget)?.SubscriptionId ?? string.Empty;
    public string ResourceGroupName => (Data.Target as FactoryTarget)?.ResourceGroupName ?? string.Empty;
    public string FactoryName => (Data.Target as FactoryTarget)?.FactoryName ?? string.Empty;
    /// <summary>The Synapse workspace; null for a data factory.</summary>
    public string? WorkspaceName => (Data.Target as WorkspaceTarget)?.WorkspaceName;
    /// <summary>DataFactory or Synapse.</summary>
    public string Service => Data.Target?.Service ?? "DataFactory";
    /// <summary>Succeeded, Failed or Canceled: it will not change any more.</summary>
    public bool IsTerminal => Data.IsTerminal;

    internal TriggerRunData Data { get; }

    public override string ToString() => TriggerRunId;
}
