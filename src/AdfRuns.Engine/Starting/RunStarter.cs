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
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// The one home of starting a run, for one invocation: whether a run may be sent (names, parameters against the
/// pipeline's definition, a rerun that makes sense), building the request once, sending it exactly once (see
/// CreateRunClassifier), and at the end naming any run a request may have created beyond what was reported.
/// </summary>
public sealed partial class RunStarter
{
    // A warning names this many ids at most; -Verbose names them all.
    private const int IdsShown = 5;

    private readonly ConcurrentDictionary<string, string> inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (RunTarget Target, string Pipeline)> lateCommitSuspects = new(StringComparer.OrdinalIgnoreCase);
    // Run id -> the request that created it: what a run waiting for its read-back is known by, kept without a copy per run.
    private readonly ConcurrentDictionary<string, RunRequest> createdNotReadBack = new(StringComparer.OrdinalIgnoreCase);

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
    public IReadOnlyDictionary<string, string> CreatedNotReadBack => createdNotReadBack.ToDictionary(run => run.Key, run => run.Value.PipelineName, StringComparer.OrdinalIgnoreCase);

    /// <summary>The same runs as objects, as far as they are known without reading them (created, so Queued at first).</summary>
    public IReadOnlyCollection<PipelineRunData> CreatedNotReadBackRuns =>
        createdNotReadBack.Select(run => PipelineRunData.Describe(run.Key, run.Value.PipelineName, RunStatus.Queued, null, null, run.Value.Target)).ToList();

    /// <summary>A new run: parameters checked against the pipeline's definition when it can be read.</summary>
    public Task<PreparedRun> PrepareNewAsync(RunTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken) =>
        target.RunsOn(Client).PrepareNewAsync(this, target, pipelineName, parameters, cancellationToken);

    /// <summary>A createRun (Data Factory's API): names validated, parameters coerced and checked against the definition.</summary>
    internal async Task<PreparedRun> PrepareCreateRunAsync(RunTarget target, string pipelineName, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        var request = new RunRequest(target, pipelineName, RunMode.New, parameters ?? new JsonTreeObject());
        RequestBuilder.Validate(request);
        var definition = await DefinitionAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        if (definition is not null)
        {
            var coerced = ParameterChecker.Coerce(definition, request.Parameters!);
            var problems = ParameterChecker.Check(definition, coerced);
            if (problems.Count > 0)
            {
                throw new InvalidInputException(string.Join(" ", problems) + " Nothing was sent.", "InvalidPipelineParameter");
            }

            request = new RunRequest(target, pipelineName, RunMode.New, coerced);
        }

        return new PreparedRun(request, definition);
    }

    /// <summary>A new, ungrouped run that takes its parameters from an earlier run (refused for a service without reruns).</summary>
    public PreparedRun PrepareFromReference(RunTarget target, string pipelineName, string referencePipelineRunId) =>
        new(new RunRequest(target, pipelineName, RunMode.NewFromReference, referencePipelineRunId: referencePipelineRunId), null);

