using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Fabric;

/// <summary>
/// The Fabric operations on the workspace's pipelines (items, definitions, job instances, activity runs), answered
/// from the shared run simulator. A job instance is a simulator run; its id is the run id.
/// </summary>
internal sealed class FabricOperations
{
    /// <summary>"most items have a limit of 100 recently completed entities, and there is no limit for active entities" (spec).</summary>
    public const int FinishedJobsListed = 100;

    private readonly RunSimulator simulator;
    private readonly FabricCatalog catalog;
    private readonly IEmulatorClock clock;
    private readonly EmulatorOptions options;
    private readonly Func<Uri> endpoint;
    private readonly ConcurrentDictionary<string, string> rootActivityIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PipelineRunView> deduped = new(StringComparer.OrdinalIgnoreCase);

    public FabricOperations(RunSimulator simulator, FabricCatalog catalog, IEmulatorClock clock, EmulatorOptions options, Func<Uri> endpoint)
    {
        this.simulator = simulator;
        this.catalog = catalog;
        this.clock = clock;
        this.options = options;
        this.endpoint = endpoint;
    }

    public Reply Run(ServiceRoute route, Dictionary<string, string> query, string? body)
    {
        switch (route.Operation)
        {
            case EmulatorOperation.GetFactory:
                return Reply.Json(200, route.Workspace is null ? FabricJson.Workspaces(catalog) : FabricJson.Workspace(catalog));
            case EmulatorOperation.ListPipelines:
                // The type filter is spec; an unknown type lists nothing.
                var pipelines = !query.TryGetValue("type", out var type) || string.Equals(type, "DataPipeline", StringComparison.OrdinalIgnoreCase);
                return Reply.Json(200, FabricJson.Items(catalog, pipelines));
            case EmulatorOperation.GetPipeline:
                return Reply.Json(200, FabricJson.Definition(simulator.FindPipeline(route.PipelineName!)!));
            case EmulatorOperation.CreateRun:
                return Submit(route, query, body);
            case EmulatorOperation.GetRun:
                return JobInstance(route);
            case EmulatorOperation.QueryRuns:
                return Reply.Json(200, FabricJson.JobInstances(ListJobs(route.PipelineName!), route.ItemId!, RootActivityOf));
            case EmulatorOperation.Cancel:
                return Cancel(route);
            case EmulatorOperation.QueryActivityRuns:
                var page = simulator.QueryActivityRuns(route.RunId!, RunFilter.Parse(body, RunQueryKind.ActivityRuns));
                return Reply.Json(200, FabricJson.ActivityRuns(page, catalog.ItemIdOf));
            default:
                throw new ServiceException(404, "EntityNotFound", "The requested resource could not be found.");
        }
    }

    private Reply Submit(ServiceRoute route, Dictionary<string, string> query, string? body)
    {
        // GUESS: a submit without jobType is taken as a pipeline job (the path forms without the query imply it).
        if (query.TryGetValue("jobType", out var jobType) && !string.Equals(jobType, "Pipeline", StringComparison.OrdinalIgnoreCase))
        {
            // Spec code; GUESS: status and wording.
            throw new ServiceException(400, "InvalidJobType", $"The job type '{jobType}' is not valid for item type DataPipeline.");
        }

        var parameters = ParametersOf(body);
        if (Dedupe(route.PipelineName!) is { } skipped)
        {
            var skippedReply = Accepted(route, skipped.RunId);
            skippedReply.CreatedRunId = skipped.RunId;
            return skippedReply;
        }

        var runId = simulator.CreateRun(new CreateRunRequest
        {
            PipelineName = route.PipelineName!,
            Body = parameters,
            // A submit without the declared parameters is accepted (recorded, three sessions).
            RequiredParametersOptional = true,
        });
        rootActivityIds.TryAdd(runId, Guid.NewGuid().ToString());
        var accepted = Accepted(route, runId);
        accepted.CreatedRunId = runId;
        return accepted;
    }

    /// <summary>A job instance; Retry-After while it is not finished, none after (recorded: 54, 45, 29, 3 s, then absent).</summary>
    private Reply JobInstance(ServiceRoute route)
    {
        var job = View(FindJob(route));
        var reply = Reply.Json(200, FabricJson.JobInstance(job, route.ItemId!, RootActivityOf(route.RunId!)));
        if (!job.IsFinished && options.FabricRetryAfter > TimeSpan.Zero)
        {
            reply.Headers["Retry-After"] = Seconds(options.FabricRetryAfter);
        }

        return reply;
    }

