using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;

namespace AdfRuns;

/// <summary>A running ADF emulator: pipe it to Connect-AdfAccount to point AdfRuns at it.</summary>
public sealed class AdfEmulator
{
    private AdfEmulator(object server, Uri endpoint, SecureString accessToken, Uri identityEndpoint, string identityHeader, string[] pipelines)
    {
        Server = server;
        Endpoint = endpoint;
        AccessToken = accessToken;
        IdentityEndpoint = identityEndpoint;
        IdentityHeader = identityHeader;
        Pipelines = pipelines;
    }

    /// <summary>The emulator's base URL, e.g. http://127.0.0.1:50123/.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// The same as Endpoint for a factory emulator, so that it binds to Connect-AdfAccount by property name; null for a
    /// Synapse emulator, whose WorkspaceEndpoint binds instead.
    /// </summary>
    public Uri? ResourceManagerEndpoint { get; private set; }

    /// <summary>The factory coordinates; null for a Synapse or Fabric emulator, so that piping it binds the workspace instead.</summary>
    public string? SubscriptionId { get; private set; }

    public string? ResourceGroupName { get; private set; }

    public string? FactoryName { get; private set; }

    /// <summary>Every factory the emulator serves (Start-AdfEmulator -FactoryName a, b); the first is FactoryName. Empty for a Synapse emulator.</summary>
    public string[] FactoryNames { get; private set; } = System.Array.Empty<string>();

    /// <summary>The workspace a Synapse emulator serves (Start-AdfEmulator -Synapse); null for a factory emulator.</summary>
    public string? WorkspaceName { get; private set; }

    /// <summary>The Synapse emulator's data-plane endpoint (the same as Endpoint); null for a factory emulator.</summary>
    public Uri? WorkspaceEndpoint { get; private set; }

    /// <summary>The https certificate as PEM, for other clients to trust (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE); null over plain http.</summary>
    public string? CertificatePath { get; private set; }

    /// <summary>The control API's root on the same port (behaviours, faults, the request log, reset), for tests in other languages.</summary>
    public Uri? ControlEndpoint { get; private set; }

    /// <summary>The display name of the workspace a Fabric emulator serves (Start-AdfEmulator -Fabric); else null.</summary>
    public string? FabricWorkspace { get; private set; }

    /// <summary>The Fabric workspace's id; else null.</summary>
    public string? FabricWorkspaceId { get; private set; }

    /// <summary>The Fabric emulator's API root (the same as Endpoint, as https://api.fabric.microsoft.com is); else null.</summary>
    public Uri? FabricEndpoint { get; private set; }

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

    internal static AdfEmulator From(AdfRuns.Emulator.AdfEmulatorServer server, SecureString accessToken, string[] pipelines)
    {
        var emulator = new AdfEmulator(server, server.Endpoint, accessToken, server.IdentityEndpoint, server.IdentityHeader, pipelines)
        {
            CertificatePath = server.CertificatePath,
            ControlEndpoint = server.ControlEndpoint,
        };
        if (server.Service == AdfRuns.Emulator.EmulatedService.Fabric)
        {
            emulator.FabricWorkspace = server.FabricWorkspace;
            emulator.FabricWorkspaceId = server.FabricWorkspaceId;
            emulator.FabricEndpoint = server.FabricEndpoint;
        }
        else if (server.Service == AdfRuns.Emulator.EmulatedService.Synapse)
        {
            emulator.WorkspaceName = server.WorkspaceName;
            emulator.WorkspaceEndpoint = server.WorkspaceEndpoint;
        }
        else
        {
            emulator.ResourceManagerEndpoint = server.Endpoint;
            emulator.SubscriptionId = server.SubscriptionId;
            emulator.ResourceGroupName = server.ResourceGroupName;
            emulator.FactoryName = server.FactoryName;
            emulator.FactoryNames = System.Linq.Enumerable.ToArray(server.FactoryNames);
        }

        return emulator;
    }

    private AdfRuns.Emulator.AdfEmulatorServer EmulatorServer => (AdfRuns.Emulator.AdfEmulatorServer)Server;

    public override string ToString() => Endpoint.ToString();
}
