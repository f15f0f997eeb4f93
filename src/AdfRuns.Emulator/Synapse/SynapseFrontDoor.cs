using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Identity;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Synapse;

/// <summary>
/// What a Synapse workspace's data plane does around the pipeline operations: its own token audience, api-version,
/// error bodies without ARM's envelope, and answers without ARM's rate-limit headers. The operations are in SynapseOperations.
/// </summary>
internal sealed class SynapseFrontDoor : IFrontDoor
{
    public const string ApiVersion = "2020-12-01";

    /// <summary>2020-12-01 is the published stable version; the SDK's session records were made with 2019-06-01-preview.</summary>
    public static readonly IReadOnlyList<string> ApiVersions = new[] { ApiVersion, "2019-06-01-preview" };

    /// <summary>The data plane's token audience in each cloud (the resource for a managed-identity request).</summary>
    public static readonly IReadOnlyList<string> Audiences = new[]
    {
        "https://dev.azuresynapse.net",
        "https://dev.azuresynapse.usgovcloudapi.net",
        "https://dev.azuresynapse.azure.cn",
    };

    private readonly ServiceScope workspace;
    private readonly ThrottleBuckets throttle;
    private readonly MonitoringQueryLimit monitoring;
    private readonly SynapseOperations operations;
    private readonly Func<string, string?> audienceOf;

    /// <param name="audienceOf">The audience of a token the emulator issued; null for a token it did not issue.</param>
    public SynapseFrontDoor(ServiceScope workspace, ThrottleBuckets throttle, MonitoringQueryLimit monitoring, SynapseOperations operations, Func<string, string?> audienceOf)
    {
        this.workspace = workspace;
        this.throttle = throttle;
        this.monitoring = monitoring;
        this.operations = operations;
        this.audienceOf = audienceOf;
    }

    public ServiceRoute Resolve(string method, string path) => SynapseRoutes.Resolve(method, path, ManagedIdentityEndpoint.Path);

    public Reply? Refuse(ServiceRoute route, NameValueCollection headers)
    {
        var authorization = headers["Authorization"];
        if (string.IsNullOrWhiteSpace(authorization))
        {
            // GUESS: code and wording (the gateway's 401 was not captured).
            return Unauthorized(headers, "Unauthorized", "The request is missing the 'Authorization' header with a bearer token.");
        }

        const string scheme = "Bearer ";
        var token = authorization!.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization.Substring(scheme.Length).Trim() : null;
        var audience = token is null ? null : audienceOf(token);
        if (audience is null)
        {
            return Unauthorized(headers, "Unauthorized", "The access token is invalid.");
        }

        return IsSynapseAudience(audience)
            ? null
            // GUESS: code and wording; a token for another resource (e.g. ARM's) is refused by the workspace.
            : Unauthorized(headers, "InvalidTokenAudience", $"The access token was issued for '{audience}'; the Synapse data plane accepts tokens for '{Audiences[0]}'.");
    }

    public Reply Answer(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        Reply reply;
        try
        {
            reply = Throttle(route) ?? Dispatch(route, query, body, headers);
        }
        catch (ServiceException exception)
        {
            reply = Error(exception);
        }

        return Dress(reply, headers, route.IsWrite);
    }

    public Reply Error(ServiceException exception) =>
        Reply.Json(exception.StatusCode, SynapseJson.Error(exception.Code, exception.Message, exception.Target));

    /// <summary>Errors in the data plane's shape, and the headers its answers carry (no ARM rate-limit counters).</summary>
    public Reply Dress(Reply failure, NameValueCollection requestHeaders, bool write)
    {
        var reply = failure.StatusCode >= 400 ? Rebody(failure, SynapseJson.Unwrap(failure.Body)) : failure;
        AddHeaders(reply, requestHeaders);
        return reply;
    }

    public static bool IsSynapseAudience(string audience)
    {
        var resource = audience.EndsWith("/.default", StringComparison.OrdinalIgnoreCase) ? audience.Substring(0, audience.Length - "/.default".Length) : audience;
        resource = resource.TrimEnd('/');
        return Audiences.Any(known => string.Equals(known, resource, StringComparison.OrdinalIgnoreCase));
    }

    private Reply Dispatch(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        // GUESS: codes and wording for a missing or unsupported api-version (the data plane's were not captured).
        if (!query.TryGetValue("api-version", out var apiVersion) || apiVersion.Length == 0)
        {
            throw new ServiceException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (!ApiVersions.Contains(apiVersion, StringComparer.Ordinal))
        {
            throw new ServiceException(
                400,
                "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{string.Join("', '", ApiVersions)}'.");
        }

        if (!route.IsKnown)
        {
            throw new ServiceException(404, "NotFound", "No HTTP resource was found that matches the request URI.");
        }

        return monitoring.Refuse(route) ?? operations.Run(route, query, body, headers);
    }

    /// <summary>
    /// The emulator's -Throttling for a workspace: ARM's bucket sizes and rates, counted per workspace. GUESS: the data
    /// plane's own limits are not published; only "429 with Retry-After" is assumed, with the artifacts error shape.
    /// </summary>
    private Reply? Throttle(ServiceRoute route)
    {
        if (!throttle.Enabled || !route.IsKnown)
        {
            return null;
        }

        var decision = throttle.Take(workspace.Name, route.IsWrite);
        if (decision.Allowed)
        {
            return null;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        var throttled = Reply.Json(429, SynapseJson.Error(
            "TooManyRequests",
            $"Too many requests for workspace '{workspace.Name}'. Please try again after '{seconds}' seconds.",
            null));
        throttled.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        return throttled;
    }

    private static Reply Unauthorized(NameValueCollection requestHeaders, string code, string message)
    {
        var reply = Reply.Json(401, SynapseJson.GatewayError(code, message));
        reply.Headers["WWW-Authenticate"] = "Bearer";
        AddHeaders(reply, requestHeaders);
        return reply;
    }

    private static Reply Rebody(Reply reply, byte[] body)
    {
        if (ReferenceEquals(body, reply.Body))
        {
            return reply;
        }

        var rebodied = Reply.Json(reply.StatusCode, body);
        rebodied.CreatedRunId = reply.CreatedRunId;
        foreach (var header in reply.Headers)
        {
            rebodied.Headers[header.Key] = header.Value;
        }

        return rebodied;
    }

    /// <summary>The headers the session records show on every pipeline answer; no x-ms-ratelimit-* and no routing id.</summary>
    private static void AddHeaders(Reply reply, NameValueCollection requestHeaders)
    {
        var requestId = Guid.NewGuid().ToString();
        reply.Headers["Cache-Control"] = "no-cache";
        reply.Headers["Pragma"] = "no-cache";
        reply.Headers["Expires"] = "-1";
        reply.Headers["X-Content-Type-Options"] = "nosniff";
        reply.Headers["x-ms-request-id"] = requestId;
        var correlationId = requestHeaders["x-ms-correlation-request-id"];
        reply.Headers["x-ms-correlation-request-id"] = string.IsNullOrEmpty(correlationId) ? Guid.NewGuid().ToString() : correlationId!;
        if (requestHeaders["x-ms-client-request-id"] is { Length: > 0 } clientRequestId)
        {
            reply.Headers["x-ms-client-request-id"] = clientRequestId;
        }
    }
}
