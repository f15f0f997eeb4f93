using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// The one home of starting a run, for one invocation: whether a run may be sent (names, parameters against the
/// pipeline's definition, a rerun that makes sense), building the request once, sending it exactly once (see
/// CreateRunClassifier), and at the end naming any run a request may have created beyond what was reported.
/// </summary>
public sealed class RunStarter
{
    private readonly ConcurrentDictionary<string, string> inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (FactoryCoordinates Factory, string Pipeline)> lateCommitSuspects = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> createdNotReadBack = new(StringComparer.OrdinalIgnoreCase);

    private readonly ReadBackBatcher readBackBatcher;
    private readonly PipelineQueues queues = new();

    /// <param name="throttleLimit">How many createRuns may be in flight at once (sets how many runs are read back with one query).</param>
    /// <param name="inputsMayFollow">Whether the caller may start more runs soon; false while it waits for results.</param>
    public RunStarter(AdfClient client, int throttleLimit = 1, Func<bool>? inputsMayFollow = null)
    {
        Client = client;
        readBackBatcher = new ReadBackBatcher(client, ReadBackBatcher.BatchSizeFor(throttleLimit), inputsMayFollow);
    }

    public AdfClient Client { get; }

    /// <summary>How long a createRun that got no answer is looked for before it is sent again: it may still commit.</summary>
    public TimeSpan GracePeriod
    {
        get
        {
            var timeout = Client.Connection.Settings.RequestTimeout;
            return timeout < TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : timeout > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : timeout;
        }
    }

    /// <summary>createRun requests sent and not yet answered (after Ctrl+C: those that may still create runs), as id → pipeline.</summary>
    public IReadOnlyDictionary<string, string> InFlight => inFlight;

    /// <summary>Runs created and not (yet) read back, as run id → pipeline: after Ctrl+C, runs that exist but were never reported.</summary>
    public IReadOnlyDictionary<string, string> CreatedNotReadBack => createdNotReadBack;

    /// <summary>A new run: parameters checked against the pipeline's definition when it can be read.</summary>
    public async Task<PreparedRun> PrepareNewAsync(FactoryCoordinates factory, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        var request = new RunRequest(factory, pipelineName, RunMode.New, parameters ?? new JsonTreeObject());
        RequestBuilder.Validate(request);
        var definition = await DefinitionAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
        if (definition is not null)
        {
            var coerced = ParameterChecker.Coerce(definition, request.Parameters!);
            var problems = ParameterChecker.Check(definition, coerced);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(string.Join(" ", problems) + " Nothing was sent.", "InvalidPipelineParameter");
            }

            request = new RunRequest(factory, pipelineName, RunMode.New, coerced);
        }

