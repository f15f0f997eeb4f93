using System;
using System.Linq;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Fabric;

/// <summary>
/// Fabric REST v1 paths for pipelines (Core workspaces and items, Job Scheduler, Data Pipeline): under /v1, addressed
/// by workspace id and item id. Literal segments match case-insensitively (GUESS: the reference spells both
/// "dataPipelines" and "datapipelines").
/// </summary>
internal static class FabricRoutes
{
    private static readonly char[] PathSeparator = { '/' };

    /// <param name="pipelineOfItem">The pipeline name an item id stands for; null for an unknown item.</param>
    public static ServiceRoute Resolve(string method, string path, string identityPath, Func<string, string?> pipelineOfItem)
    {
        if (string.Equals(path.TrimEnd('/'), identityPath, StringComparison.OrdinalIgnoreCase))
        {
            return ServiceRoute.DataPlane(EmulatorOperation.Token);
        }

        var segments = path.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length < 2 || !Is(segments[0], "v1") || !Is(segments[1], "workspaces"))
        {
            return ServiceRoute.DataPlane(EmulatorOperation.Any);
        }

        var rest = segments.Skip(2).ToArray();
        var get = Is(method, "GET");
        var post = Is(method, "POST");
        var workspace = rest.Length > 0 ? rest[0] : null;
        var item = rest.Length > 2 ? rest[2] : null;
        ServiceRoute Item(EmulatorOperation operation, string? jobId = null) =>
            ServiceRoute.DataPlane(operation, pipelineOfItem(item!), jobId, workspace: workspace, itemId: item);
        var itemsOrPipelines = rest.Length > 1 && (Is(rest[1], "items") || Is(rest[1], "dataPipelines"));
        var jobInstances = rest.Length > 5 && Is(rest[1], "items") && Is(rest[3], "jobs") && Is(rest[4], "instances");
        return rest.Length switch
        {
            0 when get => ServiceRoute.DataPlane(EmulatorOperation.GetFactory),
            1 when get => ServiceRoute.DataPlane(EmulatorOperation.GetFactory, workspace: workspace),
            2 when get && itemsOrPipelines => ServiceRoute.DataPlane(EmulatorOperation.ListPipelines, workspace: workspace),
            4 when post && itemsOrPipelines && Is(rest[3], "getDefinition") => Item(EmulatorOperation.GetPipeline),
            5 when Is(rest[1], "items") && Is(rest[3], "jobs") && Is(rest[4], "instances") =>
                post ? Item(EmulatorOperation.CreateRun) : get ? Item(EmulatorOperation.QueryRuns) : ServiceRoute.DataPlane(EmulatorOperation.Any),
            6 when post && Is(rest[1], "items") && Is(rest[3], "jobs") && Is(rest[4], "Pipeline") && Is(rest[5], "instances") =>
                Item(EmulatorOperation.CreateRun),
            6 when get && Is(rest[1], "items") && Is(rest[3], "jobs") && Is(rest[4], "Pipeline") && Is(rest[5], "instances") =>
                Item(EmulatorOperation.QueryRuns),
            6 when post && Is(rest[1], "dataPipelines") && Is(rest[3], "jobs") && Is(rest[4], "execute") && Is(rest[5], "instances") =>
                Item(EmulatorOperation.CreateRun),
            6 when get && jobInstances => Item(EmulatorOperation.GetRun, rest[5]),
            7 when post && jobInstances && Is(rest[6], "cancel") => Item(EmulatorOperation.Cancel, rest[5]),
            5 when post && Is(rest[1], "datapipelines") && Is(rest[2], "pipelineruns") && Is(rest[4], "queryactivityruns") =>
                ServiceRoute.DataPlane(EmulatorOperation.QueryActivityRuns, runId: rest[3], workspace: workspace),
            _ => ServiceRoute.DataPlane(EmulatorOperation.Any),
        };
    }

    private static bool Is(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
