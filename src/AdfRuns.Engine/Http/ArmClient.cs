using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Http;

/// <summary>
/// The one HTTP path: signs each request, stamps x-ms-client-request-id and User-Agent, applies the timeout and
/// retry policy, logs "METHOD path -> status (ms)" without secrets, and turns failures into AdfServiceException.
/// </summary>
public sealed class ArmClient
{
    private static readonly HttpClient SharedHttp = CreateHttpClient();
    private static readonly string UserAgent = "AdfRuns/" + (typeof(ArmClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
    private static readonly string[] LoggedResponseHeaders =
    {
        "x-ms-request-id", "x-ms-correlation-request-id", "x-ms-ratelimit-remaining-subscription-reads",
        "x-ms-ratelimit-remaining-subscription-writes", "Retry-After", "Content-Type",
    };

    [ThreadStatic]
    private static Random? threadRandom;

    public ArmClient(ConnectionSettings settings)
    {
        Settings = settings;
    }

    public ConnectionSettings Settings { get; }

    /// <summary>Shared by every request on this connection, from every runspace.</summary>
    public RateLimitPacer Pacer { get; } = new();

    /// <param name="clientRequestId">The x-ms-client-request-id for every attempt of this request; a new one when null.</param>
    public async Task<ArmResponse> SendAsync(ArmRequest request, IEngineLog log, CancellationToken cancellationToken, string? clientRequestId = null)
    {
        var started = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var requestId = clientRequestId ?? Guid.NewGuid().ToString();
            try
            {
                return await SendOnceAsync(request, requestId, log, cancellationToken).ConfigureAwait(false);
            }
            catch (AttemptFailedException failure)
            {
                var decision = RetryPolicy.Classify(request.Operation, failure.Error.StatusCode, failure.RequestWasSent);
                var delay = RetryPolicy.Delay(attempt, failure.Error.RetryAfter, threadRandom ??= new Random(Guid.NewGuid().GetHashCode()));
                if (decision == RetryDecision.Fail || attempt >= RetryPolicy.MaxAttempts || started.Elapsed + delay > RetryPolicy.TotalBudget)
                {
                    failure.Error.MayHaveBeenProcessed = request.Operation == AdfOperation.CreateRun
                        && failure.RequestWasSent
                        && RetryPolicy.IsTransient(failure.Error.StatusCode);
                    throw failure.Error;
                }

                log.Verbose($"Retrying {request.Method} {request.Path} in {delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (attempt {attempt + 1} of {RetryPolicy.MaxAttempts}): {failure.Error.Code}.");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ArmResponse> SendOnceAsync(ArmRequest request, string clientRequestId, IEngineLog log, CancellationToken cancellationToken)
    {
        using var turn = await Pacer.TakeTurnAsync(request.Operation, log, cancellationToken).ConfigureAwait(false);
        var token = await Settings.TokenProvider.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var message = new HttpRequestMessage(MethodOf(request.Method), new Uri(Settings.ResourceManagerEndpoint, request.PathAndQuery));
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        message.Headers.TryAddWithoutValidation("x-ms-client-request-id", clientRequestId);
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }

        if (log.DebugEnabled)
        {
            log.Debug(DescribeRequest(message, request));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.RequestTimeout);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await SharedHttp.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            log.Verbose($"{request.Method} {request.PathAndQuery} -> timed out ({watch.ElapsedMilliseconds} ms)");
            throw new AttemptFailedException(
                new AdfServiceException("RequestTimeout", $"The service did not answer {request.Method} {request.Path} within {Settings.RequestTimeout.TotalSeconds:0} seconds.", FailureKind.Timeout),
                requestWasSent: true);
        }
        catch (HttpRequestException exception)
        {
            var sent = !IsRefusedBeforeSending(exception);
            log.Verbose($"{request.Method} {request.PathAndQuery} -> connection failed ({watch.ElapsedMilliseconds} ms)");
            throw new AttemptFailedException(
                new AdfServiceException("ConnectionFailed", $"Could not reach {Settings.ResourceManagerEndpoint.GetLeftPart(UriPartial.Authority)}: {Innermost(exception).Message}", FailureKind.ConnectionFailed, inner: exception),
                sent);
        }

        using (response)
        {
            var body = response.Content is null ? string.Empty : await ReadBodyAsync(response.Content).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (log.VerboseEnabled)
            {
                log.Verbose($"{request.Method} {request.PathAndQuery} -> {status} ({watch.ElapsedMilliseconds} ms)");
            }

            Pacer.Observe(HeaderValue(response, RateLimitPacer.ReadsHeader), HeaderValue(response, RateLimitPacer.WritesHeader));
            if (log.DebugEnabled)
            {
                log.Debug(DescribeResponse(status, response));
            }

            if (response.IsSuccessStatusCode)
            {
                return new ArmResponse(status, body);
            }

            throw new AttemptFailedException(ErrorTranslator.FromResponse(status, response.ReasonPhrase, body, HeaderValue(response, "x-ms-request-id"), RetryAfter(response)), requestWasSent: true);
        }
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler { MaxConnectionsPerServer = 256, UseCookies = false, AllowAutoRedirect = false };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool IsRefusedBeforeSending(HttpRequestException exception) =>
        Innermost(exception) is SocketException socket
        && socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable;

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            return date - DateTimeOffset.UtcNow;
        }

        return null;
    }

    private static HttpMethod MethodOf(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        _ => new HttpMethod(method),
    };

    /// <summary>ARM answers in UTF-8 JSON; decoding it directly skips the charset lookup of ReadAsStringAsync.</summary>
    private static async Task<string> ReadBodyAsync(HttpContent content)
    {
        var bytes = await content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return Encoding.UTF8.GetString(bytes, bom, bytes.Length - bom);
    }

    private static string? HeaderValue(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || (response.Content is not null && response.Content.Headers.TryGetValues(name, out values)))
        {
            return string.Join(",", values);
        }

        return null;
    }

    private static string DescribeRequest(HttpRequestMessage message, ArmRequest request)
    {
        var text = new StringBuilder().Append("HTTP request: ").Append(request.Method).Append(' ').Append(request.PathAndQuery);
        foreach (var header in message.Headers)
        {
            var value = string.Equals(header.Key, "Authorization", StringComparison.OrdinalIgnoreCase) ? "Bearer <redacted>" : string.Join(",", header.Value);
            text.Append("\n  ").Append(header.Key).Append(": ").Append(value);
        }

        if (request.Body is not null)
        {
            // Run parameters may hold secrets (SecureString pipeline parameters): their size is shown, never their text.
            text.Append("\n  body: ").Append(request.Operation == AdfOperation.CreateRun ? $"<{Encoding.UTF8.GetByteCount(request.Body)} bytes of run parameters, not shown>" : request.Body);
        }

        return text.ToString();
    }

    private static string DescribeResponse(int status, HttpResponseMessage response)
    {
        var text = new StringBuilder().Append("HTTP response: ").Append(status.ToString(CultureInfo.InvariantCulture));
        foreach (var name in LoggedResponseHeaders)
        {
            if (HeaderValue(response, name) is { } value)
            {
                text.Append("\n  ").Append(name).Append(": ").Append(value);
            }
        }

        return text.ToString();
    }

    private sealed class AttemptFailedException : Exception
    {
        public AttemptFailedException(AdfServiceException error, bool requestWasSent)
            : base(error.Message, error)
        {
            Error = error;
            RequestWasSent = requestWasSent;
        }

        public AdfServiceException Error { get; }
        public bool RequestWasSent { get; }
    }
}
