using System;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting.Tls;

/// <summary>
/// Reads HTTP/1.1 requests off one connection (the decrypted TLS stream): the request line, headers, and a body by
/// Content-Length or chunked transfer coding. Enough of RFC 9112 for the clients an emulator meets; no pipelining.
/// </summary>
internal sealed class HttpConnectionReader
{
    private const int MaxHeadBytes = 64 * 1024;

    private readonly Stream stream;
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    public HttpConnectionReader(Stream stream)
    {
        this.stream = stream;
    }

    /// <summary>The next request on the connection; null when the client closed it between requests.</summary>
    public async Task<ParsedRequest?> ReadRequestAsync(Func<Task> sendContinue)
    {
        string? requestLine;
        do
        {
            requestLine = await ReadLineAsync().ConfigureAwait(false);
            if (requestLine is null)
            {
                return null;
            }
        }
        while (requestLine.Length == 0); // a stray CRLF between requests is allowed

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException("Not an HTTP/1.1 request line.");
        }

        var headers = new NameValueCollection(StringComparer.OrdinalIgnoreCase);
        var headBytes = requestLine.Length;
        while (true)
        {
            var line = await ReadLineAsync().ConfigureAwait(false) ?? throw new EndOfStreamException();
            if (line.Length == 0)
            {
                break;
            }

            headBytes += line.Length;
            var colon = line.IndexOf(':');
            if (colon <= 0 || headBytes > MaxHeadBytes)
            {
                throw new InvalidDataException("Malformed or oversized request head.");
            }

            headers.Add(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim());
        }

        var chunked = (headers["Transfer-Encoding"] ?? string.Empty).IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0;
        long contentLength = chunked ? -1 : ParseLength(headers["Content-Length"]);
        if (string.Equals(headers["Expect"], "100-continue", StringComparison.OrdinalIgnoreCase) && contentLength is > 0 and <= RequestBodyReader.MaxBytes)
        {
            await sendContinue().ConfigureAwait(false);
        }

        // A body over the limit is not read: RequestBodyReader refuses it by its length and the connection closes after the answer.
        var tooLarge = contentLength > RequestBodyReader.MaxBytes;
        var body = tooLarge ? new MemoryStream() : chunked ? await ReadChunkedAsync().ConfigureAwait(false) : await ReadExactAsync(contentLength).ConfigureAwait(false);
        var keepAlive = !tooLarge && !string.Equals(headers["Connection"], "close", StringComparison.OrdinalIgnoreCase) && parts[2] == "HTTP/1.1";
        return new ParsedRequest(parts[0], OriginForm(parts[1]), headers, contentLength, chunked || contentLength > 0, body, keepAlive);
    }

    /// <summary>
    /// Reads and drops a refused body of the announced length, up to 64 MiB, so that a client still sending it reads
    /// the answer instead of a broken pipe (as over plain http); false when it is longer (the connection is then cut).
    /// </summary>
    public async Task<bool> DiscardAsync(long length)
    {
        const long maxDiscarded = 64L * 1024 * 1024;
        if (length > maxDiscarded)
        {
            return false;
        }

        var left = length;
        while (left > 0)
        {
            if (start == end && !await FillAsync().ConfigureAwait(false))
            {
                return false;
            }

            var take = (int)Math.Min(end - start, left);
            start += take;
            left -= take;
        }

        return true;
    }

    private static long ParseLength(string? value) =>
        value is null ? 0
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length
        : throw new InvalidDataException("Bad Content-Length.");

    /// <summary>An absolute-form target (a client talking as to a proxy) is reduced to its path and query.</summary>
    private static string OriginForm(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var absolute) && target.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? absolute.PathAndQuery
            : target;

    private async Task<MemoryStream> ReadExactAsync(long length)
    {
        var body = new MemoryStream((int)length);
        while (body.Length < length)
        {
            if (start == end && !await FillAsync().ConfigureAwait(false))
            {
                throw new EndOfStreamException();
            }

            var take = (int)Math.Min(end - start, length - body.Length);
            body.Write(buffer, start, take);
            start += take;
        }

        body.Position = 0;
        return body;
    }

    private async Task<MemoryStream> ReadChunkedAsync()
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync().ConfigureAwait(false) ?? throw new EndOfStreamException();
            var extension = sizeLine.IndexOf(';');
            var size = long.Parse(extension < 0 ? sizeLine : sizeLine.Substring(0, extension), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size > RequestBodyReader.MaxBytes)
            {
                throw new InvalidDataException("Chunk larger than the emulator's body limit.");
            }

            if (size == 0)
            {
                while ((await ReadLineAsync().ConfigureAwait(false) ?? throw new EndOfStreamException()).Length > 0)
                {
                    // Trailers are read and dropped.
                }

                body.Position = 0;
                return body;
            }

            // Past the limit the rest is still read, one byte over is enough for RequestBodyReader to refuse it.
            using var chunk = await ReadExactAsync(size).ConfigureAwait(false);
            if (body.Length <= RequestBodyReader.MaxBytes)
            {
                chunk.CopyTo(body);
            }

            await ReadLineAsync().ConfigureAwait(false);
        }
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (start == end && !await FillAsync().ConfigureAwait(false))
            {
                return line.Length == 0 ? null : throw new EndOfStreamException();
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
            var stop = newline < 0 ? end : newline;
            line.Append(Encoding.ASCII.GetString(buffer, start, stop - start));
            if (line.Length > MaxHeadBytes)
            {
                throw new InvalidDataException("Request line or header too long.");
            }

            start = newline < 0 ? end : newline + 1;
            if (newline >= 0)
            {
                return line.ToString().TrimEnd('\r');
            }
        }
    }

    private async Task<bool> FillAsync()
    {
        start = 0;
        end = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
        return end > 0;
    }
}

/// <summary>A request read off a TLS connection, body already in memory.</summary>
internal sealed record ParsedRequest(string Method, string RawUrl, NameValueCollection Headers, long ContentLength, bool HasEntityBody, MemoryStream Body, bool KeepAlive);