        return new PreparedRun(request, definition);
    }

    /// <summary>A new, ungrouped run that takes its parameters from an earlier run.</summary>
    public PreparedRun PrepareFromReference(FactoryCoordinates factory, string pipelineName, string referencePipelineRunId) =>
        new(new RunRequest(factory, pipelineName, RunMode.NewFromReference, referencePipelineRunId: referencePipelineRunId), null);

    /// <summary>
    /// A rerun of <paramref name="runId"/>. From failure, the run must have failed and be the latest of its group:
    /// rerunning a failure that was already rerun, or a run that did not fail, is refused, so a scheduled
    /// "rerun last night's failures" never runs the same work twice.
    /// </summary>
    public async Task<PreparedRun> PrepareRerunAsync(FactoryCoordinates factory, string runId, string? pipelineName, RunMode mode, string? startActivityName, CancellationToken cancellationToken)
    {
        var fromFailureInWorkspace = mode == RunMode.RecoverFromFailure && factory.IsWorkspace;
        RequestBuilder.Validate(new RunRequest(factory, pipelineName ?? "unknown", fromFailureInWorkspace ? RunMode.Recover : mode, referencePipelineRunId: runId, startActivityName: startActivityName));
        if (pipelineName is null || mode == RunMode.RecoverFromFailure)
        {
            var reference = await Client.GetRunAsync(factory, runId, cancellationToken).ConfigureAwait(false);
            pipelineName = reference.PipelineName;
            if (mode == RunMode.RecoverFromFailure)
            {
                RefuseNeedlessRerun(reference);
            }

            if (fromFailureInWorkspace)
            {
                var definition = await DefinitionAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
                startActivityName = await FailureOrigin.FindAsync(Client, reference, factory, definition, cancellationToken).ConfigureAwait(false);
                mode = RunMode.RecoverFromActivity;
                if (Client.Log.VerboseEnabled)
                {
                    Client.Log.Verbose($"Run {runId} failed at activity '{startActivityName}': rerunning from it (startActivityName), as {factory.Describe()} has no startFromFailure.");
                }

                return new PreparedRun(new RunRequest(factory, pipelineName, mode, referencePipelineRunId: runId, startActivityName: startActivityName), null);
            }
        }

        if (mode == RunMode.RecoverFromActivity)
        {
            await RefuseUnknownActivityAsync(factory, pipelineName, startActivityName!, cancellationToken).ConfigureAwait(false);
        }

        return new PreparedRun(new RunRequest(factory, pipelineName, mode, referencePipelineRunId: runId, startActivityName: startActivityName), null);
    }

    /// <summary>An activity the pipeline's definition does not have is refused before sending, naming the ones it has.</summary>
    private async Task RefuseUnknownActivityAsync(FactoryCoordinates factory, string pipelineName, string activityName, CancellationToken cancellationToken)
    {
        var definition = await DefinitionAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
        if (definition is null || definition.Activities.Count == 0 || definition.Activities.Contains(activityName, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        throw new InvalidInputException(
            $"Pipeline '{pipelineName}' has no activity '{activityName}' (it has {string.Join(", ", definition.Activities)}). Nothing was sent.",
            "ActivityNotFound");
    }

    /// <summary>
    /// The caller has no more input for now (it waits for results, or its input ended): runs already started need
    /// not wait for others to join their read-back.
    /// </summary>
    public void InputPaused() => readBackBatcher.FlushIfNothingComing();

    /// <summary>Sends the createRun (exactly once, see CreateRunClassifier) and reads the run back unless told not to.</summary>
    /// <param name="answered">
    /// Called once the createRun is answered, before the run waits for its read-back (one query for many runs): the
    /// caller's throttle counts requests in flight, and this run has none until then.
    /// </param>
    public async Task<PipelineRunData> StartAsync(PreparedRun run, bool readBack, CancellationToken cancellationToken, Action? answered = null)
    {
        var request = run.Request;
        var classifier = new CreateRunClassifier(this, run);
        var sentAt = DateTimeOffset.UtcNow;
        ArmResponse response;
        string runId;
        var joinsReadBack = false;
        readBackBatcher.CreateRunSent();
        try
        {
            response = await SendWaitingForRoomAsync(run, classifier, cancellationToken).ConfigureAwait(false);
            runId = ResponseMapper.ReadRunId(response.Body);
            EndRequest(classifier.LastRequestId);
            joinsReadBack = readBack && !classifier.FoundByLooking;
        }
        finally
        {
            if (!joinsReadBack)
            {
                readBackBatcher.CreateRunEnded();
            }
        }

        var foundByLooking = classifier.FoundByLooking;
        if (!foundByLooking)
        {
            Client.Connection.RunIdEcho.Observe(classifier.LastRequestId, runId);
        }

        if (Client.Log.VerboseEnabled)
        {
            Client.Log.Verbose($"Started run {runId} of pipeline '{request.PipelineName}' in {request.Factory.Describe()}.");
        }

        if (foundByLooking)
        {
            return ResponseMapper.ReadPipelineRun(response.Body, request.Factory);
        }

        if (!readBack)
        {
            return PipelineRunData.Describe(runId, request.PipelineName, RunStatus.Queued, null, null, request.Factory);
        }

        answered?.Invoke();
        createdNotReadBack[runId] = request.PipelineName;
        try
        {
            // Left in CreatedNotReadBack when the read-back ends in Ctrl+C: the run exists all the same.
            var record = await readBackBatcher.ReadAsync(request.Factory, request.PipelineName, runId, sentAt, cancellationToken).ConfigureAwait(false);
            createdNotReadBack.TryRemove(runId, out _);
            return record;
        }
        catch (AdfServiceException exception)
        {
            // The run exists: report it, even if reading it back failed, so no started run goes unreported.
            createdNotReadBack.TryRemove(runId, out _);
            Client.Log.Warning($"Run {runId} of pipeline '{request.PipelineName}' was started, but reading it back failed: {exception.Message}");
            return PipelineRunData.Describe(runId, request.PipelineName, RunStatus.Queued, null, null, request.Factory);
        }
    }

    /// <summary>
    /// Looks once more for every createRun that timed out, was not found within the grace period and was sent
    /// again: each that has since created a run, or still may, is named. Null when there is nothing to say.
    /// </summary>
    public async Task<string?> DescribeLateCommitsAsync(CancellationToken cancellationToken)
    {
        if (lateCommitSuspects.IsEmpty)
        {
            return null;
        }

        var created = new List<string>();
        var unknown = new List<string>();
        foreach (var suspect in lateCommitSuspects)
        {
            var named = $"{suspect.Key} (pipeline '{suspect.Value.Pipeline}')";
            try
            {
                await Client.GetRunAsync(suspect.Value.Factory, suspect.Key, cancellationToken).ConfigureAwait(false);
                created.Add(named);
            }
            catch (AdfServiceException)
            {
                unknown.Add(named);
            }
        }

        var text = new System.Text.StringBuilder();
        if (created.Count > 0)
        {
            text.Append($"createRun requests that got no answer, were looked for by their id without being found and were sent again have since created these runs too, beyond the runs reported: {string.Join(", ", created)}. Stop them with Stop-AdfPipelineRun -RunId <id> if they are not wanted.");
        }

        if (unknown.Count > 0)
        {
            text.Append(text.Length > 0 ? " " : string.Empty)
                .Append($"These createRun requests got no answer and were sent again; they had created no run when last looked for, but if the service still processes them, each creates a run with its id: {string.Join(", ", unknown)}. Check with Get-AdfPipelineRun -RunId <id>.");
        }

        return text.ToString();
    }

    /// <summary>Sends the createRun; while the pipeline's run queue is full, waits for room and sends it again.</summary>
    private async Task<ArmResponse> SendWaitingForRoomAsync(PreparedRun run, CreateRunClassifier classifier, CancellationToken cancellationToken)
    {
        var queue = queues.For(run.Request.Factory, run.Request.PipelineName);
        while (true)
        {
            using var turn = await queue.TakeTurnAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var response = await Client.SendAsync(run.ArmRequest, cancellationToken, classifier).ConfigureAwait(false);
                queue.Accepted();
                return response;
            }
            catch (AdfServiceException refused) when (PipelineQueues.IsFull(refused))
            {
                var wait = queue.Refused();
                if (Client.Log.VerboseEnabled)
                {
                    Client.Log.Verbose($"Pipeline '{run.Request.PipelineName}' has a full run queue (the service queues at most 100 runs of a pipeline with a concurrency limit): no run was created; trying again in {wait.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s.");
                }

                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    internal void BeginRequest(string clientRequestId, string pipelineName) => inFlight[clientRequestId] = pipelineName;

    internal void EndRequest(string clientRequestId) => inFlight.TryRemove(clientRequestId, out _);

    internal void SuspectLateCommit(string clientRequestId, FactoryCoordinates factory, string pipelineName)
    {
        inFlight.TryRemove(clientRequestId, out _);
        lateCommitSuspects[clientRequestId] = (factory, pipelineName);
    }

    private async Task<PipelineData?> DefinitionAsync(FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.Connection.Definitions.GetAsync(Client, factory, pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException missing) when (missing.Kind == FailureKind.NotFound)
        {
            throw await PipelineNotFoundAsync(missing, factory, pipelineName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The service's "not found", with the factory named and the closest pipeline names suggested.</summary>
    private async Task<AdfServiceException> PipelineNotFoundAsync(AdfServiceException missing, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        IReadOnlyList<PipelineData> pipelines;
        try
        {
            pipelines = await Client.ListPipelinesAsync(factory, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException)
        {
            return missing;
        }

        var near = pipelines.Select(pipeline => pipeline.Name)
            .Where(name => NameDistance.IsClose(name, pipelineName))
            .Take(3)
            .ToList();
        var hint = near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(name => $"'{name}'"))}?" : string.Empty;
        return new AdfServiceException(
            missing.Code,
            $"Pipeline '{pipelineName}' does not exist in {(factory.IsWorkspace ? factory.Describe() : $"factory '{factory.FactoryName}' (resource group '{factory.ResourceGroupName}')")}.{hint} Nothing was sent.",
            missing.Kind,
            missing.StatusCode,
            missing.Target,
            missing.RequestId);
    }

    private static void RefuseNeedlessRerun(PipelineRunData reference)
    {
        var what = $"Run {reference.RunId} of pipeline '{reference.PipelineName}'";
        if (!reference.IsTerminal)
        {
            throw new InvalidInputException($"{what} is still {reference.Status}: it can be rerun from failure once it has failed. Nothing was sent.", "RunNotFinished");
        }

        if (reference.Status == RunStatus.Succeeded)
        {
            throw new InvalidInputException($"{what} succeeded, so nothing failed and there is nothing to rerun from failure. Nothing was sent. To run it again, leave out -FromFailure.", "NothingToRerun");
        }

        if (reference.IsLatest == false)
        {
            throw new InvalidInputException(
                $"{what} {reference.Status.ToLowerInvariant()}, but it was already rerun: it is not the latest run of its group {reference.RunGroupId}. Nothing was sent. Rerun the group's latest run instead (Get-AdfPipelineRun -RunGroupId {reference.RunGroupId} -LatestOnly), or pick failed runs with -LatestOnly.",
                "AlreadyRerun");
        }
    }
}
