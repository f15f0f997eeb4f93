using System;
using System.Collections.Generic;

namespace AdfRuns.Engine.Http;

/// <summary>A successful response: status, body and the headers the client cares about.</summary>
public sealed class ArmResponse
{
    public ArmResponse(int statusCode, string body, IReadOnlyDictionary<string, string> headers)
    {
        StatusCode = statusCode;
        Body = body;
        Headers = headers;
    }

    public int StatusCode { get; }
    public string Body { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
}
