namespace AdfRuns.Engine.Targets;

/// <summary>How a service reruns a run from its failure.</summary>
public enum FromFailureRerun
{
    /// <summary>createRun takes startFromFailure (Data Factory).</summary>
    StartFromFailure,
    /// <summary>createRun has no startFromFailure: the rerun starts at the one failed activity (startActivityName; Synapse).</summary>
    FromFailedActivity,
    /// <summary>The service cannot rerun from a failure.</summary>
    NotSupported,
}

/// <summary>What a service's run API can do, asked wherever services differ in behaviour rather than in naming.</summary>
public sealed class TargetCapabilities
{
    public TargetCapabilities(FromFailureRerun fromFailure, bool activityQueryNamesPipeline, bool reruns = true, bool rerunsFromActivity = true)
    {
        FromFailure = fromFailure;
        ActivityQueryNamesPipeline = activityQueryNamesPipeline;
        Reruns = reruns;
        RerunsFromActivity = rerunsFromActivity;
    }

    /// <summary>Whether createRun can refer to an earlier run at all (referencePipelineRunId, isRecovery).</summary>
    public bool Reruns { get; }

    /// <summary>Whether a rerun can start at a named activity (startActivityName).</summary>
    public bool RerunsFromActivity { get; }

    /// <summary>How -FromFailure is sent.</summary>
    public FromFailureRerun FromFailure { get; }

    /// <summary>Whether the activity-run query's path names the run's pipeline (so an unknown pipeline is read first).</summary>
    public bool ActivityQueryNamesPipeline { get; }
}