    /// <summary>
    /// A rerun of <paramref name="runId"/>. From failure, the run must have failed and be the latest of its group:
    /// rerunning a failure that was already rerun, or a run that did not fail, is refused, so a scheduled
    /// "rerun last night's failures" never runs the same work twice.
    /// </summary>
    public async Task<PreparedRun> PrepareRerunAsync(RunTarget target, string runId, string? pipelineName, RunMode mode, string? startActivityName, CancellationToken cancellationToken)
    {
        var throughFailedActivity = mode == RunMode.RecoverFromFailure && target.Capabilities.FromFailure == FromFailureRerun.FromFailedActivity;
        RequestBuilder.Validate(new RunRequest(target, pipelineName ?? "unknown", throughFailedActivity ? RunMode.Recover : mode, referencePipelineRunId: runId, startActivityName: startActivityName));
        if (pipelineName is null || mode == RunMode.RecoverFromFailure)
        {
            var reference = await Client.GetRunAsync(target, runId, cancellationToken).ConfigureAwait(false);
            pipelineName = reference.PipelineName;
            if (mode == RunMode.RecoverFromFailure)
            {
                RefuseNeedlessRerun(reference);
            }

            if (throughFailedActivity)
            {
                var definition = await DefinitionAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
                startActivityName = await FailureOrigin.FindAsync(Client, reference, target, definition, cancellationToken).ConfigureAwait(false);
                mode = RunMode.RecoverFromActivity;
                if (Client.Log.VerboseEnabled)
                {
                    Client.Log.Verbose($"Run {runId} failed at activity '{startActivityName}': rerunning from it (startActivityName), as {target.Describe()} has no startFromFailure.");
                }

                return new PreparedRun(new RunRequest(target, pipelineName, mode, referencePipelineRunId: runId, startActivityName: startActivityName), null);
            }
        }

        if (mode == RunMode.RecoverFromActivity)
        {
            await RefuseUnknownActivityAsync(target, pipelineName, startActivityName!, cancellationToken).ConfigureAwait(false);
        }

        return new PreparedRun(new RunRequest(target, pipelineName, mode, referencePipelineRunId: runId, startActivityName: startActivityName), null);
    }

    /// <summary>An activity the pipeline's definition does not have is refused before sending, naming the ones it has.</summary>
    private async Task RefuseUnknownActivityAsync(RunTarget target, string pipelineName, string activityName, CancellationToken cancellationToken)
    {
        var definition = await DefinitionAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Starts a prepared run exactly once, as its target's service does, and reads it back unless told not to.</summary>
    /// <param name="answered">
    /// Called once the start is answered, before the run waits for its read-back (one query for many runs): the
    /// caller's throttle counts requests in flight, and this run has none until then.
    /// </param>
    public Task<PipelineRunData> StartAsync(PreparedRun run, bool readBack, CancellationToken cancellationToken, Action? answered = null) =>
        run.Request.Target.RunsOn(Client).StartAsync(this, run, readBack, answered, cancellationToken);

    /// <summary>Sends the createRun (exactly once, see CreateRunClassifier) and reads the run back unless told not to.</summary>
    internal async Task<PipelineRunData> SendCreateRunAsync(PreparedRun run, bool readBack, Action? answered, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var classifier = new CreateRunClassifier(this, run);
        var sentAt = DateTimeOffset.UtcNow;
        ServiceResponse response;
        string runId;
        var joinsReadBack = false;
        readBackBatcher.CreateRunSent();
        try
        {
            response = await SendWaitingForRoomAsync(run, classifier, cancellationToken).ConfigureAwait(false);
            runId = ResponseMapper.ReadRunId(response.Utf8Body);
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
            Client.Log.Verbose($"Started run {runId} of pipeline '{request.PipelineName}' in {request.Target.Describe()}.");
        }

        if (foundByLooking)
        {
            return ResponseMapper.ReadPipelineRun(response.Body, request.Target);
        }

        if (!readBack)
        {
            return PipelineRunData.Describe(runId, request.PipelineName, RunStatus.Queued, null, null, request.Target);
        }

        answered?.Invoke();
        createdNotReadBack[runId] = request;
        try
        {
            // Left in CreatedNotReadBack when the read-back ends in Ctrl+C: the run exists all the same.
            var record = await readBackBatcher.ReadAsync(request.Target, request.PipelineName, runId, sentAt, cancellationToken).ConfigureAwait(false);
            createdNotReadBack.TryRemove(runId, out _);
            return record;
        }
        catch (AdfServiceException exception)
        {
            // The run exists: report it, even if reading it back failed, so no started run goes unreported.
            createdNotReadBack.TryRemove(runId, out _);
            Client.Log.Warning($"Run {runId} of pipeline '{request.PipelineName}' was started, but reading it back failed: {exception.Message}");
            return PipelineRunData.Describe(runId, request.PipelineName, RunStatus.Queued, null, null, request.Target);
        }
    }

    /// <summary>
    /// Looks once more for every createRun that timed out, was not found within the grace period and was sent
    /// again: each that has since created a run, or still may, is named. Null when there is nothing to say.
    /// </summary>
    /// <param name="verbose">Told every id when a list is too long for the warning, which names a count and the first few.</param>
    public async Task<string?> DescribeLateCommitsAsync(Action<string> verbose, CancellationToken cancellationToken)
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
                await Client.GetRunAsync(suspect.Value.Target, suspect.Key, cancellationToken).ConfigureAwait(false);
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
            text.Append($"createRun requests that got no answer, were looked for by their id without being found and were sent again have since created these runs too, beyond the runs reported: {Some(created, "run", verbose)}. Stop them with Stop-AdfPipelineRun -RunId <id> if they are not wanted.");
        }

