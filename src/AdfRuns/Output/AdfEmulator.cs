using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace AdfRuns;

/// <summary>A running ADF emulator: pipe it to Connect-AdfAccount to point AdfRuns at it.</summary>
public sealed class AdfEmulator
{
    internal AdfEmulator(object server, Uri endpoint, string subscriptionId, string resourceGroupName, string factoryName, SecureString accessToken, Uri identityEndpoint, string identityHeader, string[] pipelines)
    {
        Server = server;
        Endpoint = endpoint;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
        AccessToken = accessToken;
        IdentityEndpoint = identityEndpoint;
        IdentityHeader = identityHeader;
        Pipelines = pipelines;
    }

    /// <summary>The emulator's base URL, e.g. http://127.0.0.1:50123/ (binds to -ResourceManagerEndpoint).</summary>
    public Uri Endpoint { get; }
    /// <summary>The same as Endpoint, so that the emulator binds to Connect-AdfAccount by property name.</summary>
    public Uri ResourceManagerEndpoint => Endpoint;
    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }
    /// <summary>A token the emulator accepts.</summary>
    public SecureString AccessToken { get; }
    /// <summary>The emulator's managed-identity endpoint (set IDENTITY_ENDPOINT to it to test -Identity).</summary>
    public Uri IdentityEndpoint { get; }
    /// <summary>
    /// The value the managed-identity endpoint expects in X-IDENTITY-HEADER (IDENTITY_HEADER). Hidden, so that
    /// Format-List * and Get-Member do not show the secret; scripts still read it to set $env:IDENTITY_HEADER.
    /// </summary>
    [Hidden]
    public string IdentityHeader { get; }
    public string[] Pipelines { get; }
    public bool IsRunning { get; internal set; } = true;

    /// <summary>
    /// The most runs that ever waited Queued at once for a pipeline's concurrency, by pipeline (those whose definition
    /// sets one); the service queues at most 100. Read when asked, so a bench reads it after its runs.
    /// </summary>
    public IReadOnlyDictionary<string, int> PeakQueuedRuns => EmulatorServer.PeakQueuedRuns();

    /// <summary>The most monitoring queries (run GETs, run and activity-run queries) the emulator received in any 60 seconds, refused ones included.</summary>
    public int PeakMonitoringQueriesPerMinute => EmulatorServer.PeakMonitoringQueriesPerMinute;

    internal object Server { get; }

    private AdfRuns.Emulator.AdfEmulatorServer EmulatorServer => (AdfRuns.Emulator.AdfEmulatorServer)Server;

    public override string ToString() => Endpoint.ToString();
}
