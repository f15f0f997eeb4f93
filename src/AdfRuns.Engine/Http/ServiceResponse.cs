namespace AdfRuns.Engine.Http;

/// <summary>A successful response: its status and body.</summary>
public sealed class ServiceResponse
{
    public ServiceResponse(int statusCode, string body)
    {
        StatusCode = statusCode;
        Body = body;
    }

    public int StatusCode { get; }
    public string Body { get; }
}
