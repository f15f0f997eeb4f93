using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Simulation;

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
