using AdfRuns.Engine.Http;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Engine;

/// <summary>
/// One connection's state, shared by every invocation and runspace that uses it: the HTTP pipeline (with its
/// pacers), the cache of pipeline definitions, and what the service has shown about its run ids.
/// </summary>
public sealed class AdfConnection
{
    public AdfConnection(ConnectionSettings settings)
        : this(new ServicePipeline(settings))
    {
    }

    public AdfConnection(ServicePipeline servicePipeline)
    {
        ServicePipeline = servicePipeline;
    }

    public ServicePipeline ServicePipeline { get; }

    public ConnectionSettings Settings => ServicePipeline.Settings;

    internal PipelineDefinitionCache Definitions { get; } = new();

    internal RunIdEcho RunIdEcho { get; } = new();

    /// <summary>Fabric workspace and pipeline names to ids, read once per connection.</summary>
    internal Fabric.FabricDirectory Fabric { get; } = new();
}
