using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Engine;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Http;

namespace AdfRuns.Emulator;

/// <summary>An in-process HTTP server on loopback that answers like the ADF run API (api-version 2018-06-01).</summary>
public sealed class AdfEmulatorServer : IDisposable
{
    public const string ApiVersion = "2018-06-01";
    public const string IdentityApiVersion = "2019-08-01";

    private const string IdentityPath = "/msi/token";
    private const string JsonContentType = "application/json; charset=utf-8";
    private const int AcceptLoops = 4;

    private readonly HttpListener listener;
    private readonly IEmulatorClock clock;
    private readonly FactoryScope scope;
    private readonly FaultBook faults = new();
    private readonly RequestLog requestLog = new();
    private readonly ThrottleBuckets throttle;
    private readonly ConcurrentDictionary<string, byte> issuedTokens = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Timer? ticker;
    private readonly DateTimeOffset factoryCreateTime;
    private readonly string factoryETag = Guid.NewGuid().ToString();
    private int stopped;

    private AdfEmulatorServer(EmulatorOptions options, IEmulatorClock clock, IReadOnlyList<PipelineDefinition> pipelines)
    {
        this.clock = clock;
        scope = new FactoryScope(options.SubscriptionId, options.ResourceGroupName, options.FactoryName);
        Engine = new RunEngine(pipelines, clock, options.ActivityDuration);
        throttle = new ThrottleBuckets(clock, options.Throttling);
        factoryCreateTime = clock.UtcNow;
        AccessToken = NewToken("https://management.azure.com/");
        IdentityHeader = Convert.ToBase64String(RandomBytes(24));
        (listener, Endpoint) = Bind(options.Port);
        IdentityEndpoint = new Uri(Endpoint, IdentityPath.TrimStart('/'));
        for (var i = 0; i < AcceptLoops; i++)
        {
            _ = Task.Run(AcceptLoopAsync);
        }

        // Runs advance lazily on every request; the timer only keeps lastUpdated-driven queries current in real time.
        if (clock is SystemEmulatorClock)
        {
            ticker = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(25));
        }
    }

    public Uri Endpoint { get; }

    public string SubscriptionId => scope.SubscriptionId;

    public string ResourceGroupName => scope.ResourceGroupName;

    public string FactoryName => scope.FactoryName;

    /// <summary>The tenant named in the tokens the emulator issues.</summary>
    public string TenantId { get; } = "72f988bf-0000-4000-8000-adf0e3a1a7e5";

    /// <summary>The client id reported for the system-assigned identity when a token request names none.</summary>
    public string IdentityClientId { get; } = Guid.NewGuid().ToString();

    /// <summary>A random bearer token the ARM routes accept, issued at start.</summary>
    public string AccessToken { get; }

    /// <summary>The managed-identity token endpoint (IDENTITY_ENDPOINT protocol) on the same server.</summary>
    public Uri IdentityEndpoint { get; }

    /// <summary>The secret that must come as X-IDENTITY-HEADER (IDENTITY_HEADER).</summary>
    public string IdentityHeader { get; }

    public IReadOnlyList<string> PipelineNames => Engine.PipelineList.Select(p => p.Name).ToList();

    public int RunCount => Engine.RunCount;

    /// <summary>The activities of a pipeline in definition order; empty when there is no such pipeline.</summary>
    public IReadOnlyList<string> ActivityNames(string pipelineName) =>
        Engine.FindPipeline(pipelineName)?.Activities.Select(activity => activity.Name).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>();

    internal RunEngine Engine { get; }

    public static AdfEmulatorServer Start(EmulatorOptions options) => Start(options, SystemEmulatorClock.Instance);

    internal static AdfEmulatorServer Start(EmulatorOptions options, IEmulatorClock clock)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        var pipelines = options.PipelinePaths.Count == 0
            ? PipelineLoader.LoadSampleFactory()
            : PipelineLoader.LoadFromPaths(options.PipelinePaths);
        return new AdfEmulatorServer(options, clock, pipelines);
    }

    public void SetActivityOutcome(string pipelineName, string activityName, string outcome, int times, string? errorCode = null, string? message = null) =>
        Engine.SetActivityOutcome(pipelineName, activityName, outcome, times, errorCode, message);

    public void ClearActivityOutcomes() => Engine.ClearActivityOutcomes();

    public void AddFault(EmulatorFault fault)
    {
        if (fault is null)
        {
            throw new ArgumentNullException(nameof(fault));
        }

        faults.Add(fault);
    }

    public void ClearFaults() => faults.Clear();

    public IReadOnlyList<RecordedRequest> GetRequests() => requestLog.Snapshot();

    public void ClearRequests() => requestLog.Clear();

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        stopping.Cancel();
        ticker?.Dispose();
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => Stop();

    private static (HttpListener Listener, Uri Endpoint) Bind(int port)
    {
        Exception? lastError = null;
        var attempts = port == 0 ? 20 : 1;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var candidatePort = port == 0 ? FindFreePort() : port;

            // http.sys (Windows) lets non-administrators register only "localhost" prefixes.
            foreach (var host in new[] { "127.0.0.1", "localhost" })
            {
                var listener = new HttpListener { IgnoreWriteExceptions = true };
                var prefix = $"http://{host}:{candidatePort}/";
                listener.Prefixes.Add(prefix);
                try
                {
                    listener.Start();
                    return (listener, new Uri(prefix));
                }
                catch (HttpListenerException exception)
                {
                    lastError = exception;
                    try
                    {
                        listener.Close();
                    }
                    catch (ObjectDisposedException)
                    {
                    }

                    const int accessDenied = 5;
                    if (exception.ErrorCode != accessDenied)
                    {
                        break;
                    }
                }
            }
        }

        throw new InvalidOperationException(
            $"The ADF emulator could not listen on http://127.0.0.1:{(port == 0 ? "<free port>" : port.ToString(CultureInfo.InvariantCulture))}/: {lastError?.Message}",
            lastError);
    }

    private static int FindFreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private void Tick()
    {
        try
        {
            Engine.Advance();
        }
        catch (Exception)
        {
            // A timer callback must never take the host process down; the next request re-runs Advance and surfaces the error.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (Volatile.Read(ref stopped) == 0)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref stopped) == 1)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var received = clock.UtcNow;
        var rawUrl = request.RawUrl ?? "/";
        var queryStart = rawUrl.IndexOf('?');
        var path = queryStart < 0 ? rawUrl : rawUrl.Substring(0, queryStart);
        var query = queryStart < 0 ? string.Empty : rawUrl.Substring(queryStart + 1);
        var method = request.HttpMethod;
        var route = ArmRoute.Resolve(method, path, IdentityPath);
        string? body = null;
        Reply? reply = null;
        try
        {
            // Checked before the body is read: a client without credentials makes the emulator read and keep nothing.
            reply = Gatekeep(route, method, request.Headers);
            if (reply is not null)
            {
                Record(received, method, path, query, null, request.Headers, reply.StatusCode, route, null);
                await WriteAsync(context, reply).ConfigureAwait(false);
                return;
            }

            body = await RequestBodyReader.ReadAsync(request).ConfigureAwait(false);
            var fault = faults.Take(route.Operation);
            if (fault?.Delay is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, stopping.Token).ConfigureAwait(false);
            }

            var failsBeforeWork = fault is { AfterCommit: false } && (fault.DropConnection || fault.StatusCode is not null);
            if (!failsBeforeWork)
            {
                reply = Process(route, method, query, body, request.Headers);
            }

            if (fault is not null && (failsBeforeWork || fault.AfterCommit))
            {
                var createdRunId = reply?.CreatedRunId;
                reply = fault.DropConnection
                    ? null
                    : FaultReply(route, fault.StatusCode ?? 500, fault.RetryAfter, request.Headers);
                if (reply is not null)
                {
                    reply.CreatedRunId = createdRunId;
                }
                else
                {
                    Record(received, method, path, query, body, request.Headers, 0, route, createdRunId);
                    await DropAsync(context.Response).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The server is stopping while a Delay fault holds this request.
            Record(received, method, path, query, body, request.Headers, 0, route, null);
            context.Response.Abort();
            return;
        }
        catch (ArmException exception)
        {
            // The body was too large or not UTF-8.
            reply = ArmReply(Reply.Json(exception.StatusCode, ArmJson.Error(exception.Code, exception.Message, exception.Target)), request.Headers, route.IsWrite, null);
            reply.DiscardRestOfBody = exception.StatusCode == 413;
        }
        catch (Exception exception)
        {
            reply = ArmReply(
                Reply.Json(500, ArmJson.Error("InternalServerError", $"The ADF emulator failed: {exception.Message}", null)),
                request.Headers,
                route.IsWrite,
                null);
        }

        var answer = reply!;

        // Recorded before answering so a client that has its response can already see its request in the log.
        Record(received, method, path, query, body, request.Headers, answer.StatusCode, route, answer.CreatedRunId);
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private void Record(
        DateTimeOffset received,
        string method,
        string path,
        string query,
        string? body,
        NameValueCollection headers,
        int statusCode,
        ArmRoute route,
        string? createdRunId)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in headers.AllKeys)
        {
            if (name is null)
            {
                continue;
            }

            copy[name] = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
                ? "Bearer <redacted>"
                : headers[name] ?? string.Empty;
        }

        // The log is what tests print and dump, so a SecureString parameter is masked there as in the run itself.
        var pipeline = route.Operation == EmulatorOperation.CreateRun && route.PipelineName is { } pipelineName ? Engine.FindPipeline(pipelineName) : null;
        var kept = pipeline is null ? body : SecureParameters.MaskBody(pipeline, body);
        requestLog.Add(new RecordedRequest(received, method, path, query, kept, copy, statusCode, route.Operation, route.PipelineName ?? route.RunId, createdRunId));
    }

    /// <summary>
    /// Cuts the connection mid-response. A bare Abort() on the managed (non-Windows) HttpListener still sends an
    /// empty 200, so a body shorter than its announced length is started first; every client then fails to read it.
    /// </summary>
    private static async Task DropAsync(HttpListenerResponse response)
    {
        try
        {
            response.StatusCode = 500;
            response.ContentType = JsonContentType;
            response.ContentLength64 = 1024;
            var fragment = Encoding.UTF8.GetBytes("{");
            await response.OutputStream.WriteAsync(fragment, 0, fragment.Length).ConfigureAwait(false);
            await response.OutputStream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone, which is what dropping wants anyway.
        }

        response.Abort();
    }

    private static async Task WriteAsync(HttpListenerContext context, Reply reply)
    {
        var response = context.Response;
        try
        {
            response.StatusCode = reply.StatusCode;
            foreach (var header in reply.Headers)
            {
                response.AddHeader(header.Key, header.Value);
            }

            response.ContentType = JsonContentType;
            response.ContentLength64 = reply.Body.Length;
            if (reply.Body.Length > 0)
            {
                await response.OutputStream.WriteAsync(reply.Body, 0, reply.Body.Length).ConfigureAwait(false);
            }

            if (reply.DiscardRestOfBody)
            {
                // The answer goes out first; reading (not keeping) the rest lets a client that is still sending see it.
                await response.OutputStream.FlushAsync().ConfigureAwait(false);
                if (!await RequestBodyReader.DiscardAsync(context.Request).ConfigureAwait(false))
                {
                    response.Abort();
                    return;
                }
            }

            response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away; nothing left to tell it.
        }
    }

    private Reply Process(ArmRoute route, string method, string rawQuery, string? body, NameValueCollection headers)
    {
        var query = QueryString.Parse(rawQuery);
        if (route.Operation == EmulatorOperation.Token)
        {
            return IssueIdentityToken(method, query, body);
        }

        int? remaining = null;
        Reply reply;
        try
        {
            reply = ProcessArm(route, query, body, headers, ref remaining);
        }
        catch (ArmException exception)
        {
            reply = Reply.Json(exception.StatusCode, ArmJson.Error(exception.Code, exception.Message, exception.Target));
        }

        return ArmReply(reply, headers, route.IsWrite, remaining);
    }

    private Reply ProcessArm(ArmRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers, ref int? remaining)
    {
        if (route.IsArm && route.SubscriptionId is { } subscription)
        {
            var decision = throttle.Take(subscription, route.IsWrite);
            remaining = decision.Remaining;
            if (!decision.Allowed)
            {
                var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
                var kind = route.IsWrite ? "write" : "read";
                var throttled = Reply.Json(429, ArmJson.Error(
                    "SubscriptionRequestsThrottled",
                    $"Number of '{kind}' requests for subscription '{subscription}' actor '{IdentityClientId}' exceeded. Please try again after '{seconds}' seconds.",
                    null));
                throttled.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
                return throttled;
            }
        }

        if (!query.TryGetValue("api-version", out var apiVersion) || apiVersion.Length == 0)
        {
            throw new ArmException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (!string.Equals(apiVersion, ApiVersion, StringComparison.Ordinal))
        {
            throw new ArmException(
                400,
                "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{ApiVersion}'.");
        }

        if (!route.IsKnown)
        {
            throw new ArmException(404, "NotFound", "No HTTP resource was found that matches the request URI.");
        }

        CheckScope(route);
        switch (route.Operation)
        {
            case EmulatorOperation.GetFactory:
                return Reply.Json(200, route.FactoryName is null
                    ? ArmJson.FactoryList(scope, factoryCreateTime, factoryETag)
                    : ArmJson.Factory(scope, factoryCreateTime, factoryETag));
            case EmulatorOperation.ListPipelines:
                return Reply.Json(200, ArmJson.PipelineList(Engine.PipelineList, scope));
            case EmulatorOperation.GetPipeline:
                var pipeline = Engine.FindPipeline(route.PipelineName!)
                    // GUESS: code and wording for GET of a pipeline that does not exist.
                    ?? throw new ArmException(404, "PipelineNotFound", $"Pipeline '{route.PipelineName}' does not exist in the factory.", $"pipeline/{route.PipelineName}");
                return Reply.Json(200, ArmJson.Pipeline(pipeline, scope));
            case EmulatorOperation.CreateRun:
                var runId = Engine.CreateRun(new CreateRunRequest
                {
                    PipelineName = route.PipelineName!,
                    Body = body,
                    ReferencePipelineRunId = query.TryGetValue("referencePipelineRunId", out var reference) && reference.Length > 0 ? reference : null,
                    IsRecovery = QueryFlag(query, "isRecovery"),
                    StartActivityName = query.TryGetValue("startActivityName", out var startActivity) && startActivity.Length > 0 ? startActivity : null,
                    StartFromFailure = QueryFlag(query, "startFromFailure"),
                    ClientRequestId = headers["x-ms-client-request-id"],
                });
                var created = Reply.Json(200, ArmJson.CreateRunResponse(runId));
                created.CreatedRunId = runId;
                return created;
            case EmulatorOperation.GetRun:
                var run = Engine.GetRun(route.RunId!)
                    // GUESS: GET of an unknown run -> 404 PipelineRunNotFound (never captured from the service).
                    ?? throw new ArmException(404, "PipelineRunNotFound", $"Pipeline run id {route.RunId} does not exist.", "pipelinerun");
                return Reply.Json(200, ArmJson.PipelineRun(run, scope));
            case EmulatorOperation.Cancel:
                Engine.Cancel(route.RunId!, QueryFlag(query, "isRecursive"));
                return Reply.Json(200, Array.Empty<byte>());
            case EmulatorOperation.QueryRuns:
                return Reply.Json(200, ArmJson.PipelineRunPage(Engine.QueryPipelineRuns(RunFilter.Parse(body, RunQueryKind.PipelineRuns)), scope));
            case EmulatorOperation.QueryActivityRuns:
                return Reply.Json(200, ArmJson.ActivityRunPage(Engine.QueryActivityRuns(route.RunId!, RunFilter.Parse(body, RunQueryKind.ActivityRuns))));
            default:
                throw new ArmException(404, "NotFound", "No HTTP resource was found that matches the request URI.");
        }
    }

    private static bool QueryFlag(Dictionary<string, string> query, string name)
    {
        if (!query.TryGetValue(name, out var text) || text.Length == 0)
        {
            return false;
        }

        return bool.TryParse(text, out var flag)
            ? flag
            : throw ArmException.BadRequest($"The value '{text}' is not valid for query parameter '{name}'; use true or false.", name);
    }

    /// <summary>
    /// A request for a scope the emulator does not serve gets ARM's 404 for the first part that differs, naming what
    /// was asked for (INFERRED: ARM's usual codes and wording; none of these answers is in the captured contract).
    /// </summary>
    private void CheckScope(ArmRoute route)
    {
        if (!string.Equals(route.SubscriptionId, scope.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArmException(404, "SubscriptionNotFound", $"The subscription '{route.SubscriptionId}' could not be found.");
        }

        if (!string.Equals(route.ResourceGroupName, scope.ResourceGroupName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArmException(404, "ResourceGroupNotFound", $"Resource group '{route.ResourceGroupName}' could not be found.");
        }

        if (route.FactoryName is not null && !string.Equals(route.FactoryName, scope.FactoryName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArmException(
                404,
                "ResourceNotFound",
                $"The Resource 'Microsoft.DataFactory/factories/{route.FactoryName}' under resource group '{route.ResourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }
    }

    /// <summary>The answer to a request that may not go further (no or a wrong credential); null when it may.</summary>
    private Reply? Gatekeep(ArmRoute route, string method, NameValueCollection headers)
    {
        if (route.Operation == EmulatorOperation.Token)
        {
            return CheckIdentityRequest(method, headers, IdentityHeader);
        }

        return Authenticate(headers) is { } unauthorized ? ArmReply(unauthorized, headers, route.IsWrite, null) : null;
    }

    private Reply? Authenticate(NameValueCollection headers)
    {
        var authorization = headers["Authorization"];
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Unauthorized(
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
                "The authentication failed because of missing 'Authorization' header.");
        }

        const string scheme = "Bearer ";
        var token = authorization!.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization.Substring(scheme.Length).Trim()
            : null;
        if (token is not null && (string.Equals(token, AccessToken, StringComparison.Ordinal) || issuedTokens.ContainsKey(token)))
        {
            return null;
        }

        return Unauthorized("InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid.");
    }

    private Reply Unauthorized(string code, string message, string description)
    {
        var reply = Reply.Json(401, ArmJson.Error(code, message, null));
        reply.Headers["WWW-Authenticate"] =
            $"Bearer authorization_uri=\"https://login.microsoftonline.com/{TenantId}\", error=\"invalid_token\", error_description=\"{description}\"";
        return reply;
    }

    private Reply FaultReply(ArmRoute route, int statusCode, TimeSpan? retryAfter, NameValueCollection headers)
    {
        // GUESS: error codes of injected faults (no captured 5xx body from ADF).
        var code = statusCode switch
        {
            429 => "TooManyRequests",
            500 => "InternalServerError",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => "EmulatedFault",
        };
        var reply = Reply.Json(statusCode, ArmJson.Error(code, $"Fault injected by the ADF emulator (HTTP {statusCode}).", null));
        if (retryAfter is { } wait)
        {
            reply.Headers["Retry-After"] = Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return route.Operation == EmulatorOperation.Token ? reply : ArmReply(reply, headers, route.IsWrite, null);
    }

    private Reply ArmReply(Reply reply, NameValueCollection requestHeaders, bool write, int? remaining)
    {
        var requestId = Guid.NewGuid().ToString();
        var correlationId = requestHeaders["x-ms-correlation-request-id"];
        reply.Headers["Cache-Control"] = "no-cache";
        reply.Headers["Pragma"] = "no-cache";
        reply.Headers["Expires"] = "-1";
        reply.Headers["X-Content-Type-Options"] = "nosniff";
        reply.Headers["x-ms-request-id"] = requestId;
        reply.Headers["x-ms-correlation-request-id"] = string.IsNullOrEmpty(correlationId) ? requestId : correlationId!;
        reply.Headers["x-ms-routing-request-id"] =
            "LOCAL:" + clock.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + ":" + requestId;
        var remainingValue = remaining
            ?? (throttle.Enabled ? throttle.Peek(scope.SubscriptionId, write) : write ? ThrottleBuckets.SteadyRemainingWrites : ThrottleBuckets.SteadyRemainingReads);
        reply.Headers[write ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads"] =
            remainingValue.ToString(CultureInfo.InvariantCulture);
        return reply;
    }

    private static Reply? CheckIdentityRequest(string method, NameValueCollection headers, string identityHeader)
    {
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return IdentityError(405, "invalid_request", $"The method {method} is not supported; use GET.");
        }

        var secret = headers["X-IDENTITY-HEADER"];
        if (string.IsNullOrEmpty(secret))
        {
            return IdentityError(400, "invalid_request", "The X-IDENTITY-HEADER header is missing.");
        }

        return string.Equals(secret, identityHeader, StringComparison.Ordinal)
            ? null
            : IdentityError(401, "unauthorized_client", "The X-IDENTITY-HEADER value is not valid.");
    }

    private Reply IssueIdentityToken(string method, Dictionary<string, string> query, string? body)
    {
        var values = new Dictionary<string, string>(query, StringComparer.OrdinalIgnoreCase);
        if (string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && body is not null)
        {
            // Azure Automation's documented POST form: resource (and client_id) as form fields.
            foreach (var field in QueryString.Parse(body))
            {
                values[field.Key] = field.Value;
            }
        }

        // GUESS: api-version may be omitted (Azure Automation's samples omit it); when given it must be 2019-08-01.
        if (values.TryGetValue("api-version", out var apiVersion) && !string.Equals(apiVersion, IdentityApiVersion, StringComparison.Ordinal))
        {
            return IdentityError(400, "invalid_request", $"The api-version '{apiVersion}' is not supported; use {IdentityApiVersion}.");
        }

        if (!values.TryGetValue("resource", out var resource) || string.IsNullOrWhiteSpace(resource))
        {
            return IdentityError(400, "invalid_request", "The resource parameter is required.");
        }

        var clientId = values.TryGetValue("client_id", out var requestedClient) && requestedClient.Length > 0
            ? requestedClient
            : IdentityClientId;
        var token = NewToken(resource);
        issuedTokens[token] = 0;
        var expiresOn = clock.UtcNow.AddHours(24).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Reply.Json(200, JsonText.WriteBytes(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("access_token", token);
                writer.WriteString("expires_on", expiresOn);
                writer.WriteString("resource", resource);
                writer.WriteString("token_type", "Bearer");
                writer.WriteString("client_id", clientId);
                writer.WriteEndObject();
            },
            indented: false));
    }

    // GUESS: OAuth-style {error, error_description} bodies; the identity endpoint's real error bodies were not captured.
    private static Reply IdentityError(int statusCode, string error, string description) =>
        Reply.Json(statusCode, JsonText.WriteBytes(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", error);
                writer.WriteString("error_description", description);
                writer.WriteEndObject();
            },
            indented: false));

    /// <summary>JWT-shaped (unsigned in substance) so clients that peek at claims find the usual ones.</summary>
    private string NewToken(string audience)
    {
        var now = clock.UtcNow.ToUnixTimeSeconds();
        var header = JsonText.WriteObject(writer =>
        {
            writer.WriteString("typ", "JWT");
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", "adfruns-emulator");
        });
        var payload = JsonText.WriteObject(writer =>
        {
            writer.WriteString("aud", audience);
            writer.WriteString("iss", $"https://sts.windows.net/{TenantId}/");
            writer.WriteNumber("iat", now);
            writer.WriteNumber("nbf", now);
            writer.WriteNumber("exp", now + (24 * 3600));
            writer.WriteString("oid", IdentityClientId);
            writer.WriteString("sub", IdentityClientId);
            writer.WriteString("tid", TenantId);
            writer.WriteString("appid", IdentityClientId);
            writer.WriteString("jti", Guid.NewGuid().ToString("N"));
        });
        return Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payload)) + "." + Base64Url(RandomBytes(32));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var generator = RandomNumberGenerator.Create();
        generator.GetBytes(bytes);
        return bytes;
    }

    private sealed class Reply
    {
        private Reply(int statusCode, byte[] body)
        {
            StatusCode = statusCode;
            Body = body;
        }

        public int StatusCode { get; }

        public byte[] Body { get; }

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public string? CreatedRunId { get; set; }

        /// <summary>Set when the body was refused unread: the rest of it is read and thrown away after answering.</summary>
        public bool DiscardRestOfBody { get; set; }

        public static Reply Json(int statusCode, byte[] body) => new(statusCode, body);
    }
}
