using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Identity;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Fabric;

/// <summary>
/// What Fabric's REST v1 does around the pipeline operations: its token audience, workspace and item checks, its error
/// envelope ({"requestId","errorCode","message",...} with x-ms-public-api-error-code), a RequestId header on every
/// answer, and 429 RequestBlocked. The operations are in FabricOperations.
/// </summary>
internal sealed class FabricFrontDoor : IFrontDoor
{
    public const string Audience = "https://api.fabric.microsoft.com";

    private readonly FabricCatalog catalog;
    private readonly ThrottleBuckets throttle;
    private readonly FabricOperations operations;
    private readonly IEmulatorClock clock;
    private readonly Func<string, string?> audienceOf;

    /// <param name="audienceOf">The audience of a token the emulator issued; null for a token it did not issue.</param>
    public FabricFrontDoor(FabricCatalog catalog, ThrottleBuckets throttle, FabricOperations operations, IEmulatorClock clock, Func<string, string?> audienceOf)
    {
        this.catalog = catalog;
        this.throttle = throttle;
        this.operations = operations;
        this.clock = clock;
        this.audienceOf = audienceOf;
    }

    public ServiceRoute Resolve(string method, string path) => FabricRoutes.Resolve(method, path, ManagedIdentityEndpoint.Path, catalog.PipelineOf);

    public Reply? Refuse(ServiceRoute route, NameValueCollection headers)
    {
        var authorization = headers["Authorization"];
        const string scheme = "Bearer ";
        var token = authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? authorization.Substring(scheme.Length).Trim() : null;
        var audience = token is null ? null : audienceOf(token);
        if (audience is null)
        {
            // GUESS: code and wording (no Fabric 401 was captured).
            return Dress(Failure(401, "TokenNotProvided", "The request has no valid bearer token."), headers, write: false);
        }

        return FabricAcceptsAudience(audience)
            ? null
            // GUESS: code and wording; a token for another resource (e.g. ARM's) is refused.
            : Dress(Failure(401, "InvalidTokenAudience", $"The access token was issued for '{audience}'; Fabric accepts tokens for '{Audience}'."), headers, write: false);
    }

    public Reply Answer(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        Reply reply;
        try
        {
            reply = Throttle(route) ?? Dispatch(route, query, body);
        }
        catch (ServiceException exception)
        {
            reply = Error(exception);
        }

        return Dress(reply, headers, route.IsWrite);
    }

    public Reply Error(ServiceException exception) => Failure(exception.StatusCode, exception.Code, exception.Message);

    /// <summary>Fabric's envelope for any failure (a 429 becomes RequestBlocked, as the service's throttling answers), and the headers every answer carries.</summary>
    public Reply Dress(Reply failure, NameValueCollection requestHeaders, bool write)
    {
        var reply = failure.StatusCode >= 400 && !failure.Headers.ContainsKey("x-ms-public-api-error-code") ? Reenvelope(failure) : failure;
        if (!reply.Headers.ContainsKey("RequestId"))
        {
            reply.Headers["RequestId"] = Guid.NewGuid().ToString();
        }

        reply.Headers["Cache-Control"] = "no-store, must-revalidate, no-cache";
        reply.Headers["Pragma"] = "no-cache";
        reply.Headers["X-Content-Type-Options"] = "nosniff";
        reply.Headers["X-Frame-Options"] = "deny";
        return reply;
    }

    public static bool FabricAcceptsAudience(string audience)
    {
        var resource = audience.EndsWith("/.default", StringComparison.OrdinalIgnoreCase) ? audience.Substring(0, audience.Length - "/.default".Length) : audience;
        return string.Equals(resource.TrimEnd('/'), Audience, StringComparison.OrdinalIgnoreCase);
    }

    private Reply Dispatch(ServiceRoute route, Dictionary<string, string> query, string? body)
    {
        if (!route.IsKnown)
        {
            // GUESS: code and wording for a path Fabric does not serve.
            throw new ServiceException(404, "EntityNotFound", "The requested resource could not be found.");
        }

        if (route.Workspace is not null && !catalog.ServesWorkspace(route.Workspace))
        {
            // GUESS: code; Fabric answers an unknown or inaccessible workspace with 404 (a name in place of the id included).
            throw new ServiceException(404, "WorkspaceNotFound", $"The workspace '{route.Workspace}' was not found or you have no access to it.");
        }

        if (route.ItemId is not null && route.PipelineName is null)
        {
            // ItemNotFound is the spec's code for the job APIs.
            throw new ServiceException(404, "ItemNotFound", $"The requested item '{route.ItemId}' was not found.");
        }

        return operations.Run(route, query, body);
    }

    /// <summary>The emulator's -Throttling for Fabric: ARM's bucket sizes, counted per workspace (GUESS: Fabric's quota is not published per API).</summary>
    private Reply? Throttle(ServiceRoute route)
    {
        if (!throttle.Enabled || !route.IsKnown)
        {
            return null;
        }

        var decision = throttle.Take(catalog.WorkspaceId, route.IsWrite);
        if (decision.Allowed)
        {
            return null;
        }

        var throttled = Reply.Json(429, Array.Empty<byte>());
        throttled.Headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return throttled;
    }

    private static Reply Failure(int statusCode, string code, string message, IDictionary<string, string>? headers = null, string? createdRunId = null)
    {
        var requestId = Guid.NewGuid().ToString();
        var reply = Reply.Json(statusCode, FabricJson.Error(requestId, code, message, statusCode is 429 or >= 500));
        reply.CreatedRunId = createdRunId;
        foreach (var header in headers ?? new Dictionary<string, string>())
        {
            reply.Headers[header.Key] = header.Value;
        }

        reply.Headers["RequestId"] = requestId;
        reply.Headers["x-ms-public-api-error-code"] = code;
        return reply;
    }

    /// <summary>A failure in Fabric's envelope: its own code and message, or an ARM-enveloped one (from the shared simulation or a fault) re-wrapped.</summary>
    private Reply Reenvelope(Reply failure)
    {
        if (failure.StatusCode != 429)
        {
            var (code, message) = ArmCodeAndMessage(failure.Body) ?? ("InternalServerError", $"The emulator failed (HTTP {failure.StatusCode}).");
            return Failure(failure.StatusCode, code, message, failure.Headers, failure.CreatedRunId);
        }

        // Recorded: {"requestId","errorCode":"RequestBlocked","message":"Request is blocked by the upstream service until: 9/3/2025 6:54:11 AM (UTC)","isRetriable":true}.
        if (!failure.Headers.TryGetValue("Retry-After", out var retryAfter))
        {
            // GUESS: a fault without -RetryAfter still says when to come back, as every recorded 429 did.
            retryAfter = "1";
            failure.Headers["Retry-After"] = retryAfter;
        }

        var until = clock.UtcNow.AddSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)).UtcDateTime
            .ToString("M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture);
        return Failure(429, "RequestBlocked", $"Request is blocked by the upstream service until: {until} (UTC)", failure.Headers, failure.CreatedRunId);
    }

    private static (string Code, string Message)? ArmCodeAndMessage(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && error.TryGetProperty("message", out var message)
                    ? (code.GetString() ?? string.Empty, message.GetString() ?? string.Empty)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
