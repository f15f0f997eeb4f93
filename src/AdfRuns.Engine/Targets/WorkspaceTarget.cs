using System;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Targets;

/// <summary>
/// A Synapse workspace, reached through its own data plane (https://{name}.dev.azuresynapse.net/ per cloud, or the
/// endpoint given to Connect-AdfAccount) with api-version 2020-12-01 and the cloud's Synapse token scope. Its paths
/// start at the data plane's root; it sends no ARM rate-limit headers; its createRun has no startFromFailure, and its
/// activity-run query names the pipeline (specification/synapse/data-plane/.../stable/2020-12-01/artifacts.json).
/// </summary>
public sealed class WorkspaceTarget : RunTarget
{
    /// <summary>The Synapse data plane's artifacts API.</summary>
    public const string SynapseApiVersion = "2020-12-01";

    private static readonly TargetCapabilities WorkspaceCapabilities = new(FromFailureRerun.FromFailedActivity, activityQueryNamesPipeline: true);

    public WorkspaceTarget(string workspaceName)
    {
        WorkspaceName = workspaceName;
        MonitoringKey = "workspace:" + workspaceName;
    }

    public string WorkspaceName { get; }

    public override string Service => "Synapse";
    public override string ApiVersion => SynapseApiVersion;
    public override TargetCapabilities Capabilities => WorkspaceCapabilities;
    public override string ErrorTarget => WorkspaceName;

    // GUESS: that a workspace's monitoring queries have ADF's per-factory limit is not documented; pacing them alike is the safe side.
    public override string MonitoringKey { get; }

    public override bool PacesArmBuckets => false;
    public override string FollowedLinksPointTo => "to the workspace's pipelines";

    protected override string Root => string.Empty;

    public override string Noun => "workspace";

    public override string Describe() => $"workspace '{WorkspaceName}'";

    protected override void CheckNames()
    {
        if (NameRules.CheckWorkspaceName(WorkspaceName) is { } problem)
        {
            throw new InvalidInputException(problem);
        }
    }

    public override Uri EndpointOf(ConnectionSettings settings) => settings.WorkspaceEndpoint(WorkspaceName);

    public override Uri? KnownEndpointOf(ConnectionSettings settings) => settings.KnownWorkspaceEndpoint(WorkspaceName);

    public override IServiceRuns RunsOn(AdfClient client) => client.DataFactoryRuns;

    public override ITokenProvider TokensOf(ConnectionSettings settings) => settings.SynapseTokenProvider;

    public override bool MayFollow(string absolutePath) => absolutePath.StartsWith("/pipelines", StringComparison.OrdinalIgnoreCase);

    public override bool Equals(RunTarget? other) => other is WorkspaceTarget workspace && Same(WorkspaceName, workspace.WorkspaceName);

    public override int GetHashCode() => HashOf(WorkspaceName) * 13;

    public override string ToString() => $"workspace/{WorkspaceName}";
}
