using System;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

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
        InputJson = definition.TypePropertiesJson;
    }

    public string ActivityRunId { get; }

    public ActivityDefinition Definition { get; }

    public string PipelineName { get; }

    public string PipelineRunId { get; }

    public long Sequence { get; }

    public string Status { get; set; } = RunStatus.InProgress;

    public DateTimeOffset Start { get; }

    public DateTimeOffset? End { get; set; }

    /// <summary>The activity's typeProperties with their expressions evaluated (containers report a summary instead).</summary>
    public string InputJson { get; set; } = "{}";

    public string OutputJson { get; set; } = "{}";

    public string ErrorCode { get; set; } = string.Empty;

    public string ErrorMessage { get; set; } = string.Empty;

    public string FailureType { get; set; } = string.Empty;

    public DateTimeOffset LastUpdated => End ?? Start;
}
