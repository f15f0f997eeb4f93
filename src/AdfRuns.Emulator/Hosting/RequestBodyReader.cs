using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting;

/// <summary>Reads a request body as UTF-8 text, refusing bodies over a size limit and bytes that are not UTF-8.</summary>
internal static class RequestBodyReader
{
    /// <summary>
    /// GUESS: 4 MiB. Neither the ADF contract nor the ARM docs we have name a request-body limit for the run API;
    /// 4 MiB is the figure ARM gives for a template and Azure Storage for one write, and no createRun or run query
    /// comes near it. The limit is what keeps a stray or hostile local client from filling the emulator's memory.
    /// </summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private const long MaxBytesDiscarded = 64L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string?> ReadAsync(IHttpExchange request)
    {
        if (!request.HasEntityBody)
        {
            return null;
        }

        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge(request.ContentLength);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge(null);
            }

            buffer.Write(chunk, 0, read);
        }

        return Decode(buffer.GetBuffer(), (int)buffer.Length);
    }

    /// <summary>
    /// Reads and throws away what is left of a refused body, up to 64 MiB; false when there was more (the caller
    /// then cuts the connection instead).
    /// </summary>
    public static async Task<bool> DiscardAsync(Stream body)
    {
        var chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, 0, chunk.Length).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > MaxBytesDiscarded)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>ARM takes JSON as UTF-8 only; a byte-order mark is skipped.</summary>
    internal static string? Decode(byte[] bytes, int length)
    {
        var start = length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        if (length - start == 0)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes, start, length - start);
        }
        catch (DecoderFallbackException)
        {
            // GUESS: code and wording; the service's answer to a body that is not UTF-8 was never captured.
            throw ServiceException.BadRequest("The request body is not valid UTF-8 text.");
        }
    }

    // GUESS: 413 with an ARM error envelope and this code; the service's answer to an oversized body was never captured.
    private static ServiceException TooLarge(long? announced) => new(
        413,
        "RequestEntityTooLarge",
        announced is { } length
            ? $"The request body of {length} bytes is larger than the {MaxBytes} bytes (4 MiB) the ADF emulator accepts."
            : $"The request body is larger than the {MaxBytes} bytes (4 MiB) the ADF emulator accepts.");
}
