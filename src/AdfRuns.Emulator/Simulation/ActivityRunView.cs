using System;

namespace AdfRuns.Emulator.Simulation;

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
        record.InputJson,
        record.OutputJson,
        record.Definition.UserPropertiesJson,
        record.ErrorCode,
        record.ErrorMessage,
        record.FailureType,
        record.LastUpdated,
        record.Sequence);
}
