using System;
using System.Linq;

namespace AdfRuns.Emulator.Routing;

/// <summary>What a request path addresses. Literal segments match case-insensitively, as ARM does.</summary>
internal sealed class ServiceRoute
{
    private static readonly char[] PathSeparator = { '/' };

    private ServiceRoute(EmulatorOperation operation)
    {
        Operation = operation;
    }

    public EmulatorOperation Operation { get; }

    /// <summary>False for paths that are not under /subscriptions/... and for the identity endpoint.</summary>
    public bool IsArm { get; private set; }

    public bool IsKnown { get; private set; }

    public string? SubscriptionId { get; private set; }

    public string? ResourceGroupName { get; private set; }

    /// <summary>null for the factory list of a resource group.</summary>
    public string? FactoryName { get; private set; }

    public string? PipelineName { get; private set; }

    public string? RunId { get; private set; }

    /// <summary>The trigger a trigger-run rerun or cancel names (RunId is then the trigger run's id).</summary>
    public string? TriggerName { get; private set; }

    /// <summary>The pipeline a Synapse activity-run query names beside the run (its path has both).</summary>
    public string? RunPipelineName { get; private set; }

    /// <summary>The workspace segment of a Fabric path, as sent (an id or, refused later, anything else).</summary>
    public string? Workspace { get; private set; }

    /// <summary>The item id of a Fabric path (a pipeline's id); PipelineName is then the pipeline it names, if any.</summary>
    public string? ItemId { get; private set; }

    /// <summary>Which ARM bucket the request draws on. queryTriggerRuns spent read quota in the 2020 recording.</summary>
    public bool IsWrite => Operation is EmulatorOperation.CreateRun or EmulatorOperation.Cancel or EmulatorOperation.QueryActivityRuns
        or EmulatorOperation.RerunTriggerRun or EmulatorOperation.CancelTriggerRun;

    /// <summary>A route of a data plane whose paths name no subscription or factory (Synapse's); Any when unknown.</summary>
    public static ServiceRoute DataPlane(
        EmulatorOperation operation,
        string? pipelineName = null,
        string? runId = null,
        string? runPipelineName = null,
        string? workspace = null,
        string? itemId = null,
        string? triggerName = null) =>
        new(operation)
        {
            IsKnown = operation != EmulatorOperation.Any,
            PipelineName = pipelineName,
            RunId = runId,
            RunPipelineName = runPipelineName,
            TriggerName = triggerName,
            Workspace = workspace,
            ItemId = itemId,
        };

    public static ServiceRoute Resolve(string method, string path, string identityPath)
    {
        if (string.Equals(path.TrimEnd('/'), identityPath, StringComparison.OrdinalIgnoreCase))
        {
            return new ServiceRoute(EmulatorOperation.Token) { IsKnown = true };
        }

        var segments = path.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length < 2 || !Is(segments[0], "subscriptions"))
        {
            return new ServiceRoute(EmulatorOperation.Any);
        }

        var unknownArm = new ServiceRoute(EmulatorOperation.Any) { IsArm = true, SubscriptionId = segments[1] };
        if (segments.Length < 7 || !Is(segments[2], "resourceGroups") || !Is(segments[4], "providers")
            || !Is(segments[5], "Microsoft.DataFactory") || !Is(segments[6], "factories"))
        {
            return unknownArm;
        }

        var rest = segments.Skip(7).ToArray();
        var get = Is(method, "GET");
        var post = Is(method, "POST");
        EmulatorOperation? operation = null;
        string? factory = rest.Length > 0 ? rest[0] : null;
        string? pipeline = null;
        string? runId = null;
        string? trigger = null;
        switch (rest.Length)
        {
            case 0 when get:
            case 1 when get:
                operation = EmulatorOperation.GetFactory;
                break;
            case 2 when get && Is(rest[1], "pipelines"):
                operation = EmulatorOperation.ListPipelines;
                break;
            case 2 when post && Is(rest[1], "queryPipelineRuns"):
                operation = EmulatorOperation.QueryRuns;
                break;
            case 3 when get && Is(rest[1], "pipelines"):
                operation = EmulatorOperation.GetPipeline;
                pipeline = rest[2];
                break;
            case 3 when get && Is(rest[1], "pipelineruns"):
                operation = EmulatorOperation.GetRun;
                runId = rest[2];
                break;
            case 4 when post && Is(rest[1], "pipelines") && Is(rest[3], "createRun"):
                operation = EmulatorOperation.CreateRun;
                pipeline = rest[2];
                break;
            case 4 when post && Is(rest[1], "pipelineruns") && Is(rest[3], "cancel"):
                operation = EmulatorOperation.Cancel;
                runId = rest[2];
                break;
            case 4 when post && Is(rest[1], "pipelineruns") && Is(rest[3], "queryActivityruns"):
                operation = EmulatorOperation.QueryActivityRuns;
                runId = rest[2];
                break;
            case 2 when post && Is(rest[1], "queryTriggerRuns"):
                operation = EmulatorOperation.QueryTriggerRuns;
                break;
            case 6 when post && Is(rest[1], "triggers") && Is(rest[3], "triggerRuns") && (Is(rest[5], "rerun") || Is(rest[5], "cancel")):
                operation = Is(rest[5], "rerun") ? EmulatorOperation.RerunTriggerRun : EmulatorOperation.CancelTriggerRun;
                trigger = rest[2];
                runId = rest[4];
                break;
        }

        if (operation is null)
        {
            return unknownArm;
        }

        return new ServiceRoute(operation.Value)
        {
            IsArm = true,
            IsKnown = true,
            SubscriptionId = segments[1],
            ResourceGroupName = segments[3],
            FactoryName = factory,
            PipelineName = pipeline,
            RunId = runId,
            TriggerName = trigger,
        };
    }

    private static bool Is(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
