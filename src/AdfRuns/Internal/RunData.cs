using System.Collections.Generic;
using AdfRuns.Engine.Model;

namespace AdfRuns.Internal;

/// <summary>A piped run object back as the engine's data: what waiting and querying need of it.</summary>
internal static class RunData
{
    public static PipelineRunData From(PipelineRun run) => PipelineRunData.Describe(
        run.RunId,
        run.PipelineName,
        run.Status,
        run.RunStart,
        run.LastUpdated,
        new FactoryCoordinates(run.SubscriptionId, run.ResourceGroupName, run.FactoryName));
}
