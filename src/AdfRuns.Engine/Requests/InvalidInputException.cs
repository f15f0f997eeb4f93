using System;

namespace AdfRuns.Engine.Requests;

/// <summary>Input refused before anything was sent: a broken name, a bad run id, a parameter that is not JSON.</summary>
public sealed class InvalidInputException : ArgumentException
{
    public InvalidInputException(string message, string errorId = "InvalidInput")
        : base(message)
    {
        ErrorId = errorId;
    }

    /// <summary>The ErrorRecord id the cmdlets report it under.</summary>
    public string ErrorId { get; }
}
