using System;
using System.Collections.Generic;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

internal sealed class PipelineRunState
{
    public PipelineRunState(
        string runId,
        string runGroupId,
        PipelineDefinition pipeline,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        InvokedBy invokedBy,
        DateTimeOffset created,
        long sequence)
    {
        RunId = runId;
        RunGroupId = runGroupId;
        Pipeline = pipeline;
        Parameters = parameters;
        InvokedBy = invokedBy;
        RunStart = created;
        LastUpdated = created;
        Sequence = sequence;
        foreach (var activity in pipeline.Activities)
        {
            var execution = new ActivityExecution(activity);
            Activities.Add(execution);
            ActivitiesByName[activity.Name] = execution;
        }
    }

    public string RunId { get; }

    public string RunGroupId { get; }

    public PipelineDefinition Pipeline { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public InvokedBy InvokedBy { get; }

    public long Sequence { get; }

    public DateTimeOffset RunStart { get; }

    public DateTimeOffset? RunEnd { get; set; }

    public string Status { get; set; } = RunStatus.Queued;

    /// <summary>null while Queued (as recorded), "" while running or after success.</summary>
    public string? Message { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    public bool IsLatest { get; set; } = true;

    public List<ActivityExecution> Activities { get; } = new();

    public Dictionary<string, ActivityExecution> ActivitiesByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ActivityRunRecord> ActivityRuns { get; } = new();

    public PipelineRunState? Parent { get; set; }

    /// <summary>0 for a run started by createRun; a child run started by ExecutePipeline is one deeper than its parent.</summary>
    public int Depth => Parent is { } parent ? parent.Depth + 1 : 0;

    public ActivityExecution? ParentActivity { get; set; }

    public bool ParentWaits { get; set; }

    public List<PipelineRunState> Children { get; } = new();

    public bool IsTerminal => RunStatus.IsTerminal(Status);
}
