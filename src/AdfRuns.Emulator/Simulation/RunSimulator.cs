using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// All pipeline runs of one emulated factory, as a state machine on simulated time: every change is an event
/// with an exact timestamp, applied lazily before each operation (and by the server's timer), so results depend
/// only on the clock, never on when a request happens to arrive.
/// </summary>
internal sealed partial class RunSimulator
{
    /// <summary>
    /// GUESS: how deep ExecutePipeline may nest. The service documents no limit we could find; without one a pipeline
    /// that calls itself would start runs for ever, so the activity that would go deeper fails instead.
    /// </summary>
    public const int MaxExecutePipelineDepth = 20;

    private readonly object gate = new();
    private readonly IEmulatorClock clock;
    private readonly Dictionary<string, PipelineDefinition> pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly RunRegistry runs = new();
    private readonly OutcomeRules outcomeRules = new();
    private readonly EventQueue events = new();
    private readonly PipelineQueues queues = new();
    private long sequence;

    public RunSimulator(IEnumerable<PipelineDefinition> definitions, IEmulatorClock clock, TimeSpan activityDuration)
    {
        this.clock = clock;
        ActivityDuration = activityDuration < TimeSpan.Zero ? TimeSpan.Zero : activityDuration;
        var queue = TimeSpan.FromMilliseconds(100);
        QueueDelay = ActivityDuration < queue ? ActivityDuration : queue;
        foreach (var definition in definitions)
        {
            pipelines[definition.Name] = definition;
            PipelineList.Add(definition);
        }
    }

    public TimeSpan ActivityDuration { get; }

    /// <summary>The most runs kept; past it the oldest finished runs are forgotten (see RunRegistry.Capacity).</summary>
    public int MaxRetainedRuns
    {
        get => runs.Capacity;
        set => runs.Capacity = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Keep at least one run.");
    }

    /// <summary>How long a run stays Queued, and how long Canceling lasts.</summary>
    public TimeSpan QueueDelay { get; }

    public List<PipelineDefinition> PipelineList { get; } = new();

    public int RunCount
    {
        get
        {
            lock (gate)
            {
                return runs.Count;
            }
        }
    }

    public PipelineDefinition? FindPipeline(string name) => pipelines.TryGetValue(name, out var pipeline) ? pipeline : null;

    public void Advance() => Current(() => { });

    public void SetActivityOutcome(string pipelineName, string activityName, string outcome, int times, string? errorCode = null, string? message = null) =>
        SetActivityOutcome(pipelineName, activityName, outcome, times, errorCode, message, OutcomeCondition.Always);

    public void SetActivityOutcome(
        string pipelineName,
        string activityName,
        string outcome,
        int times,
        string? errorCode,
        string? message,
        OutcomeCondition condition)
    {
        var pipeline = FindPipeline(pipelineName)
            ?? throw new ArgumentException($"The emulator has no pipeline '{pipelineName}'.{NearOrAll(pipelines.Keys, pipelineName)}", nameof(pipelineName));
        var activity = pipeline.FindActivityAnywhere(activityName);
        if (activity is null)
        {
            var names = pipeline.AllActivities().Select(candidate => candidate.Name).ToList();
            throw new ArgumentException(
                $"Pipeline '{pipeline.Name}' has no activity '{activityName}' (it has {string.Join(", ", names)}).{NameDistance.Hint(names, activityName)}",
                nameof(activityName));
        }

        var fails = OutcomeRules.ParseFails(outcome);
        Current(() => outcomeRules.Set(pipeline, activity, fails, times, errorCode, message, condition));
    }

    /// <summary>" Did you mean 'X'?" when a name is close, else the names there are.</summary>
    private static string NearOrAll(IEnumerable<string> names, string given)
    {
        var hint = NameDistance.Hint(names, given);
        return hint.Length > 0 ? hint : $" It has {string.Join(", ", names.OrderBy(name => name, StringComparer.OrdinalIgnoreCase))}.";
    }

    public void ClearActivityOutcomes() => Current(outcomeRules.Clear);

    public string CreateRun(CreateRunRequest request)
    {
        lock (gate)
        {
            var now = clock.UtcNow;
            events.RunUntil(now);
            var pipeline = FindPipeline(request.PipelineName)
                ?? throw new ServiceException(
                    404,
                    // GUESS: code and wording for createRun on a pipeline that does not exist.
                    "PipelineNotFound",
                    $"Pipeline '{request.PipelineName}' does not exist in the factory.",
                    $"pipeline/{request.PipelineName}");
            if (queues.IsFull(pipeline))
            {
                throw PipelineQueues.QueueFull();
            }

            if (string.IsNullOrEmpty(request.ReferencePipelineRunId))
            {
                // Recovery knobs only mean something "in recovery mode", i.e. with a reference run (INFERRED from the spec).
                var parameters = ParameterBinder.Bind(pipeline, request.Body, request.RequiredParametersOptional);
                return CreateRunCore(pipeline, parameters, InvokedBy.Manual(), request.ClientRequestId, now, null, null).RunId;
            }

            var plan = RerunPlan.For(request, pipeline, runs.FindReferenced(request.ReferencePipelineRunId!));
            var run = CreateRunCore(pipeline, plan.Parameters, InvokedBy.Manual(), request.ClientRequestId, now, plan.RecoveryGroupId, plan.ReusedActivities);
            run.RootScope.Recover(plan.RecoversFromFailure?.RootScope);
            return run.RunId;
        }
    }

    public PipelineRunView? GetRun(string runId) =>
        Current(() => runs.Find(runId) is { } run ? PipelineRunView.From(run) : null);

