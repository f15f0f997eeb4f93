using System.Collections.Generic;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Requests;

/// <summary>How a createRun relates to an earlier run.</summary>
public enum RunMode
{
    /// <summary>A new run with the given parameters.</summary>
    New,
    /// <summary>A new, ungrouped run that takes its parameters from a reference run (referencePipelineRunId only).</summary>
    NewFromReference,
    /// <summary>Recovery: the whole pipeline again, in the reference run's group.</summary>
    Recover,
    /// <summary>Recovery from the failed activities (startFromFailure).</summary>
    RecoverFromFailure,
    /// <summary>Recovery starting at a named activity (startActivityName).</summary>
    RecoverFromActivity,
}

/// <summary>One immutable description of a createRun: Start and Restart differ only in how they fill it.</summary>
public sealed class RunRequest
{
    public RunRequest(
        RunTarget factory,
        string pipelineName,
        RunMode mode,
        IReadOnlyDictionary<string, object?>? parameters = null,
        string? referencePipelineRunId = null,
        string? startActivityName = null)
    {
        Target = factory;
        PipelineName = pipelineName;
        Mode = mode;
        Parameters = parameters;
        ReferencePipelineRunId = referencePipelineRunId;
        StartActivityName = startActivityName;
    }

    public RunTarget Target { get; }
    public string PipelineName { get; }
    public RunMode Mode { get; }
    /// <summary>A JSON tree (see JsonTree); null sends an empty object.</summary>
    public IReadOnlyDictionary<string, object?>? Parameters { get; }
    public string? ReferencePipelineRunId { get; }
    public string? StartActivityName { get; }
}
