using System;
using AdfRuns.Engine.Http;

namespace AdfRuns;

/// <summary>How AdfRuns signs in and where it sends requests: a read-only view of the connection. Holds no secret.</summary>
public sealed class Context
{
    private readonly ConnectionSettings settings;

    internal Context(ConnectionSettings settings) => this.settings = settings;

    /// <summary>AzureCloud, AzureUSGovernment or AzureChinaCloud; Emulator for a loopback endpoint (ARM's or the workspace's), Custom for another endpoint.</summary>
    public string Environment =>
        ResourceManagerEndpoint == settings.Environment.ResourceManagerEndpoint
            ? (settings.WorkspaceEndpointOverride is { IsLoopback: true } || settings.FabricEndpointOverride is { IsLoopback: true } ? "Emulator" : settings.Environment.Name)
        : ResourceManagerEndpoint.IsLoopback ? "Emulator"
        : "Custom";

    public Uri ResourceManagerEndpoint => settings.ResourceManagerEndpoint;
    /// <summary>The scope tokens are requested for (the cloud's Resource Manager audience + "/.default").</summary>
    public string TokenScope => settings.Environment.TokenScope;
    /// <summary>DefaultChain, ManagedIdentity, ServicePrincipal, AccessToken or DeviceCode.</summary>
    public string AccountType => settings.TokenProvider.AccountType;
    public string? AccountId => settings.AccountId;
    public string? TenantId => settings.TenantId;
    public string? SubscriptionId => settings.SubscriptionId;
    public string? ResourceGroupName => settings.ResourceGroupName;
    public string? FactoryName => settings.FactoryName;
    /// <summary>The default Synapse workspace (Connect-AdfAccount -WorkspaceName); null when none was set.</summary>
    public string? WorkspaceName => settings.WorkspaceName;
    /// <summary>Where Synapse requests go: the -WorkspaceEndpoint given, else the default workspace's https://{name}.dev.azuresynapse.net/ (per cloud); null when neither is known, and on a loopback connection without one.</summary>
    public Uri? WorkspaceEndpoint => settings.WorkspaceName is { } workspace ? settings.KnownWorkspaceEndpoint(workspace) : settings.WorkspaceEndpointOverride;
    /// <summary>The scope Synapse tokens are requested for (the cloud's Synapse audience + "/.default").</summary>
    public string SynapseTokenScope => settings.Environment.SynapseTokenScope;
    /// <summary>The default Microsoft Fabric workspace (Connect-AdfAccount -FabricWorkspace: display name or id); null when none was set.</summary>
    public string? FabricWorkspace => settings.FabricWorkspace;
    /// <summary>Where Fabric requests go: the -FabricEndpoint given, else https://api.fabric.microsoft.com/; null on a loopback connection without one.</summary>
    public Uri? FabricEndpoint => settings.KnownFabricEndpoint;
    public TimeSpan RequestTimeout => settings.RequestTimeout;
}
