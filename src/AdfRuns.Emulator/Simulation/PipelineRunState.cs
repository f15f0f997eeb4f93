using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;

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
        RootScope = new ActivityScope(this, pipeline.Activities, ExpressionContext.ForRun(pipeline.Name, runId, TypedParameters(pipeline, parameters)));
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

    /// <summary>The pipeline's own activities; inner activities of containers live in the iterations' scopes.</summary>
    public ActivityScope RootScope { get; }

    public List<ActivityExecution> Activities => RootScope.Activities;

    public List<ActivityRunRecord> ActivityRuns { get; } = new();

    public PipelineRunState? Parent { get; set; }

    /// <summary>0 for a run started by createRun; a child run started by ExecutePipeline is one deeper than its parent.</summary>
    public int Depth => Parent is { } parent ? parent.Depth + 1 : 0;

    public ActivityExecution? ParentActivity { get; set; }

    /// <summary>The scope (pipeline or container iteration) the ExecutePipeline activity that started this run ran in.</summary>
    public ActivityScope? ParentScope { get; set; }

    public bool ParentWaits { get; set; }

    /// <summary>The trigger run (window) that started this run; null for a run started by createRun or a parent.</summary>
    public Triggers.TriggerRunState? TriggerRun { get; set; }

    public List<PipelineRunState> Children { get; } = new();

    public bool IsTerminal => RunStatus.IsTerminal(Status);

    /// <summary>Parameter values as expressions see them: typed by the definition (arrays and objects parsed from their text).</summary>
    private static Dictionary<string, object?> TypedParameters(PipelineDefinition pipeline, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var typed = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            var type = pipeline.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Key, StringComparison.OrdinalIgnoreCase))?.Type;
            var isTyped = type is ParameterType.Int or ParameterType.Float or ParameterType.Bool or ParameterType.Array or ParameterType.Object;
            typed[parameter.Key] = isTyped && ExpressionValues.TryParseJson(parameter.Value, out var value) ? value : parameter.Value;
        }

        return typed;
    }
}