    /// <summary>Every run of the pipeline, in creation order.</summary>
    public IReadOnlyList<PipelineRunView> RunsOfPipeline(string pipelineName) =>
        Current(() => runs.InOrder
            .Where(run => string.Equals(run.Pipeline.Name, pipelineName, StringComparison.OrdinalIgnoreCase))
            .Select(PipelineRunView.From)
            .ToList());

    public IReadOnlyList<ActivityRunView> GetActivityRuns(string runId) =>
        Current(() => runs.Find(runId)?.ActivityRuns.Select(ActivityRunView.From).ToList() ?? (IReadOnlyList<ActivityRunView>)Array.Empty<ActivityRunView>());

    public IReadOnlyList<string> GetChildRunIds(string runId) =>
        Current(() => runs.Find(runId)?.Children.Select(c => c.RunId).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>());

    public IReadOnlyDictionary<string, int> PeakQueuedRuns() => Current(() => queues.PeakQueuedRuns());

    public void Cancel(string runId, bool recursive) =>
        Current(() => CancelCore(runs.FindReferenced(runId), recursive, clock.UtcNow));

    // Filtering and paging work on a snapshot, outside the lock.
    public RunPage<PipelineRunView> QueryPipelineRuns(RunFilter filter) =>
        filter.ApplyToPipelineRuns(Current(() => runs.InOrder.Select(PipelineRunView.From).ToList()));

    // GUESS: an unknown run id gives an empty list (the CLI scenario suggests a 200).
    public RunPage<ActivityRunView> QueryActivityRuns(string runId, RunFilter filter) =>
        filter.ApplyToActivityRuns(Current(() => runs.Find(runId)?.ActivityRuns.Select(ActivityRunView.From).ToList() ?? new List<ActivityRunView>()));

    /// <summary>Applies the events due by now, then does the work, under the lock.</summary>
    private T Current<T>(Func<T> work)
    {
        lock (gate)
        {
            events.RunUntil(clock.UtcNow);
            return work();
        }
    }

    private void Current(Action work) => Current(() =>
    {
        work();
        return true;
    });

    private PipelineRunState CreateRunCore(
        PipelineDefinition pipeline,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        InvokedBy invokedBy,
        string? clientRequestId,
        DateTimeOffset now,
        string? recoveryGroupId,
        HashSet<string>? reusedActivities)
    {
        var runId = runs.NewRunId(clientRequestId);
        var run = new PipelineRunState(runId, recoveryGroupId ?? runId, pipeline, parameters, invokedBy, now, ++sequence);
        if (reusedActivities is not null)
        {
            foreach (var activity in run.Activities.Where(a => reusedActivities.Contains(a.Definition.Name)))
            {
                activity.State = ActivityState.Succeeded;
                activity.Reused = true;
            }
        }

        runs.Add(run);
        if (queues.Enter(run))
        {
            events.Schedule(now + QueueDelay, time => StartRun(run, time));
        }

        return run;
    }

    private void StartRun(PipelineRunState run, DateTimeOffset time)
    {
        if (run.Status != RunStatus.Queued)
        {
            return;
        }

        run.Status = RunStatus.InProgress;
        run.Message = string.Empty;
        run.LastUpdated = time;
        Pump(run.RootScope, time);
    }

    private void FinishRun(PipelineRunState run, DateTimeOffset time)
    {
        var failed = DependencyRules.FirstFailure(run.RootScope);
        run.Status = failed is null ? RunStatus.Succeeded : RunStatus.Failed;
        run.Message = failed is null
            ? string.Empty
            : $"Operation on target {failed.Definition.Name} failed: {failed.FailureMessage}";
        run.RunEnd = time;
        run.LastUpdated = time;
        Ended(run, time);
    }

    /// <summary>Hands the run's concurrency slot to the next queued run of its pipeline, and tells a waiting parent.</summary>
    private void Ended(PipelineRunState run, DateTimeOffset time)
    {
        if (queues.Leave(run) is { } next)
        {
            events.Schedule(time, start => StartRun(next, start));
        }

        NotifyParent(run, time);
        TriggerRunEnded(run, time);
    }

    private void CancelCore(PipelineRunState run, bool recursive, DateTimeOffset now)
    {
        // GUESS: cancelling a run that has already finished (or is already Canceling) is a 200 no-op.
        if (run.Status is RunStatus.Queued or RunStatus.InProgress)
        {
            queues.Withdraw(run);
            run.Status = RunStatus.Canceling;
            run.Message = string.Empty;
            run.LastUpdated = now;
            events.Schedule(now + QueueDelay, time => CompleteCancel(run, time));
        }

        if (recursive)
        {
            foreach (var child in run.Children)
            {
                CancelCore(child, recursive: true, now);
            }
        }
    }

    private void CompleteCancel(PipelineRunState run, DateTimeOffset time)
    {
        if (run.Status != RunStatus.Canceling)
        {
            return;
        }

        foreach (var activity in run.RootScope.AllExecutions().Where(a => a.State == ActivityState.Running))
        {
            activity.State = ActivityState.Cancelled;
            if (activity.Record is { } record)
            {
                // GUESS: a cancelled activity run keeps the empty error shape of a successful one.
                record.Status = RunStatus.Cancelled;
                record.End = time;
            }
        }

        run.Status = RunStatus.Cancelled;

        // GUESS: runEnd/durationInMs are set on Cancelled too (the spec example shows null there, the recordings never reached it).
        run.RunEnd = time;
        run.LastUpdated = time;
        Ended(run, time);
    }
}
