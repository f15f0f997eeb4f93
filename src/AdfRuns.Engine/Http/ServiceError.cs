using System;
using System.Net;

namespace AdfRuns.Engine.Http;

/// <summary>What kind of failure it was, in terms a caller can act on; the cmdlets map it to an ErrorCategory.</summary>
public enum FailureKind
{
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Throttled,
    ServiceUnavailable,
    ConnectionFailed,
    Timeout,
    InvalidResponse,
    Conflict,
}

/// <summary>A service error from the ARM envelope {"error":{"code","message","target","details"}} or its variants.</summary>
public sealed class AdfServiceException : Exception
{
    public AdfServiceException(string code, string message, FailureKind kind, int? statusCode = null, string? target = null, string? requestId = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Kind = kind;
        StatusCode = statusCode;
        Target = target;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The service's error code (e.g. ReferencedPipelineRunNotFound), or one of ours for transport failures.</summary>
    public string Code { get; }
    public FailureKind Kind { get; }
    public int? StatusCode { get; }
    public string? Target { get; }
    public string? RequestId { get; }
    public TimeSpan? RetryAfter { get; }

    public static FailureKind KindOf(int statusCode, string code)
    {
        if (code.IndexOf("NotFound", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return FailureKind.NotFound;
        }

        return statusCode switch
        {
            (int)HttpStatusCode.NotFound => FailureKind.NotFound,
            (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => FailureKind.PermissionDenied,
            429 => FailureKind.Throttled,
            (int)HttpStatusCode.Conflict => FailureKind.Conflict,
            (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.GatewayTimeout => FailureKind.Timeout,
            >= 500 => FailureKind.ServiceUnavailable,
            _ => FailureKind.InvalidArgument,
        };
    }
}
