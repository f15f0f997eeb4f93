using System;

namespace AdfRuns.Engine.Model;

/// <summary>Where a factory lives: subscription, resource group and factory name.</summary>
public sealed class FactoryCoordinates : IEquatable<FactoryCoordinates>
{
    public FactoryCoordinates(string subscriptionId, string resourceGroupName, string factoryName)
    {
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
    }

    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }

    public bool Equals(FactoryCoordinates? other) =>
        other is not null
        && string.Equals(SubscriptionId, other.SubscriptionId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(ResourceGroupName, other.ResourceGroupName, StringComparison.OrdinalIgnoreCase)
        && string.Equals(FactoryName, other.FactoryName, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as FactoryCoordinates);

    public override int GetHashCode() =>
        StringComparer.OrdinalIgnoreCase.GetHashCode(SubscriptionId)
        ^ (StringComparer.OrdinalIgnoreCase.GetHashCode(ResourceGroupName) * 31)
        ^ (StringComparer.OrdinalIgnoreCase.GetHashCode(FactoryName) * 17);

    public override string ToString() => $"{SubscriptionId}/{ResourceGroupName}/{FactoryName}";
}
