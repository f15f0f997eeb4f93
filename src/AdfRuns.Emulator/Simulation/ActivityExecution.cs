using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

internal sealed class ActivityExecution
{
    public ActivityExecution(ActivityDefinition definition) => Definition = definition;

    public ActivityDefinition Definition { get; }

    public ActivityState State { get; set; } = ActivityState.Pending;

    /// <summary>Not executed in a recovery run because its earlier result counts as Succeeded.</summary>
    public bool Reused { get; set; }

    public ActivityRunRecord? Record { get; set; }

    public string? FailureMessage { get; set; }

    /// <summary>The iterations of a container activity (ForEach, IfCondition, Switch, Until) once it started.</summary>
    public ContainerProgress? Container { get; set; }

    /// <summary>The run an ExecutePipeline activity started.</summary>
    public PipelineRunState? ChildRun { get; set; }

    public bool IsResolved => State is ActivityState.Succeeded or ActivityState.Failed or ActivityState.Skipped;
}
