using System;
using System.Text;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Targets;

/// <summary>
/// A data factory, reached through ARM under its resource path (subscription, resource group, factory name) with
/// api-version 2018-06-01, ARM's tokens and ARM's subscription buckets.
/// </summary>
public sealed class FactoryTarget : RunTarget
{
    public const string DataFactoryApiVersion = "2018-06-01";

    private static readonly TargetCapabilities FactoryCapabilities = new(FromFailureRerun.StartFromFailure, activityQueryNamesPipeline: false);
    private readonly int hash;
    private string? root;

    public FactoryTarget(string subscriptionId, string resourceGroupName, string factoryName)
    {
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
        // Keys the per-pipeline and read-back tables on every start: hashed once (the names never change).
        hash = HashOf(subscriptionId) ^ (HashOf(resourceGroupName) * 31) ^ (HashOf(factoryName) * 17);
    }

    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }

    public override string Service => "DataFactory";
    public override string ApiVersion => DataFactoryApiVersion;
    public override TargetCapabilities Capabilities => FactoryCapabilities;
    public override string ErrorTarget => FactoryName;

    /// <summary>ADF counts monitoring queries per factory: the factory's resource path.</summary>
    public override string MonitoringKey => Root;

    public override bool PacesArmBuckets => true;
    public override string FollowedLinksPointTo => "into a subscription";

    protected override string Root => root ??= new StringBuilder(160)
        .Append("/subscriptions/").Append(Uri.EscapeDataString(SubscriptionId))
        .Append("/resourceGroups/").Append(Uri.EscapeDataString(ResourceGroupName))
        .Append("/providers/Microsoft.DataFactory/factories/").Append(Uri.EscapeDataString(FactoryName))
        .ToString();

    public override string Noun => "factory";

    public override string Describe() => $"factory '{FactoryName}'";

    public override string DescribeInFull() => $"factory '{FactoryName}' (resource group '{ResourceGroupName}')";

    protected override void CheckNames()
    {
        Require(NameRules.CheckSubscriptionId(SubscriptionId));
        Require(NameRules.CheckResourceGroupName(ResourceGroupName));
        Require(NameRules.CheckFactoryName(FactoryName));
    }

    public override Uri EndpointOf(ConnectionSettings settings) => settings.ResourceManagerEndpoint;

    public override Uri? KnownEndpointOf(ConnectionSettings settings) => settings.ResourceManagerEndpoint;

    public override IServiceRuns RunsOn(AdfClient client) => client.DataFactoryRuns;

    public override ITokenProvider TokensOf(ConnectionSettings settings) => settings.TokenProvider;

    public override bool MayFollow(string absolutePath) => absolutePath.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase);

    public override bool Equals(RunTarget? other) =>
        other is FactoryTarget factory
        && Same(SubscriptionId, factory.SubscriptionId)
        && Same(ResourceGroupName, factory.ResourceGroupName)
        && Same(FactoryName, factory.FactoryName);

    public override int GetHashCode() => hash;

    public override string ToString() => $"{SubscriptionId}/{ResourceGroupName}/{FactoryName}";

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }
}
