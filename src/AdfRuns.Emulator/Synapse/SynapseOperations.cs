using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using AdfRuns.Emulator.Arm;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Synapse;

/// <summary>
/// The pipeline operations of a Synapse workspace: ADF's, answered from the same simulator, where the data plane
/// differs (createRun answers 202, the activity-run query names the pipeline, no startFromFailure).
/// </summary>
internal sealed class SynapseOperations
{
    private readonly RunSimulator simulator;
    private readonly ServiceScope workspace;
    private readonly ArmOperations shared;

    public SynapseOperations(RunSimulator simulator, ServiceScope workspace, DateTimeOffset createTime)
    {
        this.simulator = simulator;
        this.workspace = workspace;
        shared = new ArmOperations(simulator, workspace, createTime);
    }

    public Reply Run(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        switch (route.Operation)
        {
            case EmulatorOperation.CreateRun:
                return CreateRun(route, query, body, headers);
            case EmulatorOperation.GetPipeline when simulator.FindPipeline(route.PipelineName!) is null:
                throw PipelineNotFound(route.PipelineName!);
            case EmulatorOperation.GetRun when simulator.GetRun(route.RunId!) is null:
                // GUESS: code and wording, as for a factory.
                throw new ServiceException(404, "PipelineRunNotFound", $"Pipeline run id {route.RunId} does not exist in workspace '{workspace.Name}'.", "pipelinerun");
            case EmulatorOperation.QueryActivityRuns when !RunBelongsTo(route.RunId!, route.RunPipelineName!):
                // GUESS: the service looks activity runs up by pipeline and run together, so a run of another pipeline has
                // none, as an unknown run has none (ADF answers an unknown run with an empty list too).
                return Reply.Json(200, ServiceJson.ActivityRunPage(new RunPage<ActivityRunView>(Array.Empty<ActivityRunView>(), null)));
            default:
                return shared.Run(route, query, body, headers);
        }
    }

    private Reply CreateRun(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        if (simulator.FindPipeline(route.PipelineName!) is null)
        {
            throw PipelineNotFound(route.PipelineName!);
        }

        // GUESS: the data plane ignores query parameters its createRun does not define; startFromFailure is ADF's only.
        var defined = new Dictionary<string, string>(query, StringComparer.OrdinalIgnoreCase);
        defined.Remove("startFromFailure");
        var created = shared.Run(route, defined, body, headers);

        // createRun answers 202 Accepted (artifacts.json; the session records show 202 with {"runId"}).
        var accepted = Reply.Json(202, created.Body);
        accepted.CreatedRunId = created.CreatedRunId;
        return accepted;
    }

    private bool RunBelongsTo(string runId, string pipelineName) =>
        simulator.GetRun(runId) is not { } run || string.Equals(run.PipelineName, pipelineName, StringComparison.OrdinalIgnoreCase);

    // GUESS: code and wording for a pipeline the workspace does not have.
    private ServiceException PipelineNotFound(string name) =>
        new(404, "PipelineNotFound", $"Pipeline '{name}' does not exist in workspace '{workspace.Name}'.", $"pipeline/{name}");
}
