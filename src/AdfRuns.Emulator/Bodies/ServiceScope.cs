namespace AdfRuns.Emulator.Bodies;

/// <summary>The ARM resource a front door serves (a factory or a Synapse workspace): its name and the ids written into bodies.</summary>
internal sealed class ServiceScope
{
    public ServiceScope(string subscriptionId, string resourceGroupName, string factoryName)
        : this(subscriptionId, resourceGroupName, factoryName, "Microsoft.DataFactory/factories")
    {
    }

    private ServiceScope(string subscriptionId, string resourceGroupName, string name, string resourceType)
    {
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        Name = name;
        Id = $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/{resourceType}/{name}";
        UpperCaseId = Id.ToUpperInvariant();
        PipelineType = resourceType + "/pipelines";
    }

    public string SubscriptionId { get; }

    public string ResourceGroupName { get; }

    /// <summary>The factory's name, or the workspace's for a Synapse scope.</summary>
    public string Name { get; }

    public string Id { get; }

    /// <summary>Pipeline run ids carry the ARM path upper-cased (then a lower-case "/pipelineruns/{runId}").</summary>
    public string UpperCaseId { get; }

    public string PipelineType { get; }

    /// <summary>
    /// The Synapse data plane writes pipeline and run ids under the workspace's ARM resource, in the same casing as ADF
    /// (Azure.Analytics.Synapse.Artifacts session records, PipelineRunClientLiveTests).
    /// </summary>
    public static ServiceScope ForWorkspace(string subscriptionId, string resourceGroupName, string workspaceName) =>
        new(subscriptionId, resourceGroupName, workspaceName, "Microsoft.Synapse/workspaces");
}
