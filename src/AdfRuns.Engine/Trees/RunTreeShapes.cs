using System;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Trees;

/// <summary>Which activity runs a walk returns.</summary>
public enum RunTreeMode
{
    /// <summary>The given run's own activity runs.</summary>
    GivenRunOnly,

    /// <summary>Also those of every child run that ExecutePipeline activities started, to any depth.</summary>
    Recurse,

    /// <summary>Only the deepest failed activities, following failed ExecutePipeline activities into their child runs.</summary>
    RootCause,
}

/// <summary>A run whose tree to walk, with the start and end the caller already knows (null: read the run).</summary>
public sealed class RunTreeRoot
{
    /// <param name="queryAfter">The given run's activity-run query window starts here exactly (-RunStartedAfter), instead of at the run's start less a margin.</param>
    /// <param name="queryBefore">The given run's activity-run query window ends here exactly (-RunStartedBefore).</param>
    public RunTreeRoot(string runId, DateTimeOffset? runStart = null, DateTimeOffset? runEnd = null, string? pipelineName = null, DateTimeOffset? queryAfter = null, DateTimeOffset? queryBefore = null)
    {
        RunId = runId;
        RunStart = runStart;
        RunEnd = runEnd;
        PipelineName = pipelineName;
        QueryAfter = queryAfter;
        QueryBefore = queryBefore;
    }

    public DateTimeOffset? QueryAfter { get; }
    public DateTimeOffset? QueryBefore { get; }

    public string RunId { get; }

    /// <summary>The run's pipeline when the caller knows it: a workspace's activity-run query names it.</summary>
    public string? PipelineName { get; }
    public DateTimeOffset? RunStart { get; }
    public DateTimeOffset? RunEnd { get; }
}

/// <summary>A child run whose activity runs could not be read; the rest of its tree is still walked.</summary>
public sealed class RunTreeFailure
{
    private readonly string description;

    public RunTreeFailure(string childPipelineRunId, string startedBy, Exception error)
    {
        ChildPipelineRunId = childPipelineRunId;
        StartedBy = startedBy;
        description = $"The activity runs of child pipeline run {childPipelineRunId} (started by {startedBy}) could not be read: {error.Message}";
        // The service's own message names only the child run ("Pipeline run X does not exist."): the error itself
        // says which activity started it, wherever it is shown, with the service's code and kind kept.
        Error = error is AdfServiceException service
            ? new AdfServiceException(service.Code, description, service.Kind, service.StatusCode, service.Target, service.RequestId, service.RetryAfter, service)
            : error;
    }

    public string ChildPipelineRunId { get; }

    /// <summary>The Path of the ExecutePipeline activity that started the child run.</summary>
    public string StartedBy { get; }

    /// <summary>What failed; a service error carries <see cref="Describe"/> as its message.</summary>
    public Exception Error { get; }

    public string Describe() => description;
}

/// <summary>One thing a walk found, in tree order: an activity run, or a child run it could not read.</summary>
public sealed class RunTreeItem
{
    public RunTreeItem(ActivityRunData activity) => Activity = activity;

    public RunTreeItem(RunTreeFailure failure) => Failure = failure;

    public ActivityRunData? Activity { get; }
    public RunTreeFailure? Failure { get; }
}

/// <summary>What one walk read: the given run when the walk had to read it, the pipeline and activity runs it read, and
/// how many activity runs it found (root causes with RootCause) before -ActivityName and -Status selected from them.</summary>
public sealed class RunTreeSummary
{
    public RunTreeSummary(PipelineRunData? run, int pipelineRunsRead, int activityRunsRead, int found)
    {
        Run = run;
        PipelineRunsRead = pipelineRunsRead;
        ActivityRunsRead = activityRunsRead;
        Found = found;
    }

    /// <summary>The given run, when the caller did not know its start and the walk read it; otherwise null.</summary>
    public PipelineRunData? Run { get; }
    public int PipelineRunsRead { get; }
    public int ActivityRunsRead { get; }
    public int Found { get; }
}
