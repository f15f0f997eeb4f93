using System;

namespace AdfRuns.Engine.Http;

/// <summary>A successful response: its status and body, and the headers a caller acts on.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(int statusCode, string body, string? location = null, TimeSpan? retryAfter = null)
    {
        StatusCode = statusCode;
        Body = body;
        Location = location;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }
    public string Body { get; }

    /// <summary>The Location header: where a Fabric job submit's answer names the job instance (its body is empty).</summary>
    public string? Location { get; }

    /// <summary>The Retry-After header: Fabric sends it on 202 and on a job that is not finished, and a poll waits at least that long.</summary>
    public TimeSpan? RetryAfter { get; }
}
