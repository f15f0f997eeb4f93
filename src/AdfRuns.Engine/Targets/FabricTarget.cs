using System;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Targets;

/// <summary>
/// A Microsoft Fabric workspace, reached through Fabric's REST v1 (https://api.fabric.microsoft.com, or the endpoint
/// given to Connect-AdfAccount) with Fabric's token scope and no api-version. Its paths take ids: the workspace's and
/// each pipeline's item id, which Fabric/FabricDirectory finds from their display names. Its job API has no rerun of
/// any kind, no reference run and no trigger runs (tests/contract/fabric/README.md).
/// </summary>
public sealed class FabricTarget : RunTarget
{
    public const string DefaultEndpoint = "https://api.fabric.microsoft.com/";

    public const string TokenScope = "https://api.fabric.microsoft.com/.default";

    private static readonly TargetCapabilities FabricCapabilities = new(FromFailureRerun.NotSupported, activityQueryNamesPipeline: false, reruns: false, rerunsFromActivity: false, triggerRuns: false);

    /// <summary>What a list of all workspaces is asked for with: no workspace of its own, Fabric's endpoint.</summary>
    public static readonly FabricTarget Listing = new("(every workspace)");

    /// <param name="workspace">The workspace as given: its display name or its id.</param>
    /// <param name="workspaceId">Its id, once resolved.</param>
    /// <param name="displayName">Its display name, once resolved.</param>
    public FabricTarget(string workspace, string? workspaceId = null, string? displayName = null)
    {
        Workspace = workspace;
        WorkspaceId = workspaceId;
        DisplayName = displayName;
    }

    /// <summary>The workspace as the caller named it (display name or id); equality and grouping go by it.</summary>
    public string Workspace { get; }

    /// <summary>The workspace's id; null until resolved.</summary>
    public string? WorkspaceId { get; }

    /// <summary>The workspace's display name; null until resolved.</summary>
    public string? DisplayName { get; }

    /// <summary>The display name when known, else the workspace as given: what outputs show.</summary>
    public string Name => DisplayName ?? Workspace;

    public override string Service => "Fabric";

    /// <summary>Fabric's REST API is versioned in its path (/v1), not by a query parameter.</summary>
    public override string ApiVersion => string.Empty;

    public override TargetCapabilities Capabilities => FabricCapabilities;
    public override string ErrorTarget => Name;

    /// <summary>Fabric throttles per identity across APIs ("Unified Quota") and says so with 429 Retry-After; no monitoring budget to pace.</summary>
    public override string? MonitoringKey => null;

    public override bool PacesArmBuckets => false;
    public override string FollowedLinksPointTo => "to the workspace's items";

    protected override string Root => "/v1/workspaces";

    public override string Noun => "Fabric workspace";

    public override string Describe() => $"Fabric workspace '{Name}'";

    protected override void CheckNames()
    {
        if (string.IsNullOrWhiteSpace(Workspace) || Workspace.Length > 256)
        {
            throw new InvalidInputException($"'{Workspace}' is not a Fabric workspace name or id.");
        }
    }

    public override Uri EndpointOf(ConnectionSettings settings) => settings.FabricEndpoint();

    public override Uri? KnownEndpointOf(ConnectionSettings settings) => settings.KnownFabricEndpoint;

    public override IServiceRuns RunsOn(AdfClient client) => client.Fabric;

    public override ITokenProvider TokensOf(ConnectionSettings settings) => settings.FabricTokenProvider;

    public override bool MayFollow(string absolutePath) => absolutePath.StartsWith("/v1/workspaces/", StringComparison.OrdinalIgnoreCase);

    /// <summary>This workspace with its id and display name known.</summary>
    public FabricTarget Resolved(string workspaceId, string displayName) => new(Workspace, workspaceId, displayName);

    public override bool Equals(RunTarget? other) => other is FabricTarget fabric && Same(Workspace, fabric.Workspace);

    public override int GetHashCode() => HashOf(Workspace) * 7;

    public override string ToString() => $"fabric/{Workspace}";
}
