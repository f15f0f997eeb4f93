using System;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Where requests go and how they are signed, plus the default factory coordinates: what Connect-AdfAccount
/// sets. Immutable; replaced as a whole, so every runspace sees one consistent value.
/// </summary>
public sealed class ConnectionSettings
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

    public ConnectionSettings(
        CloudEnvironment environment,
        Uri resourceManagerEndpoint,
        ITokenProvider tokenProvider,
        string? tenantId = null,
        string? accountId = null,
        string? subscriptionId = null,
        string? resourceGroupName = null,
        string? factoryName = null,
        TimeSpan? requestTimeout = null)
    {
        Environment = environment;
        ResourceManagerEndpoint = resourceManagerEndpoint;
        TokenProvider = tokenProvider;
        TenantId = tenantId;
        AccountId = accountId;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
        RequestTimeout = requestTimeout ?? DefaultRequestTimeout;
    }

    public CloudEnvironment Environment { get; }
    public Uri ResourceManagerEndpoint { get; }
    public ITokenProvider TokenProvider { get; }
    public string? TenantId { get; }
    public string? AccountId { get; }
    public string? SubscriptionId { get; }
    public string? ResourceGroupName { get; }
    public string? FactoryName { get; }
    public TimeSpan RequestTimeout { get; }
}
