using System;
using System.Text;

namespace AdfRuns.Engine.Http;

/// <summary>A successful response: its status and body, and the headers a caller acts on.</summary>
public sealed class ServiceResponse
{
    private readonly ReadOnlyMemory<byte>? utf8Body;
    private string? body;

    public ServiceResponse(int statusCode, string body, string? location = null, TimeSpan? retryAfter = null)
        : this(statusCode, location, retryAfter)
    {
        this.body = body;
    }

    /// <param name="utf8Body">The body as the service sent it (UTF-8, no byte order mark): decoded only if asked for as text.</param>
    public ServiceResponse(int statusCode, ReadOnlyMemory<byte> utf8Body, string? location = null, TimeSpan? retryAfter = null)
        : this(statusCode, location, retryAfter)
    {
        this.utf8Body = utf8Body;
    }

    private ServiceResponse(int statusCode, string? location, TimeSpan? retryAfter)
    {
        StatusCode = statusCode;
        Location = location;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public string Body => body ??= utf8Body is { } bytes ? Decode(bytes) : string.Empty;

    /// <summary>
    /// The body as UTF-8, as it came: a query page of a hundred runs is parsed from it directly, without making a
    /// string of it first and turning that back into UTF-8 for the parser.
    /// </summary>
    public ReadOnlyMemory<byte> Utf8Body => utf8Body ?? Encoding.UTF8.GetBytes(body ?? string.Empty);

    /// <summary>The Location header: where a Fabric job submit's answer names the job instance (its body is empty).</summary>
    public string? Location { get; }

    /// <summary>UTF-8 bytes as text: a success's body when read as text, an error's body for the error translator.</summary>
    internal static string Decode(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? Encoding.UTF8.GetString(segment.Array!, segment.Offset, segment.Count)
            : Encoding.UTF8.GetString(bytes.ToArray());

    /// <summary>The Retry-After header: Fabric sends it on 202 and on a job that is not finished, and a poll waits at least that long.</summary>
    public TimeSpan? RetryAfter { get; }
}
