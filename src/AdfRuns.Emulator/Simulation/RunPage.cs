using System.Collections.Generic;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// One page of a run query and its continuation token. Kept apart from the client's QueryPage
/// (AdfRuns.Engine.Mapping) on purpose: an emulator sharing the client's code would share its bugs, and the tests
/// would not see them.
/// </summary>
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
