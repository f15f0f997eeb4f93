using System;
using System.Collections.Generic;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Keys per target and pipeline, the pipeline's name matched without case as the service matches it; compared in
/// place, so a bulk start makes no upper-cased copy of the name per run to look it up.
/// </summary>
internal sealed class TargetPipelineComparer : IEqualityComparer<(RunTarget Target, string Pipeline)>
{
    public static readonly TargetPipelineComparer Instance = new();

    public bool Equals((RunTarget Target, string Pipeline) x, (RunTarget Target, string Pipeline) y) =>
        x.Target.Equals(y.Target) && StringComparer.OrdinalIgnoreCase.Equals(x.Pipeline, y.Pipeline);

    public int GetHashCode((RunTarget Target, string Pipeline) key) =>
        (key.Target.GetHashCode() * 31) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(key.Pipeline);
}
