using System;

namespace AdfRuns.Emulator;

/// <summary>A request the emulator rejects the way ARM/ADF would, carried up to the HTTP layer.</summary>
internal sealed class ServiceException : Exception
{
    public ServiceException(int statusCode, string code, string message, string? target = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        Target = target;
    }

    public int StatusCode { get; }

    public string Code { get; }

    public string? Target { get; }

    public static ServiceException BadRequest(string message, string? target = null) => new(400, "BadRequest", message, target);
}
