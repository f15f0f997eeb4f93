using AdfRuns.Engine.Http;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Engine;

/// <summary>
/// One connection's state, shared by every invocation and runspace that uses it: the HTTP pipeline (with its
/// pacer), the cache of pipeline definitions, and what the service has shown about its run ids.
/// </summary>
public sealed class AdfConnection
{
    public AdfConnection(ConnectionSettings settings)
        : this(new ArmPipeline(settings))
    {
    }

    public AdfConnection(ArmPipeline arm)
    {
        Arm = arm;
    }

    public ArmPipeline Arm { get; }

    public ConnectionSettings Settings => Arm.Settings;

    internal PipelineDefinitionCache Definitions { get; } = new();

    internal RunIdEcho RunIdEcho { get; } = new();
}
