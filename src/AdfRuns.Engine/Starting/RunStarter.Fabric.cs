using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Fabric;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>Starting a Fabric pipeline job: the same checks as a createRun, Fabric's submit, and its exactly-once rule.</summary>
public sealed partial class RunStarter
{
    /// <summary>
    /// Parameters checked and typed against the pipeline's definition (read once per connection, as for a factory),
    /// except that declared parameters may be left out: Fabric starts such a job (recorded).
    /// </summary>
    internal async Task<PreparedRun> PrepareFabricAsync(FabricTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        target.Validate();
        if (string.IsNullOrWhiteSpace(pipelineName))
        {
            throw new InvalidInputException("A pipeline name is required.");
        }

        var given = parameters ?? new JsonTreeObject();
        var definition = await DefinitionAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        var (resolved, pipeline) = await Client.Fabric.PipelineAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        if (definition is not null)
        {
            given = ParameterChecker.Coerce(definition, given);
            var problems = ParameterChecker.Check(definition, given, requireDeclared: false);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(string.Join(" ", problems) + " Nothing was sent.", "InvalidPipelineParameter");
            }
        }

        var request = new RunRequest(resolved, pipeline.DisplayName, RunMode.New, given);
        return new PreparedRun(request, definition, shownBody => RequestBuilder.FabricSubmit(resolved, pipeline.Id, request.Parameters, shownBody));
    }

    /// <summary>
    /// Sends the submit through the one retry loop with FabricSubmitClassifier: never again once its outcome is unknown.
    /// The run is what the 202 says: the job id from Location, Queued, the parameters as sent (Fabric's job instance
    /// does not return them).
    /// </summary>
    internal async Task<PipelineRunData> SubmitFabricAsync(PreparedRun run, CancellationToken cancellationToken)
    {
        var target = (FabricTarget)run.Request.Target;
        var classifier = new FabricSubmitClassifier(this, target, run.Request.PipelineName);
        ServiceResponse response;
        try
        {
            response = await Client.SendAsync(run.ServiceRequest, cancellationToken, classifier).ConfigureAwait(false);
        }
        finally
        {
            classifier.Done();
        }

        string jobId;
        try
        {
            jobId = FabricResponses.JobIdFromLocation(response.Location);
        }
        catch (FormatException unreadable)
        {
            throw classifier.MayHaveStarted(new AdfServiceException("InvalidResponse", unreadable.Message, FailureKind.InvalidResponse, response.StatusCode));
        }

        if (Client.Log.VerboseEnabled)
        {
            Client.Log.Verbose($"Started job {jobId} of pipeline '{run.Request.PipelineName}' in {target.Describe()}.");
        }

        var started = PipelineRunData.Describe(jobId, run.Request.PipelineName, RunStatus.Queued, null, null, target);
        started.PipelineId = run.PipelineId;
        started.Parameters = run.Request.Parameters?.ToList() ?? (IReadOnlyList<KeyValuePair<string, object?>>)Array.Empty<KeyValuePair<string, object?>>();
        return started;
    }
}
