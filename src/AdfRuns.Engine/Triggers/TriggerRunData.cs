using System;
using System.Collections.Generic;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Triggers;

/// <summary>One trigger run as the service returned it (queryTriggerRuns), with its window read into UTC times.</summary>
public sealed class TriggerRunData
{
    public string TriggerName { get; set; } = string.Empty;
    public string TriggerRunId { get; set; } = string.Empty;
    public string? TriggerType { get; set; }
    public DateTimeOffset? TriggerRunTimestamp { get; set; }

    /// <summary>The service's word (Succeeded, Failed, Running, Waiting, Inprogress, Canceled...), not normalised.</summary>
    public string? Status { get; set; }
    public string? Message { get; set; }

    /// <summary>The run's properties as sent (strings such as "9/10/2019 1:00:00 PM").</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Properties { get; set; } = Array.Empty<KeyValuePair<string, string?>>();

    /// <summary>properties.windowStartTime in UTC; null for a schedule trigger's run or when absent.</summary>
    public DateTimeOffset? WindowStart { get; set; }
    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>Pipeline name -> the run id it started.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TriggeredPipelines { get; set; } = Array.Empty<KeyValuePair<string, string>>();
    public string? GroupId { get; set; }
    public RunTarget? Target { get; set; }

    public bool IsTumblingWindow => string.Equals(TriggerType, "TumblingWindowTrigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>Finished: it will not change any more (the pipeline runs it started may still run only if it is not).</summary>
    public bool IsTerminal => TriggerRunStatus.IsTerminal(Status);

    /// <summary>Whether this run is of the same trigger and window as another (a rerun keeps the window).</summary>
    public bool IsSameWindow(TriggerRunData other) =>
        string.Equals(TriggerName, other.TriggerName, StringComparison.OrdinalIgnoreCase)
        && WindowStart == other.WindowStart && WindowEnd == other.WindowEnd;

    /// <summary>"trigger 'T' window 2026-12-06 01:00-02:00 UTC (run id)" for messages.</summary>
    public string Describe() => WindowStart is { } start && WindowEnd is { } end
        ? $"trigger '{TriggerName}' window {start.UtcDateTime:yyyy-MM-dd HH:mm}-{(end.UtcDateTime.Date == start.UtcDateTime.Date ? end.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : end.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture))} UTC ({TriggerRunId})"
        : $"trigger '{TriggerName}' run {TriggerRunId}";
}

/// <summary>The service's trigger-run statuses as they are spelled (recorded, the spec's enum, the docs).</summary>
public static class TriggerRunStatus
{
    public static readonly IReadOnlyList<string> Known = new[] { "Succeeded", "Failed", "Running", "Waiting", "Inprogress", "Canceled", "Cancelled" };

    public static bool IsTerminal(string? status) =>
        status is not null && (Is(status, "Succeeded") || Is(status, "Failed") || Is(status, "Canceled") || Is(status, "Cancelled"));

    public static bool Is(string? status, string expected) => string.Equals(status, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>A window that may be cancelled (the service: "not in WaitingOnDependency state" otherwise).</summary>
    public static bool IsWaiting(string? status) =>
        status is not null && status.StartsWith("Waiting", StringComparison.OrdinalIgnoreCase);
}
