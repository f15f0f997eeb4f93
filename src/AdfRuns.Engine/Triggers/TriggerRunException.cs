using System;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// A trigger run that cannot be acted on as asked (a schedule trigger's run to rerun, a window that is not waiting to
/// cancel), or that cannot be found; refused or reported before, or instead of, anything further being sent.
/// </summary>
public sealed class TriggerRunException : InvalidOperationException
{
    public TriggerRunException(string message, string errorId, bool notFound = false)
        : base(message)
    {
        ErrorId = errorId;
        NotFound = notFound;
    }

    /// <summary>The ErrorRecord id the cmdlets report it under.</summary>
    public string ErrorId { get; }

    /// <summary>The run (or the new run of a rerun window) was not found, rather than in the wrong state.</summary>
    public bool NotFound { get; }
}
