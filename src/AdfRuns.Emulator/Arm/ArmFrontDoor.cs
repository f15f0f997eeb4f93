using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Arm;

/// <summary>
/// What ARM does around the Data Factory operations: authentication, throttling, api-version and scope checks,
/// the error envelope, and the headers every answer carries. The operations themselves are in ArmOperations.
/// </summary>
internal sealed class ArmFrontDoor : IFrontDoor
{
    public const string ApiVersion = "2018-06-01";

    private readonly ServiceScope scope;
    private readonly ThrottleBuckets throttle;
    private readonly IEmulatorClock clock;
    private readonly IReadOnlyDictionary<string, ArmOperations> factories;
    private readonly MonitoringQueryLimit monitoring;
    private readonly Func<string, bool> acceptsToken;
    private readonly string tenantId;
    private readonly string actorId;

    public ArmFrontDoor(
        ServiceScope scope,
        ThrottleBuckets throttle,
        MonitoringQueryLimit monitoring,
        IEmulatorClock clock,
        IReadOnlyDictionary<string, ArmOperations> factories,
        Func<string, bool> acceptsToken,
        string tenantId,
        string actorId)
    {
        this.monitoring = monitoring;
        this.scope = scope;
        this.throttle = throttle;
        this.clock = clock;
        this.factories = factories;
        this.acceptsToken = acceptsToken;
        this.tenantId = tenantId;
        this.actorId = actorId;
    }

    public ServiceRoute Resolve(string method, string path) => ServiceRoute.Resolve(method, path, Identity.ManagedIdentityEndpoint.Path);

    Reply IFrontDoor.Dress(Reply failure, NameValueCollection requestHeaders, bool write) => Dress(failure, requestHeaders, write, null);

    Reply IFrontDoor.Error(ServiceException exception) => Error(exception);

    /// <summary>The 401 for a request without an accepted bearer token, checked before its body is read; null when it may go on.</summary>
    public Reply? Refuse(ServiceRoute route, NameValueCollection headers)
    {
        var authorization = headers["Authorization"];
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return Dress(
                Unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", "The authentication failed because of missing 'Authorization' header."),
                headers,
                route.IsWrite,
                null);
        }

        const string scheme = "Bearer ";
        var token = authorization!.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? authorization.Substring(scheme.Length).Trim()
            : null;
        return token is not null && acceptsToken(token)
            ? null
            : Dress(Unauthorized("InvalidAuthenticationToken", "The access token is invalid.", "The access token is invalid."), headers, route.IsWrite, null);
    }

    public Reply Answer(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        int? remaining = null;
        Reply reply;
        try
        {
            reply = Throttle(route, ref remaining) ?? Dispatch(route, query, body, headers);
        }
        catch (ServiceException exception)
        {
            reply = Error(exception);
        }

        return Dress(reply, headers, route.IsWrite, remaining);
    }

    public static Reply Error(ServiceException exception) =>
        Reply.Json(exception.StatusCode, ServiceJson.Error(exception.Code, exception.Message, exception.Target));

    /// <summary>Adds the headers ARM puts on every answer (request ids, rate-limit counters, no-cache).</summary>
    public Reply Dress(Reply reply, NameValueCollection requestHeaders, bool write, int? remaining)
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

    private Reply? Throttle(ServiceRoute route, ref int? remaining)
    {
        if (!route.IsArm || route.SubscriptionId is not { } subscription)
        {
            return null;
        }

        var decision = throttle.Take(subscription, route.IsWrite);
        remaining = decision.Remaining;
        if (decision.Allowed)
        {
            return null;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        var kind = route.IsWrite ? "write" : "read";
        var throttled = Reply.Json(429, ServiceJson.Error(
            "SubscriptionRequestsThrottled",
            $"Number of '{kind}' requests for subscription '{subscription}' actor '{actorId}' exceeded. Please try again after '{seconds}' seconds.",
            null));
        throttled.Headers["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture);
        return throttled;
    }

    private Reply Dispatch(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        if (!query.TryGetValue("api-version", out var apiVersion) || apiVersion.Length == 0)
        {
            throw new ServiceException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (!string.Equals(apiVersion, ApiVersion, StringComparison.Ordinal))
        {
            throw new ServiceException(
                400,
                "InvalidApiVersionParameter",
                $"The api-version '{apiVersion}' is invalid. The supported versions are '{ApiVersion}'.");
        }

        if (!route.IsKnown)
        {
            throw new ServiceException(404, "NotFound", "No HTTP resource was found that matches the request URI.");
        }

        CheckScope(route);
        return monitoring.Refuse(route) ?? factories[route.FactoryName ?? scope.Name].Run(route, query, body, headers);
    }

    /// <summary>
    /// A request for a scope the emulator does not serve gets ARM's 404 for the first part that differs, naming what
    /// was asked for (INFERRED: ARM's usual codes and wording; none of these answers is in the captured contract).
    /// </summary>
    private void CheckScope(ServiceRoute route)
    {
        if (!string.Equals(route.SubscriptionId, scope.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceException(404, "SubscriptionNotFound", $"The subscription '{route.SubscriptionId}' could not be found.");
        }

        if (!string.Equals(route.ResourceGroupName, scope.ResourceGroupName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceException(404, "ResourceGroupNotFound", $"Resource group '{route.ResourceGroupName}' could not be found.");
        }

        if (route.FactoryName is not null && !factories.ContainsKey(route.FactoryName))
        {
            throw new ServiceException(
                404,
                "ResourceNotFound",
                $"The Resource 'Microsoft.DataFactory/factories/{route.FactoryName}' under resource group '{route.ResourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
        }
    }

    private Reply Unauthorized(string code, string message, string description)
    {
        var reply = Reply.Json(401, ServiceJson.Error(code, message, null));
        reply.Headers["WWW-Authenticate"] =
            $"Bearer authorization_uri=\"https://login.microsoftonline.com/{tenantId}\", error=\"invalid_token\", error_description=\"{description}\"";
        return reply;
    }
}