        if (unknown.Count > 0)
        {
            text.Append(text.Length > 0 ? " " : string.Empty)
                .Append($"createRun requests that got no answer were sent again; they had created no run when last looked for, but if the service still processes them, each creates a run with its id: {Some(unknown, "request", verbose)}. Check with Get-AdfPipelineRun -RunId <id>.");
        }

        return text.ToString();
    }

    /// <summary>How many the ids are, and all of them when a few; else the first few, with every id told to <paramref name="verbose"/>.</summary>
    internal static string Some(IReadOnlyList<string> ids, string noun, Action<string> verbose)
    {
        var count = $"{ids.Count} {noun}{(ids.Count == 1 ? string.Empty : "s")}";
        if (ids.Count <= IdsShown + 1)
        {
            return $"{count}, {string.Join(", ", ids)}";
        }

        verbose($"All {count}: {string.Join(", ", ids)}.");
        return $"{count}, the first {IdsShown} {string.Join(", ", ids.Take(IdsShown))} and {ids.Count - IdsShown} more (-Verbose lists them all)";
    }

    /// <summary>Sends the createRun; while the pipeline's run queue is full, waits for room and sends it again.</summary>
    private Task<ServiceResponse> SendWaitingForRoomAsync(PreparedRun run, CreateRunClassifier classifier, CancellationToken cancellationToken) =>
        queues.SendWaitingForRoomAsync(
            run.Request.Target,
            run.Request.PipelineName,
            () => Client.SendAsync(run.ServiceRequest, cancellationToken, classifier),
            "no run was created",
            Client.Log,
            cancellationToken);

    internal void BeginRequest(string clientRequestId, string pipelineName) => inFlight[clientRequestId] = pipelineName;

    internal void EndRequest(string clientRequestId) => inFlight.TryRemove(clientRequestId, out _);

    internal void SuspectLateCommit(string clientRequestId, RunTarget target, string pipelineName)
    {
        inFlight.TryRemove(clientRequestId, out _);
        lateCommitSuspects[clientRequestId] = (target, pipelineName);
    }

    /// <summary>The cached definition as it is (no task of our own per run when it is at hand), or the explained NotFound.</summary>
    private Task<PipelineData?> DefinitionAsync(RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        var definition = Client.Connection.Definitions.GetAsync(Client, target, pipelineName, cancellationToken);
        return definition.Status == TaskStatus.RanToCompletion ? definition : ExplainingMissingAsync(definition, target, pipelineName, cancellationToken);
    }

    private async Task<PipelineData?> ExplainingMissingAsync(Task<PipelineData?> definition, RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        try
        {
            return await definition.ConfigureAwait(false);
        }
        catch (AdfServiceException missing) when (missing.Kind == FailureKind.NotFound)
        {
            throw await MissingPipeline.ExplainAsync(Client, missing, target, pipelineName, " Nothing was sent.", cancellationToken).ConfigureAwait(false);
        }
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
