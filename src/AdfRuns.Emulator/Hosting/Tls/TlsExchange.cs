using System;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting.Tls;

/// <summary>An exchange on a TLS connection: the parsed request, and the answer written back as HTTP/1.1.</summary>
internal sealed class TlsExchange : IHttpExchange
{
    private readonly ParsedRequest request;
    private readonly Stream connection;
    private readonly Action abort;
    private readonly Func<long, Task<bool>> discard;

    public TlsExchange(ParsedRequest request, Stream connection, Action abort, Func<long, Task<bool>> discard)
    {
        this.request = request;
        this.connection = connection;
        this.abort = abort;
        this.discard = discard;
    }

    public string Method => request.Method;

    public string RawUrl => request.RawUrl;

    public NameValueCollection Headers => request.Headers;

    public bool HasEntityBody => request.HasEntityBody;

    public long ContentLength => request.ContentLength;

    public Stream Body => request.Body;

    /// <summary>False once the answer asked to close the connection (a refused body, a dropped reply).</summary>
    public bool KeepAlive { get; private set; } = true;

    public void Abort()
    {
        KeepAlive = false;
        abort();
    }

    public async Task WriteAsync(Reply reply)
    {
        KeepAlive = request.KeepAlive && !reply.DiscardRestOfBody && !reply.DropsConnection;
        try
        {
            if (reply.DropsConnection)
            {
                // As over plain http: a body shorter than announced, then the connection is cut.
                var fragment = Head(500, null, 1024, close: true);
                await connection.WriteAsync(fragment, 0, fragment.Length).ConfigureAwait(false);
                await connection.WriteAsync(new[] { (byte)'{' }, 0, 1).ConfigureAwait(false);
                await connection.FlushAsync().ConfigureAwait(false);
                abort();
                return;
            }

            var head = Head(reply.StatusCode, reply, reply.Body.Length, close: !KeepAlive);
            await connection.WriteAsync(head, 0, head.Length).ConfigureAwait(false);
            if (reply.Body.Length > 0)
            {
                await connection.WriteAsync(reply.Body, 0, reply.Body.Length).ConfigureAwait(false);
            }

            await connection.FlushAsync().ConfigureAwait(false);
            if (reply.DiscardRestOfBody && request.ContentLength > 0 && request.Body.Length == 0 && !await discard(request.ContentLength).ConfigureAwait(false))
            {
                abort();
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            KeepAlive = false;
        }
    }

    internal static byte[] Head(int statusCode, Reply? reply, long contentLength, bool close)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(statusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(statusCode)).Append("\r\n");
        head.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        head.Append("Content-Type: application/json; charset=utf-8\r\n");
        head.Append("Content-Length: ").Append(contentLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        if (close)
        {
            head.Append("Connection: close\r\n");
        }

        foreach (var header in reply?.Headers ?? new System.Collections.Generic.Dictionary<string, string>())
        {
            head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static string ReasonPhrase(int statusCode) => statusCode switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => Enum.IsDefined(typeof(HttpStatusCode), statusCode) ? ((HttpStatusCode)statusCode).ToString() : "Status",
    };
}
