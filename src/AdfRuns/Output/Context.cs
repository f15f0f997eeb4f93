using System;

namespace AdfRuns;

/// <summary>How AdfRuns signs in and where it sends requests. Holds no secret.</summary>
public sealed class Context
{
    internal Context(string environment, Uri resourceManagerEndpoint, string tokenScope, string accountType, string? accountId, string? tenantId, string? subscriptionId, string? resourceGroupName, string? factoryName, TimeSpan requestTimeout)
    {
        Environment = environment;
        ResourceManagerEndpoint = resourceManagerEndpoint;
        TokenScope = tokenScope;
        AccountType = accountType;
        AccountId = accountId;
        TenantId = tenantId;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
        RequestTimeout = requestTimeout;
    }

    /// <summary>AzureCloud, AzureUSGovernment or AzureChinaCloud; Emulator for a loopback endpoint, Custom for another endpoint.</summary>
    public string Environment { get; }
    public Uri ResourceManagerEndpoint { get; }
    /// <summary>The scope tokens are requested for (the cloud's Resource Manager audience + "/.default").</summary>
    public string TokenScope { get; }
    /// <summary>DefaultChain, ManagedIdentity, ServicePrincipal, AccessToken or DeviceCode.</summary>
    public string AccountType { get; }
    public string? AccountId { get; }
    public string? TenantId { get; }
    public string? SubscriptionId { get; }
    public string? ResourceGroupName { get; }
    public string? FactoryName { get; }
    public TimeSpan RequestTimeout { get; }
}
