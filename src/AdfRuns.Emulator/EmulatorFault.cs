using System;

namespace AdfRuns.Emulator;

/// <summary>One fault rule; rules are matched in order of addition against each request's operation.</summary>
public sealed class EmulatorFault
{
    public EmulatorOperation Operation { get; set; } = EmulatorOperation.Any;

    /// <summary>Answered with the service's error body (429, 500, 503 ...): ARM's envelope, or in Synapse mode code and message at the top level.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Sent as a Retry-After header in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>How many matching requests the rule hits; zero or less means unlimited.</summary>
    public int Count { get; set; } = 1;

    /// <summary>Abort the connection without a response.</summary>
    public bool DropConnection { get; set; }

    /// <summary>Wait before answering; the answer is normal unless other fields say otherwise.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Do the real work first, then fail the response (StatusCode, default 500, or DropConnection).</summary>
    public bool AfterCommit { get; set; }
}
