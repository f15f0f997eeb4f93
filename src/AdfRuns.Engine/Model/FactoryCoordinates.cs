using System;

namespace AdfRuns.Engine.Model;

/// <summary>
/// Where a run's service lives: a data factory (subscription, resource group and factory name, reached through
/// ARM) or a Synapse workspace (its name, reached through the workspace's own data-plane endpoint). A workspace
/// has empty factory coordinates, and a factory a null WorkspaceName.
/// </summary>
public sealed class FactoryCoordinates : IEquatable<FactoryCoordinates>
{
    public FactoryCoordinates(string subscriptionId, string resourceGroupName, string factoryName)
    {
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
    }

    private FactoryCoordinates(string workspaceName)
        : this(string.Empty, string.Empty, string.Empty)
    {
        WorkspaceName = workspaceName;
    }

    /// <summary>A Synapse workspace, addressed by name.</summary>
    public static FactoryCoordinates Workspace(string workspaceName) => new(workspaceName);

    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }
    /// <summary>The Synapse workspace; null for a data factory.</summary>
    public string? WorkspaceName { get; }
    public bool IsWorkspace => WorkspaceName is not null;

    /// <summary>"factory 'x'" or "workspace 'x'", for messages.</summary>
    public string Describe() => IsWorkspace ? $"workspace '{WorkspaceName}'" : $"factory '{FactoryName}'";

    public bool Equals(FactoryCoordinates? other) =>
        other is not null
        && string.Equals(SubscriptionId, other.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceGroupName, other.ResourceGroupName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(FactoryName, other.FactoryName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(WorkspaceName, other.WorkspaceName, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as FactoryCoordinates);

    public override int GetHashCode() =>
        StringComparer.OrdinalIgnoreCase.GetHashCode(SubscriptionId)
        ^ (StringComparer.OrdinalIgnoreCase.GetHashCode(ResourceGroupName) * 31)
        ^ (StringComparer.OrdinalIgnoreCase.GetHashCode(FactoryName) * 17)
        ^ (WorkspaceName is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(WorkspaceName) * 13);

    public override string ToString() => IsWorkspace ? $"workspace/{WorkspaceName}" : $"{SubscriptionId}/{ResourceGroupName}/{FactoryName}";
}
