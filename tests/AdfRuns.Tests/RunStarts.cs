using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Tests;

/// <summary>
/// Starts a run in tests the way Start- and Restart-AdfPipelineRun do (RunStarterBase): a RunStarter for the
/// invocation, the mode's Prepare method, then StartAsync, which reads the run back unless told not to.
/// </summary>
internal static class RunStarts
{
    public static async Task<PipelineRunData> StartRunAsync(this AdfClient client, RunRequest request, CancellationToken cancellationToken, bool readBack = true)
    {
        var starter = new RunStarter(client);
        var prepared = request.Mode switch
        {
            RunMode.New => await starter.PrepareNewAsync(request.Target, request.PipelineName, request.Parameters, cancellationToken),
            RunMode.NewFromReference => starter.PrepareFromReference(request.Target, request.PipelineName, request.ReferencePipelineRunId!),
            _ => await starter.PrepareRerunAsync(request.Target, request.ReferencePipelineRunId!, request.PipelineName, request.Mode, request.StartActivityName, cancellationToken),
        };
        return await starter.StartAsync(prepared, readBack, cancellationToken);
    }
}
