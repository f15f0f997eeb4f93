using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Arm;

/// <summary>The Data Factory operations behind the ARM routes, answered from the run simulator.</summary>
internal sealed class ArmOperations
{
    private readonly RunSimulator simulator;
    private readonly ServiceScope scope;
    private readonly DateTimeOffset factoryCreateTime;
    private readonly string factoryETag = Guid.NewGuid().ToString();

    public ArmOperations(RunSimulator simulator, ServiceScope scope, DateTimeOffset factoryCreateTime)
    {
        this.simulator = simulator;
        this.scope = scope;
        this.factoryCreateTime = factoryCreateTime;
    }

    public Reply Run(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers)
    {
        switch (route.Operation)
        {
            case EmulatorOperation.GetFactory:
                return Reply.Json(200, route.FactoryName is null
                    ? ServiceJson.FactoryList(scope, factoryCreateTime, factoryETag)
                    : ServiceJson.Factory(scope, factoryCreateTime, factoryETag));
            case EmulatorOperation.ListPipelines:
                return Reply.Json(200, ServiceJson.PipelineList(simulator.PipelineList, scope));
            case EmulatorOperation.GetPipeline:
                var pipeline = simulator.FindPipeline(route.PipelineName!)
                    // GUESS: code and wording for GET of a pipeline that does not exist.
                    ?? throw new ServiceException(404, "PipelineNotFound", $"Pipeline '{route.PipelineName}' does not exist in the factory.", $"pipeline/{route.PipelineName}");
                return Reply.Json(200, ServiceJson.Pipeline(pipeline, scope));
            case EmulatorOperation.CreateRun:
                var runId = simulator.CreateRun(new CreateRunRequest
                {
                    PipelineName = route.PipelineName!,
                    Body = body,
                    ReferencePipelineRunId = query.TryGetValue("referencePipelineRunId", out var reference) && reference.Length > 0 ? reference : null,
                    IsRecovery = QueryFlag(query, "isRecovery"),
                    StartActivityName = query.TryGetValue("startActivityName", out var startActivity) && startActivity.Length > 0 ? startActivity : null,
                    StartFromFailure = QueryFlag(query, "startFromFailure"),
                    ClientRequestId = headers["x-ms-client-request-id"],
                });
                var created = Reply.Json(200, ServiceJson.CreateRunResponse(runId));
                created.CreatedRunId = runId;
                return created;
            case EmulatorOperation.GetRun:
                var run = simulator.GetRun(route.RunId!)
                    // GUESS: GET of an unknown run -> 404 PipelineRunNotFound (never captured from the service).
                    ?? throw new ServiceException(404, "PipelineRunNotFound", $"Pipeline run id {route.RunId} does not exist.", "pipelinerun");
                return Reply.Json(200, ServiceJson.PipelineRun(run, scope));
            case EmulatorOperation.Cancel:
                simulator.Cancel(route.RunId!, QueryFlag(query, "isRecursive"));
                return Reply.Json(200, Array.Empty<byte>());
            case EmulatorOperation.QueryRuns:
                return Reply.Json(200, ServiceJson.PipelineRunPage(simulator.QueryPipelineRuns(RunFilter.Parse(body, RunQueryKind.PipelineRuns)), scope));
            case EmulatorOperation.QueryActivityRuns:
                return Reply.Json(200, ServiceJson.ActivityRunPage(simulator.QueryActivityRuns(route.RunId!, RunFilter.Parse(body, RunQueryKind.ActivityRuns))));
            case EmulatorOperation.QueryTriggerRuns:
                return Reply.Json(200, TriggerJson.TriggerRunPage(simulator.QueryTriggerRuns(RunFilter.Parse(body, RunQueryKind.TriggerRuns))));
            case EmulatorOperation.RerunTriggerRun:
                // Recorded in both services: 200 with an empty body; the new trigger run's id is not returned.
                simulator.RerunTriggerRun(route.TriggerName!, route.RunId!);
                return Reply.Json(200, Array.Empty<byte>());
            case EmulatorOperation.CancelTriggerRun:
                simulator.CancelTriggerRun(route.TriggerName!, route.RunId!);
                return Reply.Json(200, Array.Empty<byte>());
            default:
                throw new ServiceException(404, "NotFound", "No HTTP resource was found that matches the request URI.");
        }
    }

    private static bool QueryFlag(Dictionary<string, string> query, string name)
    {
        if (!query.TryGetValue(name, out var text) || text.Length == 0)
        {
            return false;
        }

        return bool.TryParse(text, out var flag)
            ? flag
            : throw ServiceException.BadRequest($"The value '{text}' is not valid for query parameter '{name}'; use true or false.", name);
    }
}
