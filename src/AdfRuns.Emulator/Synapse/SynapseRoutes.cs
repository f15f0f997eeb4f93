using System;
using System.Linq;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Synapse;

/// <summary>
/// The Synapse data plane's pipeline paths (artifacts.json, 2020-12-01): at the workspace endpoint's root, with no
/// subscription, resource group or factory. Literal segments match case-insensitively (GUESS: as ARM's do).
/// </summary>
internal static class SynapseRoutes
{
    private static readonly char[] PathSeparator = { '/' };

    public static ServiceRoute Resolve(string method, string path, string identityPath)
    {
        if (string.Equals(path.TrimEnd('/'), identityPath, StringComparison.OrdinalIgnoreCase))
        {
            return ServiceRoute.DataPlane(EmulatorOperation.Token);
        }

        var segments = path.Split(PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var get = Is(method, "GET");
        var post = Is(method, "POST");
        return segments.Length switch
        {
            1 when get && Is(segments[0], "pipelines") => ServiceRoute.DataPlane(EmulatorOperation.ListPipelines),
            1 when post && Is(segments[0], "queryPipelineRuns") => ServiceRoute.DataPlane(EmulatorOperation.QueryRuns),
            1 when post && Is(segments[0], "queryTriggerRuns") => ServiceRoute.DataPlane(EmulatorOperation.QueryTriggerRuns),
            5 when post && Is(segments[0], "triggers") && Is(segments[2], "triggerRuns") && Is(segments[4], "rerun") =>
                ServiceRoute.DataPlane(EmulatorOperation.RerunTriggerRun, runId: segments[3], triggerName: segments[1]),
            5 when post && Is(segments[0], "triggers") && Is(segments[2], "triggerRuns") && Is(segments[4], "cancel") =>
                ServiceRoute.DataPlane(EmulatorOperation.CancelTriggerRun, runId: segments[3], triggerName: segments[1]),
            2 when get && Is(segments[0], "pipelines") => ServiceRoute.DataPlane(EmulatorOperation.GetPipeline, pipelineName: segments[1]),
            2 when get && Is(segments[0], "pipelineruns") => ServiceRoute.DataPlane(EmulatorOperation.GetRun, runId: segments[1]),
            3 when post && Is(segments[0], "pipelines") && Is(segments[2], "createRun") =>
                ServiceRoute.DataPlane(EmulatorOperation.CreateRun, pipelineName: segments[1]),
            3 when post && Is(segments[0], "pipelineruns") && Is(segments[2], "cancel") =>
                ServiceRoute.DataPlane(EmulatorOperation.Cancel, runId: segments[1]),
            5 when post && Is(segments[0], "pipelines") && Is(segments[2], "pipelineruns") && Is(segments[4], "queryActivityruns") =>
                ServiceRoute.DataPlane(EmulatorOperation.QueryActivityRuns, runId: segments[3], runPipelineName: segments[1]),
            _ => ServiceRoute.DataPlane(EmulatorOperation.Any),
        };
    }

    private static bool Is(string actual, string expected) => string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase);
}
