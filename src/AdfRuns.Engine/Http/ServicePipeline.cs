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
/// The one HTTP path, for every service alike (ARM, a Synapse workspace's data plane): sends each request to its
/// target's endpoint signed with a token for that service, stamps x-ms-client-request-id and User-Agent, applies the timeout
/// and retry policy, logs "METHOD path -> status (ms)" without secrets, and turns failures into AdfServiceException.
/// </summary>
public sealed class ServicePipeline
{
    private static readonly HttpClient SharedHttp = CreateHttpClient();
    private static readonly string UserAgent = "AdfRuns/" + (typeof(ServicePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");
    private static readonly string[] LoggedResponseHeaders =
    {
        "x-ms-request-id", "x-ms-correlation-request-id", "x-ms-ratelimit-remaining-subscription-reads",
        "x-ms-ratelimit-remaining-subscription-writes", "Retry-After", "Content-Type", "RequestId", "Location", "x-ms-public-api-error-code",
    };

    [ThreadStatic]
    private static Random? threadRandom;

    private KnownAddress? lastAddress;

    public ServicePipeline(ConnectionSettings settings)
    {
        Settings = settings;
    }

    public ConnectionSettings Settings { get; }

    /// <summary>Shared by every request on this connection, from every runspace.</summary>
    public RateLimitPacer Pacer { get; } = new();

    /// <summary>ADF's per-factory limit on monitoring queries, shared like the pacer.</summary>
    public MonitoringQueryPacer MonitoringQueries { get; } = new();

    /// <summary>
    /// The one retry loop: sends the request, and after a failed attempt asks the request's classifier whether to
    /// send it again, within one time budget measured from the first attempt. A 401 gets one fresh token and one
    /// more attempt; refused connections draw on the invocation's shared budget, so a dead endpoint fails fast.
    /// </summary>
    public async Task<ServiceResponse> SendAsync(ServiceRequest request, IEngineLog log, CancellationToken cancellationToken, RetryClassifier? classifier = null, SharedRetryBudget? shared = null)
    {
        classifier ??= RetryClassifier.Idempotent;
        shared ??= new SharedRetryBudget();
        _ = Settings.EndpointOf(request); // a service this connection has no endpoint for fails before any token or retry
        var started = Stopwatch.StartNew();
        var renewedToken = false;
        var uncountedAttempts = 0;
        for (var attempt = 1; ; attempt++)
        {
            var requestId = classifier.NextClientRequestId();
            AttemptFailure failure;
            Auth.BearerToken usedToken;
            try
            {
                var response = await SendOnceAsync(request, requestId, log, cancellationToken).ConfigureAwait(false);
                shared.Reached();
                return response;
            }
            catch (AttemptFailedException attempted)
            {
                failure = new AttemptFailure(request, attempted.Error, attempted.RequestWasSent, requestId, attempt);
                usedToken = attempted.Token;
            }

            if (failure.Error.StatusCode == 401 && !renewedToken && Settings.TokenProviderOf(request).Invalidate(usedToken))
            {
                // A token the service rejects (clock skew, revocation) is renewed once; a 401 means nothing was done.
                renewedToken = true;
                log.Verbose($"The service rejected the token ({failure.Error.Code}); signing in again and retrying {request.Method} {request.Path}.");
                continue;
            }

            if (failure.Error.StatusCode is not null)
            {
                shared.Reached();
            }

            var verdict = await classifier.ClassifyAsync(failure, cancellationToken).ConfigureAwait(false);
            if (verdict.Resolved is { } resolved)
            {
                return resolved;
            }

            var delay = RetryPolicy.Delay(attempt, failure.Error.RetryAfter, threadRandom ??= new Random(Guid.NewGuid().GetHashCode()));
            if (verdict.Retry && !failure.RequestWasSent)
            {
                // Bounded by the invocation's shared budget instead of the attempts: with jittered back-offs, eight
                // refusals can come within the budget, and an outage shorter than it must be ridden through.
                delay = shared.RetryDelayWhileUnreachable(delay) ?? throw Unreachable(failure.Error, shared.UnreachableFor, Settings.EndpointOf(request));
                uncountedAttempts++;
            }
            else if (failure.Error.StatusCode == 429 && failure.Error.RetryAfter is not null)
            {
                // The service saying when to come back (Fabric's RequestBlocked names the time), not a failure that may
                // pass: it counts against the time budget only, so a storm of them never exhausts the attempts.
                uncountedAttempts++;
            }

            if (!verdict.Retry || attempt - uncountedAttempts >= RetryPolicy.MaxAttempts || started.Elapsed + delay > RetryPolicy.TotalBudget)
            {
                throw verdict.Error ?? failure.Error;
            }

            var retrying = $"Retrying {request.Method} {request.Path} in {delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (attempt {attempt + 1} of {RetryPolicy.MaxAttempts}): {failure.Error.Code}.";
            if (shared.ShouldWarn(started.Elapsed + delay))
            {
                log.Warning($"AdfRuns is retrying {request.Method} {request.Operation} (failing for {started.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s so far): {failure.Error.Message.TrimEnd('.')}. It keeps trying for up to {RetryPolicy.TotalBudget.TotalMinutes:0} minutes per request, or {SharedRetryBudget.UnreachableBudget.TotalSeconds:0} s while nothing answers; -Verbose shows each retry.");
            }

            log.Verbose(retrying);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static AdfServiceException Unreachable(AdfServiceException error, TimeSpan unreachableFor, Uri endpoint)
    {
        var hint = endpoint.IsLoopback
            ? " Is the emulator still running? Start one and connect to it: Start-AdfEmulator | Connect-AdfAccount."
            : " Check the network, or the endpoint given to Connect-AdfAccount.";
        return new AdfServiceException(
            error.Code,
            $"{error.Message.TrimEnd('.')}. Nothing has answered at {endpoint.GetLeftPart(UriPartial.Authority)} for {unreachableFor.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s. AdfRuns retries for {SharedRetryBudget.UnreachableBudget.TotalSeconds:0} s while nothing answers, then stops, and every input still waiting fails at its first refused connection.{hint}",
            error.Kind,
            error.StatusCode,
            error.Target,
            error.RequestId,
            inner: error.InnerException);
    }

    /// <summary>One attempt: its turns under the service's limits, a token, the request, and its answer.</summary>
    private async Task<ServiceResponse> SendOnceAsync(ServiceRequest request, string clientRequestId, IEngineLog log, CancellationToken cancellationToken)
    {
        // The query counts until a minute after its answer: disposed once this attempt is over.
        using var monitoringTurn = MonitoringQueryPacer.IsMonitoringQuery(request.Operation) ? await MonitoringQueries.TakeTurnAsync(request, log, cancellationToken).ConfigureAwait(false) : null;
        // ARM's subscription buckets apply only to ARM; a data plane sends no rate-limit headers.
        using var turn = request.Target.PacesArmBuckets ? await Pacer.TakeTurnAsync(request.Operation, log, cancellationToken).ConfigureAwait(false) : null;
        var token = await Settings.TokenProviderOf(request).GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = Settings.EndpointOf(request);
        using var message = new HttpRequestMessage(MethodOf(request.Method), AddressOf(endpoint, request.PathAndQuery));
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
                requestWasSent: true,
                token);
        }
        catch (HttpRequestException exception)
        {
            var sent = !IsRefusedBeforeSending(exception);
            log.Verbose($"{request.Method} {request.PathAndQuery} -> connection failed ({watch.ElapsedMilliseconds} ms)");
            throw new AttemptFailedException(
                new AdfServiceException("ConnectionFailed", $"Could not reach {endpoint.GetLeftPart(UriPartial.Authority)}: {Innermost(exception).Message}", FailureKind.ConnectionFailed, inner: exception),
                sent,
                token);
        }

        using (response)
        {
            // ARM answers in UTF-8 JSON: kept as bytes (without a byte order mark), decoded only if read as text.
            var bytes = response.Content is null ? Array.Empty<byte>() : await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            var body = new ReadOnlyMemory<byte>(bytes, bom, bytes.Length - bom);
            var status = (int)response.StatusCode;
            if (log.VerboseEnabled)
            {
                log.Verbose($"{request.Method} {request.PathAndQuery} -> {status} ({watch.ElapsedMilliseconds} ms)");
            }

            if (request.Target.PacesArmBuckets)
            {
                Pacer.Observe(HeaderValue(response, RateLimitPacer.ReadsHeader), HeaderValue(response, RateLimitPacer.WritesHeader));
            }
            if (log.DebugEnabled)
            {
                log.Debug(DescribeResponse(status, response));
            }

            if (response.IsSuccessStatusCode)
            {
                return new ServiceResponse(status, body, response.Headers.Location?.OriginalString, RetryAfter(response));
            }

            throw new AttemptFailedException(ErrorTranslator.FromResponse(status, response.ReasonPhrase, ServiceResponse.Decode(body), HeaderValue(response, "x-ms-request-id") ?? HeaderValue(response, "RequestId"), RetryAfter(response)), requestWasSent: true, token);
        }
    }

    /// <summary>The request's address; a bulk start's createRuns of one pipeline share one, parsed once.</summary>
    private Uri AddressOf(Uri endpoint, string pathAndQuery)
    {
        if (Volatile.Read(ref lastAddress) is { } last && ReferenceEquals(last.Endpoint, endpoint) && last.PathAndQuery == pathAndQuery)
        {
            return last.Address;
        }

        var address = new Uri(endpoint, pathAndQuery);
        Volatile.Write(ref lastAddress, new KnownAddress(endpoint, pathAndQuery, address));
        return address;
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler
        {
            MaxConnectionsPerServer = 256,
            UseCookies = false,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = EndpointCertificates.Validate,
        };
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

    private static string? HeaderValue(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || (response.Content is not null && response.Content.Headers.TryGetValues(name, out values)))
        {
            return string.Join(",", values);
        }

        return null;
    }

    private static string DescribeRequest(HttpRequestMessage message, ServiceRequest request)
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
            text.Append("\n  body: ").Append(request.Operation != AdfOperation.CreateRun ? request.Body : request.ShownBody ?? $"<{Encoding.UTF8.GetByteCount(request.Body)} bytes of run parameters, not shown: the pipeline's definition, which says which are SecureString, could not be read>");
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

    private sealed class KnownAddress
    {
        public KnownAddress(Uri endpoint, string pathAndQuery, Uri address)
        {
            Endpoint = endpoint;
            PathAndQuery = pathAndQuery;
            Address = address;
        }

        public Uri Endpoint { get; }
        public string PathAndQuery { get; }
        public Uri Address { get; }
    }

    private sealed class AttemptFailedException : Exception
    {
        public AttemptFailedException(AdfServiceException error, bool requestWasSent, Auth.BearerToken token)
            : base(error.Message, error)
        {
            Error = error;
            RequestWasSent = requestWasSent;
            Token = token;
        }

        public AdfServiceException Error { get; }
        public bool RequestWasSent { get; }
        public Auth.BearerToken Token { get; }
    }
}
