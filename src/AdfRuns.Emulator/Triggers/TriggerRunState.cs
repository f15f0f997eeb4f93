using System;
using System.Collections.Generic;
using System.Globalization;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Triggers;

/// <summary>
/// A trigger run's statuses. Recorded: Succeeded, Running, Waiting; the spec's enum adds Failed (and "Inprogress");
/// the tumbling-window docs call a cancelled window "Canceled".
/// </summary>
internal static class TriggerRunStatus
{
    public const string Waiting = "Waiting";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";

    /// <summary>DOC: the tumbling-window docs' word; no payload with it was captured.</summary>
    public const string Canceled = "Canceled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Canceled;

    /// <summary>The window's status once the pipeline run it started has ended.</summary>
    public static string Of(PipelineRunState run) => run.Status switch
    {
        RunStatus.Succeeded => Succeeded,
        RunStatus.Cancelled => Canceled,
        _ => Failed,
    };
}

/// <summary>One run of a trigger: a tumbling window (first run or rerun) or one firing of a schedule trigger.</summary>
internal sealed class TriggerRunState
{
    public TriggerRunState(TriggerDefinition trigger, string triggerRunId, string groupId, DateTimeOffset timestamp, DateTimeOffset scheduled, long sequence)
    {
        Trigger = trigger;
        TriggerRunId = triggerRunId;
        GroupId = groupId;
        Timestamp = timestamp;
        LastUpdated = timestamp;
        Scheduled = scheduled;
        Sequence = sequence;
    }

    public TriggerDefinition Trigger { get; }

    public string TriggerRunId { get; }

    /// <summary>GUESS: a rerun keeps the group id of the window's first run (the recording shows groupId = triggerRunId on a first run).</summary>
    public string GroupId { get; }

    public DateTimeOffset Timestamp { get; }

    /// <summary>The window's start (tumbling) or the scheduled time (schedule).</summary>
    public DateTimeOffset Scheduled { get; }

    public DateTimeOffset WindowEnd => Scheduled + Trigger.Period;

    public long Sequence { get; }

    public string Status { get; set; } = TriggerRunStatus.Waiting;

    /// <summary>null while it runs or after success (recorded); the pipeline run's message after a failure (GUESS).</summary>
    public string? Message { get; set; }

    /// <summary>What queryTriggerRuns' lastUpdatedAfter/Before compare with (INFERRED: the body has no such field).</summary>
    public DateTimeOffset LastUpdated { get; set; }

    public PipelineRunState? PipelineRun { get; set; }

    /// <summary>
    /// The run's properties as the service writes them: en-US local-format strings, UTC implied (recorded):
    /// TriggerTime and the window's bounds, or a schedule trigger's TriggerTime and ScheduleTime.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties() => Trigger.IsTumblingWindow
        ? new[]
        {
            Pair("TriggerTime", Timestamp),
            Pair("windowStartTime", Scheduled),
            Pair("windowEndTime", WindowEnd),
        }
        : new[] { Pair("TriggerTime", Timestamp), Pair("ScheduleTime", Scheduled) };

    public static string EnUsTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture);

    /// <summary>How a pipeline parameter sees the window: "@trigger().outputs.windowStartTime" and the like (GUESS: seconds, Z).</summary>
    public static string IsoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static KeyValuePair<string, string> Pair(string name, DateTimeOffset time) => new(name, EnUsTime(time));
}

/// <summary>A snapshot of a trigger run for a query answer, taken under the simulator's lock.</summary>
internal sealed class TriggerRunView
{
    private TriggerRunView(TriggerRunState run)
    {
        TriggerName = run.Trigger.Name;
        TriggerRunId = run.TriggerRunId;
        TriggerType = run.Trigger.Type;
        TriggerRunTimestamp = run.Timestamp;
        Status = run.Status;
        Message = run.Message;
        Properties = run.Properties();
        TriggeredPipelines = run.PipelineRun is { } pipelineRun
            ? new[] { new KeyValuePair<string, string>(pipelineRun.Pipeline.Name, pipelineRun.RunId) }
            : Array.Empty<KeyValuePair<string, string>>();
        GroupId = run.GroupId;
        LastUpdated = run.LastUpdated;
        Sequence = run.Sequence;
    }

    public string TriggerName { get; }

    public string TriggerRunId { get; }

    public string TriggerType { get; }

    public DateTimeOffset TriggerRunTimestamp { get; }

    public string Status { get; }

    public string? Message { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; }

    public IReadOnlyList<KeyValuePair<string, string>> TriggeredPipelines { get; }

    public string GroupId { get; }

    public DateTimeOffset LastUpdated { get; }

    public long Sequence { get; }

    public static TriggerRunView From(TriggerRunState run) => new(run);
}
