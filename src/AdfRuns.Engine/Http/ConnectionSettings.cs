using System;
using System.Threading;
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

/// <summary>The process-wide connection: shared by every runspace, as a module's context is expected to be.</summary>
public static class AdfSession
{
    private static ConnectionSettings? current;
    private static ArmClient? client;
    private static readonly object Gate = new();

    public static ConnectionSettings? Current => Volatile.Read(ref current);

    public static void Connect(ConnectionSettings settings)
    {
        lock (Gate)
        {
            Volatile.Write(ref current, settings);
            client = new ArmClient(settings);
        }
    }

    public static void Disconnect()
    {
        lock (Gate)
        {
            Volatile.Write(ref current, null);
            client = null;
        }
    }

    /// <summary>The client for the current connection; without Connect-AdfAccount, the default chain on AzureCloud.</summary>
    public static ArmClient Client
    {
        get
        {
            lock (Gate)
            {
                if (client is null)
                {
                    var environment = CloudEnvironment.AzureCloud;
                    var settings = new ConnectionSettings(environment, environment.ResourceManagerEndpoint, CredentialFactory.DefaultChain(environment, null));
                    Volatile.Write(ref current, settings);
                    client = new ArmClient(settings);
                }

                return client;
            }
        }
    }

}