    private Reply Cancel(ServiceRoute route)
    {
        var job = View(FindJob(route));
        if (job.Run.RunEnd is not null)
        {
            // Spec code; GUESS: status 400 and wording.
            throw new ServiceException(400, "JobAlreadyCompleted", $"The job instance {route.RunId} has already completed.");
        }

        // GUESS: cancelling a pipeline job also cancels the pipelines it invoked, as the portal's cancel does.
        simulator.Cancel(route.RunId!, recursive: true);
        return Accepted(route, route.RunId!);
    }

    /// <summary>202, empty body, Location = the job instance, Retry-After (recorded for submit and cancel).</summary>
    private Reply Accepted(ServiceRoute route, string jobId)
    {
        var reply = Reply.Json(202, Array.Empty<byte>());
        reply.Headers["Location"] = new Uri(endpoint(), $"v1/workspaces/{catalog.WorkspaceId}/items/{route.ItemId}/jobs/instances/{jobId}").ToString();
        reply.Headers["Retry-After"] = Seconds(options.FabricRetryAfter);
        reply.Headers["Access-Control-Expose-Headers"] = "RequestId,Location,Retry-After";
        return reply;
    }

    /// <summary>All active jobs and the 100 most recently finished, newest first (GUESS: the order; the spec names none).</summary>
    private IEnumerable<FabricJobView> ListJobs(string pipelineName)
    {
        var jobs = simulator.RunsOfPipeline(pipelineName).Concat(deduped.Values.Where(run => string.Equals(run.PipelineName, pipelineName, StringComparison.OrdinalIgnoreCase))).Select(View).ToList();
        var active = jobs.Where(job => !job.IsFinished);
        var finished = jobs.Where(job => job.IsFinished).OrderByDescending(job => job.Run.RunEnd).Take(FinishedJobsListed);
        return active.Concat(finished).OrderByDescending(job => job.Run.RunStart);
    }

    /// <summary>
    /// Deduped: "a job instance of the same job type is already running and this job instance is skipped" (spec).
    /// GUESS: a pipeline that declares a concurrency and already runs that many jobs skips the new one; it is recorded
    /// finished at once, with no run behind it.
    /// </summary>
    private PipelineRunView? Dedupe(string pipelineName)
    {
        if (simulator.FindPipeline(pipelineName)?.Concurrency is not { } limit
            || simulator.RunsOfPipeline(pipelineName).Count(run => run.RunEnd is null) < limit)
        {
            return null;
        }

        var now = clock.UtcNow;
        var id = Guid.NewGuid().ToString();
        var skipped = new PipelineRunView(id, id, pipelineName, Array.Empty<KeyValuePair<string, string>>(), InvokedBy.Manual(), now, now, 0, FabricJobView.DedupedStatus, null, now, true, 0);
        deduped[id] = skipped;
        return skipped;
    }

    private PipelineRunView FindJob(ServiceRoute route)
    {
        var run = deduped.TryGetValue(route.RunId!, out var skipped) ? skipped : simulator.GetRun(route.RunId!);
        if (run is null || !string.Equals(run.PipelineName, route.PipelineName, StringComparison.OrdinalIgnoreCase))
        {
            // GUESS: code and wording for a job instance the item does not have.
            throw new ServiceException(404, "JobInstanceNotFound", $"The job instance {route.RunId} was not found for item {route.ItemId}.");
        }

        return run;
    }

    private FabricJobView View(PipelineRunView run) => FabricJobView.At(run, clock.UtcNow, options.FabricStatusLag);

    private string RootActivityOf(string runId) => rootActivityIds.GetOrAdd(runId, _ => Guid.NewGuid().ToString());

    /// <summary>The flat parameter map of {"executionData":{"parameters":{...}}} as the simulator's createRun body; null without one.</summary>
    private static string? ParametersOf(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        using var document = JsonText.ParseRequestBody(body!);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            // GUESS: code and wording.
            throw new ServiceException(400, "InvalidInput", "The request body must be a JSON object.");
        }

        if (root.TryGetProperty("parameters", out _))
        {
            // The spec's typed top-level parameters are "not broadly supported"; GUESS: refused for pipelines.
            throw new ServiceException(400, "FeatureNotAvailable", "Typed job parameters are not supported for pipelines; pass executionData.parameters.");
        }

        return root.TryGetProperty("executionData", out var executionData) && executionData.ValueKind == JsonValueKind.Object
            && executionData.TryGetProperty("parameters", out var parameters) && parameters.ValueKind != JsonValueKind.Null
                ? parameters.GetRawText()
                : null;
    }

    private static string Seconds(TimeSpan wait) =>
        Math.Max(0, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
