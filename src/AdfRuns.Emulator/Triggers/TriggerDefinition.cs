using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Triggers;

/// <summary>The two trigger types whose runs the emulator keeps (ADF's trigger JSON "type").</summary>
internal static class TriggerTypes
{
    public const string TumblingWindow = "TumblingWindowTrigger";
    public const string Schedule = "ScheduleTrigger";
}

/// <summary>
/// A trigger of the emulated factory, from ADF's own JSON (a factory git folder's trigger/*.json): a tumbling window
/// trigger (windows of frequency x interval from startTime, up to maxConcurrency at once) or a schedule trigger
/// (a run every frequency x interval from startTime), over one pipeline, with the parameters it passes.
/// </summary>
internal sealed class TriggerDefinition
{
    public TriggerDefinition(
        string name,
        string type,
        string pipelineName,
        IReadOnlyList<KeyValuePair<string, string>> pipelineParameters,
        TimeSpan period,
        DateTimeOffset startTime,
        DateTimeOffset? endTime,
        int maxConcurrency,
        bool started,
        string source)
    {
        Name = name;
        Type = type;
        PipelineName = pipelineName;
        PipelineParameters = pipelineParameters;
        Period = period;
        StartTime = startTime;
        EndTime = endTime;
        MaxConcurrency = maxConcurrency;
        Started = started;
        Source = source;
    }

    public string Name { get; }

    public string Type { get; }

    public bool IsTumblingWindow => Type == TriggerTypes.TumblingWindow;

    public string PipelineName { get; }

    /// <summary>Name -> value as written; "@trigger().outputs.windowStartTime" and the like are filled in per run.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> PipelineParameters { get; }

    /// <summary>A window's length (tumbling) or the time between two runs (schedule).</summary>
    public TimeSpan Period { get; }

    public DateTimeOffset StartTime { get; }

    public DateTimeOffset? EndTime { get; }

    /// <summary>How many windows may run at once (tumbling; 1 to 50); a schedule trigger does not limit its runs.</summary>
    public int MaxConcurrency { get; }

    /// <summary>runtimeState "Started": only a started trigger fires.</summary>
    public bool Started { get; }

    public string Source { get; }

    /// <summary>The same trigger with its windows starting at another time (the sample factory's start follows the emulator's).</summary>
    public TriggerDefinition StartingAt(DateTimeOffset start) =>
        new(Name, Type, PipelineName, PipelineParameters, Period, start, EndTime is null ? null : start + (EndTime.Value - StartTime), MaxConcurrency, Started, Source);
}
