using System;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Where requests go and how they are signed, plus the default factory coordinates or workspace: what
/// Connect-AdfAccount sets. Immutable; replaced as a whole, so every runspace sees one consistent value.
/// </summary>
public sealed class ConnectionSettings
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

    private ITokenProvider? synapseTokenProvider;
    private ITokenProvider? fabricTokenProvider;

    public ConnectionSettings(
        CloudEnvironment environment,
        Uri resourceManagerEndpoint,
        ITokenProvider tokenProvider,
        string? tenantId = null,
        string? accountId = null,
        string? subscriptionId = null,
        string? resourceGroupName = null,
        string? factoryName = null,
        TimeSpan? requestTimeout = null,
        string? workspaceName = null,
        Uri? workspaceEndpoint = null,
        string? fabricWorkspace = null,
        Uri? fabricEndpoint = null)
    {
        FabricWorkspace = fabricWorkspace;
        FabricEndpointOverride = fabricEndpoint;
        WorkspaceName = workspaceName;
        WorkspaceEndpointOverride = workspaceEndpoint;
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

    /// <summary>The default Synapse workspace (Connect-AdfAccount -WorkspaceName); null when none was given.</summary>
    public string? WorkspaceName { get; }

    /// <summary>
    /// Any Synapse-compatible endpoint given to Connect-AdfAccount (e.g. the emulator's). A workspace endpoint is one
    /// workspace's host, so it answers for the workspace named with it (-WorkspaceName), or for every workspace when
    /// none was named.
    /// </summary>
    public Uri? WorkspaceEndpointOverride { get; }

    /// <summary>Tokens for the Synapse data plane: the same sign-in, the cloud's Synapse scope; made when first needed.</summary>
    public ITokenProvider SynapseTokenProvider => synapseTokenProvider ??= TokenProvider.ForScope(Environment.SynapseTokenScope);

    /// <summary>
    /// Where a workspace's requests go: the endpoint given to Connect-AdfAccount when it serves that workspace, else
    /// https://{workspace}.{cloud's suffix}/. Null on a connection to a loopback endpoint (an emulator) that was given
    /// no endpoint for that workspace: it has no public hosts.
    /// </summary>
    public Uri? KnownWorkspaceEndpoint(string workspaceName) =>
        ServesWorkspace(workspaceName) ? WorkspaceEndpointOverride
        : ResourceManagerEndpoint.IsLoopback ? null
        : Environment.WorkspaceEndpoint(workspaceName);

    /// <summary>
    /// <see cref="KnownWorkspaceEndpoint"/>, or, when there is none, a refusal before anything is sent rather than a
    /// lookup of a public host on the network (where a workspace that does not exist has no host either).
    /// </summary>
    public Uri WorkspaceEndpoint(string workspaceName) => KnownWorkspaceEndpoint(workspaceName)
        ?? throw new AdfServiceException(
            "NoWorkspaceEndpoint",
            WorkspaceEndpointOverride is { } other && WorkspaceName is { } served
                ? $"This connection's workspace endpoint {other.GetLeftPart(UriPartial.Authority)} serves workspace '{served}', not '{workspaceName}', and a loopback connection knows no other workspace's host, so nothing was sent. Check the name, or connect to that workspace's endpoint (for a Synapse emulator: Start-AdfEmulator -Synapse -WorkspaceName {workspaceName} | Connect-AdfAccount)."
                : $"This connection is to {ResourceManagerEndpoint.GetLeftPart(UriPartial.Authority)} (loopback, e.g. an emulator) and knows no endpoint for workspace '{workspaceName}', so nothing was sent. Connect with the workspace's endpoint as well: Connect-AdfAccount -WorkspaceEndpoint <uri> (for a Synapse emulator: $synapse | Connect-AdfAccount, or add -WorkspaceEndpoint $synapse.WorkspaceEndpoint).",
            FailureKind.InvalidArgument);

    /// <summary>The default Fabric workspace (Connect-AdfAccount -FabricWorkspace): its display name or id; null when none was given.</summary>
    public string? FabricWorkspace { get; }

    /// <summary>Any Fabric-compatible endpoint given to Connect-AdfAccount (e.g. the emulator's); null for Fabric's own.</summary>
    public Uri? FabricEndpointOverride { get; }

    /// <summary>Tokens for Fabric's REST API: the same sign-in, Fabric's scope; made when first needed.</summary>
    public ITokenProvider FabricTokenProvider => fabricTokenProvider ??= TokenProvider.ForScope(Targets.FabricTarget.TokenScope);

    /// <summary>Where Fabric requests go: the endpoint given, else Fabric's; null on a loopback connection given none.</summary>
    public Uri? KnownFabricEndpoint =>
        FabricEndpointOverride ?? (ResourceManagerEndpoint.IsLoopback ? null : new Uri(Targets.FabricTarget.DefaultEndpoint));

    /// <summary><see cref="KnownFabricEndpoint"/>, or a refusal before anything is sent rather than a request to a public host.</summary>
    public Uri FabricEndpoint() => KnownFabricEndpoint
        ?? throw new AdfServiceException(
            "NoFabricEndpoint",
            $"This connection is to {ResourceManagerEndpoint.GetLeftPart(UriPartial.Authority)} (loopback, e.g. an emulator) and knows no Fabric endpoint, so nothing was sent. Connect with one as well: Connect-AdfAccount -FabricEndpoint <uri> (for a Fabric emulator: $fabric | Connect-AdfAccount).",
            FailureKind.InvalidArgument);

    // The connection's endpoint serves the workspace named with it, or every workspace when it was given none.
    private bool ServesWorkspace(string workspaceName) =>
        WorkspaceEndpointOverride is not null
        && (string.IsNullOrEmpty(WorkspaceName) || string.Equals(WorkspaceName, workspaceName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The base address of a request's service: its target's.</summary>
    public Uri EndpointOf(Requests.ServiceRequest request) => request.Target.EndpointOf(this);

    /// <summary>The tokens a request's service accepts: its target's.</summary>
    public ITokenProvider TokenProviderOf(Requests.ServiceRequest request) => request.Target.TokensOf(this);
}
