using System;
using System.Collections.Generic;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Engine;

internal static class RunStatus
{
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceling = "Canceling";
    public const string Cancelled = "Cancelled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;

    /// <summary>ADF's docs say "Canceled", its payloads say "Cancelled"; both mean the same.</summary>
    public static string Normalize(string status) =>
        string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase) ? Cancelled : status;
}

internal enum ActivityState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}

internal sealed class InvokedBy
{
    public InvokedBy(string id, string name, string invokedByType, string? pipelineName = null, string? pipelineRunId = null)
    {
        Id = id;
        Name = name;
        InvokedByType = invokedByType;
        PipelineName = pipelineName;
        PipelineRunId = pipelineRunId;
    }

    public string Id { get; }

    public string Name { get; }

    public string InvokedByType { get; }

    public string? PipelineName { get; }

    public string? PipelineRunId { get; }

    public static InvokedBy Manual() => new(Guid.NewGuid().ToString("N"), "Manual", "Manual");
}

internal sealed class ActivityRunRecord
{
    public ActivityRunRecord(ActivityDefinition definition, PipelineRunState run, DateTimeOffset start, long sequence)
    {
        ActivityRunId = Guid.NewGuid().ToString();
        Definition = definition;
        PipelineName = run.Pipeline.Name;
        PipelineRunId = run.RunId;
        Start = start;
        Sequence = sequence;
    }

    public string ActivityRunId { get; }

    public ActivityDefinition Definition { get; }

    public string PipelineName { get; }

    public string PipelineRunId { get; }

    public long Sequence { get; }

    public string Status { get; set; } = RunStatus.InProgress;

    public DateTimeOffset Start { get; }

    public DateTimeOffset? End { get; set; }

    public string OutputJson { get; set; } = "{}";

    public string ErrorCode { get; set; } = string.Empty;

    public string ErrorMessage { get; set; } = string.Empty;

    public string FailureType { get; set; } = string.Empty;

    public DateTimeOffset LastUpdated => End ?? Start;
}

internal sealed class ActivityExecution
{
    public ActivityExecution(ActivityDefinition definition) => Definition = definition;

    public ActivityDefinition Definition { get; }

    public ActivityState State { get; set; } = ActivityState.Pending;

    /// <summary>Not executed in a recovery run because its earlier result counts as Succeeded.</summary>
    public bool Reused { get; set; }

    public ActivityRunRecord? Record { get; set; }

    public string? FailureMessage { get; set; }

    public bool IsResolved => State is ActivityState.Succeeded or ActivityState.Failed or ActivityState.Skipped;
}

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

internal sealed record PipelineRunView(
    string RunId,
    string RunGroupId,
    string PipelineName,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    InvokedBy InvokedBy,
    DateTimeOffset RunStart,
    DateTimeOffset? RunEnd,
    long? DurationInMs,
    string Status,
    string? Message,
    DateTimeOffset LastUpdated,
    bool IsLatest,
    long Sequence)
{
    public static PipelineRunView From(PipelineRunState run) => new(
        run.RunId,
        run.RunGroupId,
        run.Pipeline.Name,
        SecureParameters.MaskValues(run.Pipeline, run.Parameters),
        run.InvokedBy,
        run.RunStart,
        run.RunEnd,
        run.RunEnd is { } end ? (long)(end - run.RunStart).TotalMilliseconds : null,
        run.Status,
        run.Message,
        run.LastUpdated,
        run.IsLatest,
        run.Sequence);
}

internal sealed record ActivityRunView(
    string ActivityRunId,
    string ActivityName,
    string ActivityType,
    string PipelineName,
    string PipelineRunId,
    string Status,
    DateTimeOffset ActivityRunStart,
    DateTimeOffset? ActivityRunEnd,
    long? DurationInMs,
    string InputJson,
    string OutputJson,
    string UserPropertiesJson,
    string ErrorCode,
    string ErrorMessage,
    string FailureType,
    DateTimeOffset LastUpdated,
    long Sequence)
{
    public static ActivityRunView From(ActivityRunRecord record) => new(
        record.ActivityRunId,
        record.Definition.Name,
        record.Definition.Type,
        record.PipelineName,
        record.PipelineRunId,
        record.Status,
        record.Start,
        record.End,
        record.End is { } end ? (long)(end - record.Start).TotalMilliseconds : null,
        record.Definition.TypePropertiesJson,
        record.OutputJson,
        record.Definition.UserPropertiesJson,
        record.ErrorCode,
        record.ErrorMessage,
        record.FailureType,
        record.LastUpdated,
        record.Sequence);
}

internal sealed class RunPage<T>
{
    public RunPage(IReadOnlyList<T> value, string? continuationToken)
    {
        Value = value;
        ContinuationToken = continuationToken;
    }

    public IReadOnlyList<T> Value { get; }

    public string? ContinuationToken { get; }
}

internal sealed class CreateRunRequest
{
    public string PipelineName { get; init; } = string.Empty;

    public string? Body { get; init; }

    public string? ReferencePipelineRunId { get; init; }

    public bool IsRecovery { get; init; }

    public string? StartActivityName { get; init; }

    public bool StartFromFailure { get; init; }

    /// <summary>x-ms-client-request-id; the real service was seen to reuse it as the run id.</summary>
    public string? ClientRequestId { get; init; }
}
