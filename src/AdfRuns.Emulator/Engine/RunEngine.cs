using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Engine;

/// <summary>
/// All pipeline runs of one emulated factory. Time is simulated: every change is an event with an exact
/// timestamp, and events up to "now" are applied lazily before each operation (and by the server's timer),
/// so results depend only on the clock, never on when a request happens to arrive.
/// </summary>
internal sealed class RunEngine
{
    /// <summary>
    /// GUESS: how deep ExecutePipeline may nest. The service documents no limit we could find; without one a pipeline
    /// that calls itself would start runs for ever, so the activity that would go deeper fails instead.
    /// </summary>
    public const int MaxExecutePipelineDepth = 20;

    private readonly object gate = new();
    private readonly IEmulatorClock clock;
    private readonly Dictionary<string, PipelineDefinition> pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PipelineRunState> runs = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PipelineRunState> runsInOrder = new();
    private readonly Dictionary<string, PipelineRunState> latestByGroup = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Pipeline, string Activity), OutcomeRule> outcomeRules = new();
    private readonly SortedSet<ScheduledEvent> events = new(ScheduledEventComparer.Instance);
    private long sequence;

    public RunEngine(IEnumerable<PipelineDefinition> definitions, IEmulatorClock clock, TimeSpan activityDuration)
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

    public void Advance()
    {
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
        }
    }

    public void SetActivityOutcome(string pipelineName, string activityName, string outcome, int times, string? errorCode = null, string? message = null)
    {
        var pipeline = FindPipeline(pipelineName)
            ?? throw new ArgumentException($"The emulator has no pipeline '{pipelineName}'.", nameof(pipelineName));
        var activity = pipeline.FindActivity(activityName)
            ?? throw new ArgumentException($"Pipeline '{pipeline.Name}' has no activity '{activityName}'.", nameof(activityName));
        var fails = outcome?.Trim() switch
        {
            var text when string.Equals(text, RunStatus.Failed, StringComparison.OrdinalIgnoreCase) => true,
            var text when string.Equals(text, RunStatus.Succeeded, StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new ArgumentException($"Outcome must be 'Failed' or 'Succeeded', not '{outcome}'.", nameof(outcome)),
        };

        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            var key = (pipeline.Name.ToUpperInvariant(), activity.Name.ToUpperInvariant());
            if (fails)
            {
                outcomeRules[key] = new OutcomeRule(times <= 0 ? null : times, errorCode, message);
            }
            else
            {
                outcomeRules.Remove(key);
            }
        }
    }

    public void ClearActivityOutcomes()
    {
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            outcomeRules.Clear();
        }
    }

    public string CreateRun(CreateRunRequest request)
    {
        lock (gate)
        {
            var now = clock.UtcNow;
            AdvanceTo(now);
            var pipeline = FindPipeline(request.PipelineName)
                ?? throw new ArmException(
                    404,
                    // GUESS: code and wording for createRun on a pipeline that does not exist.
                    "PipelineNotFound",
                    $"Pipeline '{request.PipelineName}' does not exist in the factory.",
                    $"pipeline/{request.PipelineName}");

            if (string.IsNullOrEmpty(request.ReferencePipelineRunId))
            {
                // Recovery knobs only mean something "in recovery mode", i.e. with a reference run (INFERRED from the spec).
                var parameters = ParameterBinder.Bind(pipeline, request.Body);
                return CreateRunCore(pipeline, parameters, InvokedBy.Manual(), request.ClientRequestId, now, null, null).RunId;
            }

            var reference = FindRunOrThrow(request.ReferencePipelineRunId!);
            if (!string.Equals(reference.Pipeline.Name, pipeline.Name, StringComparison.OrdinalIgnoreCase))
            {
                // GUESS: a reference run of another pipeline is rejected.
                throw ArmException.BadRequest(
                    $"Referenced pipeline run id {reference.RunId} belongs to pipeline '{reference.Pipeline.Name}', not '{pipeline.Name}'.",
                    "pipelinerun");
            }

            if (!request.IsRecovery)
            {
                // Without recovery the reference run only lends its parameters (body ignored, DOC); the run is ungrouped.
                return CreateRunCore(pipeline, reference.Parameters, InvokedBy.Manual(), request.ClientRequestId, now, null, null).RunId;
            }

            if (!reference.IsTerminal)
            {
                // GUESS: a recovery rerun of a run that has not finished is rejected.
                throw ArmException.BadRequest(
                    $"Pipeline run {reference.RunId} is still {reference.Status}; a recovery run needs a finished reference run.",
                    "pipelinerun");
            }

            var reused = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!string.IsNullOrEmpty(request.StartActivityName))
            {
                var start = pipeline.FindActivity(request.StartActivityName!)
                    // GUESS: unknown start activity -> 400 BadRequest.
                    ?? throw ArmException.BadRequest(
                        $"Activity '{request.StartActivityName}' does not exist in pipeline '{pipeline.Name}'.",
                        $"pipeline/{pipeline.Name}");
                var runAgain = pipeline.DownstreamOf(start.Name);

                // GUESS: everything that is not the start activity or downstream of it (upstream and unrelated
                // branches) is not executed and counts as Succeeded.
                reused.UnionWith(pipeline.Activities.Select(a => a.Name).Where(n => !runAgain.Contains(n)));
            }
            else if (request.StartFromFailure)
            {
                reused.UnionWith(reference.Activities.Where(a => a.State == ActivityState.Succeeded).Select(a => a.Definition.Name));
            }

            var run = CreateRunCore(pipeline, reference.Parameters, InvokedBy.Manual(), request.ClientRequestId, now, reference.RunGroupId, reused);
            return run.RunId;
        }
    }

    public PipelineRunView? GetRun(string runId)
    {
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            return runs.TryGetValue(runId, out var run) ? PipelineRunView.From(run) : null;
        }
    }

    public IReadOnlyList<ActivityRunView> GetActivityRuns(string runId)
    {
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            return runs.TryGetValue(runId, out var run)
                ? run.ActivityRuns.Select(ActivityRunView.From).ToList()
                : Array.Empty<ActivityRunView>();
        }
    }

    public IReadOnlyList<string> GetChildRunIds(string runId)
    {
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            return runs.TryGetValue(runId, out var run) ? run.Children.Select(c => c.RunId).ToList() : Array.Empty<string>();
        }
    }

    public void Cancel(string runId, bool recursive)
    {
        lock (gate)
        {
            var now = clock.UtcNow;
            AdvanceTo(now);
            CancelCore(FindRunOrThrow(runId), recursive, now);
        }
    }

    public RunPage<PipelineRunView> QueryPipelineRuns(RunFilter filter)
    {
        List<PipelineRunView> snapshot;
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);
            snapshot = runsInOrder.Select(PipelineRunView.From).ToList();
        }

        return filter.ApplyToPipelineRuns(snapshot);
    }

    public RunPage<ActivityRunView> QueryActivityRuns(string runId, RunFilter filter)
    {
        List<ActivityRunView> snapshot;
        lock (gate)
        {
            AdvanceTo(clock.UtcNow);

            // GUESS: an unknown run id gives an empty list (the CLI scenario suggests a 200).
            snapshot = runs.TryGetValue(runId, out var run)
                ? run.ActivityRuns.Select(ActivityRunView.From).ToList()
                : new List<ActivityRunView>();
        }

        return filter.ApplyToActivityRuns(snapshot);
    }

    private PipelineRunState FindRunOrThrow(string runId) =>
        runs.TryGetValue(runId, out var run)
            ? run
            : throw new ArmException(400, "ReferencedPipelineRunNotFound", $"Referenced pipeline run id {runId} does not exist.", "pipelinerun");

    private PipelineRunState CreateRunCore(
        PipelineDefinition pipeline,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        InvokedBy invokedBy,
        string? clientRequestId,
        DateTimeOffset now,
        string? recoveryGroupId,
        HashSet<string>? reusedActivities)
    {
        var runId = Guid.TryParse(clientRequestId, out var requested) && !runs.ContainsKey(requested.ToString())
            ? requested.ToString()
            : NewRunId();
        var run = new PipelineRunState(runId, recoveryGroupId ?? runId, pipeline, parameters, invokedBy, now, ++sequence);
        if (reusedActivities is not null)
        {
            foreach (var activity in run.Activities.Where(a => reusedActivities.Contains(a.Definition.Name)))
            {
                activity.State = ActivityState.Succeeded;
                activity.Reused = true;
            }
        }

        if (recoveryGroupId is not null && latestByGroup.TryGetValue(recoveryGroupId, out var previousLatest))
        {
            // GUESS: flipping isLatest does not move the older run's lastUpdated.
            previousLatest.IsLatest = false;
        }

        latestByGroup[run.RunGroupId] = run;
        runs[runId] = run;
        runsInOrder.Add(run);
        Schedule(now + QueueDelay, time => StartRun(run, time));
        return run;
    }

    private string NewRunId()
    {
        string id;
        do
        {
            id = Guid.NewGuid().ToString();
        }
        while (runs.ContainsKey(id));
        return id;
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
        Pump(run, time);
    }

    /// <summary>Starts or skips every activity whose dependencies are resolved; finishes the run when nothing is left.</summary>
    private void Pump(PipelineRunState run, DateTimeOffset time)
    {
        if (run.Status != RunStatus.InProgress)
        {
            return;
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var activity in run.Activities)
            {
                if (activity.State != ActivityState.Pending)
                {
                    continue;
                }

                var ready = DependenciesMet(run, activity);
                if (ready is null)
                {
                    continue;
                }

                if (ready.Value)
                {
                    StartActivity(run, activity, time);
                }
                else
                {
                    // GUESS: a skipped activity produces no activity run record.
                    activity.State = ActivityState.Skipped;
                }

                changed = true;
            }
        }
        while (changed);

        if (run.Activities.All(a => a.IsResolved))
        {
            FinishRun(run, time);
        }
    }

    /// <summary>null while an upstream activity is unresolved; otherwise whether every dependency's conditions hold.</summary>
    internal static bool? DependenciesMet(PipelineRunState run, ActivityExecution activity)
    {
        var allMet = true;
        foreach (var dependency in activity.Definition.DependsOn)
        {
            var upstream = run.ActivitiesByName[dependency.ActivityName];
            if (!upstream.IsResolved)
            {
                return null;
            }

            // Conditions on one dependency are alternatives (e.g. Failed or Skipped); separate dependencies must all hold.
            if (!dependency.Conditions.Any(condition => Satisfies(upstream.State, condition)))
            {
                allMet = false;
            }
        }

        return allMet;
    }

    private static bool Satisfies(ActivityState state, DependencyCondition condition) => condition switch
    {
        DependencyCondition.Succeeded => state == ActivityState.Succeeded,
        DependencyCondition.Failed => state == ActivityState.Failed,
        DependencyCondition.Skipped => state == ActivityState.Skipped,
        DependencyCondition.Completed => state is ActivityState.Succeeded or ActivityState.Failed,
        _ => false,
    };

    private void StartActivity(PipelineRunState run, ActivityExecution activity, DateTimeOffset time)
    {
        activity.State = ActivityState.Running;
        var record = new ActivityRunRecord(activity.Definition, run, time, ++sequence);
        activity.Record = record;
        run.ActivityRuns.Add(record);
        run.LastUpdated = time;

        if (!activity.Definition.IsExecutePipeline)
        {
            Schedule(time + ActivityDuration, end => CompleteActivity(run, activity, end, null));
            return;
        }

        var invocation = ExecutePipelineInvocation.Parse(activity.Definition.TypePropertiesJson);
        var child = invocation.PipelineName is null ? null : FindPipeline(invocation.PipelineName);
        if (child is null)
        {
            var failure = new ActivityFailure(
                ActivityOutputs.DefaultErrorCode(activity.Definition),
                $"Pipeline '{invocation.PipelineName}' referenced by activity '{activity.Definition.Name}' does not exist.");
            Schedule(time, end => CompleteActivity(run, activity, end, failure));
            return;
        }

        if (run.Depth >= MaxExecutePipelineDepth)
        {
            var tooDeep = new ActivityFailure(
                ActivityOutputs.DefaultErrorCode(activity.Definition),
                $"Activity '{activity.Definition.Name}' would start pipeline '{child.Name}' at nesting depth {run.Depth + 1}; "
                + $"the ADF emulator allows ExecutePipeline to nest {MaxExecutePipelineDepth} levels deep (does a pipeline call itself?).");
            Schedule(time, end => CompleteActivity(run, activity, end, tooDeep));
            return;
        }

        IReadOnlyList<KeyValuePair<string, string>> childParameters;
        try
        {
            childParameters = ParameterBinder.Bind(child, invocation.ParametersJson);
        }
        catch (ArmException exception)
        {
            var failure = new ActivityFailure(ActivityOutputs.DefaultErrorCode(activity.Definition), exception.Message);
            Schedule(time, end => CompleteActivity(run, activity, end, failure));
            return;
        }

        // GUESS: invokedBy.id of a child run is the parent's activity run id.
        var invokedBy = new InvokedBy(record.ActivityRunId, activity.Definition.Name, "PipelineActivity", run.Pipeline.Name, run.RunId);
        var childRun = CreateRunCore(child, childParameters, invokedBy, null, time, null, null);
        childRun.Parent = run;
        childRun.ParentActivity = activity;
        childRun.ParentWaits = invocation.WaitOnCompletion;
        run.Children.Add(childRun);
        record.OutputJson = JsonText.WriteObject(writer =>
        {
            writer.WriteString("pipelineName", child.Name);
            writer.WriteString("pipelineRunId", childRun.RunId);
        });

        if (!invocation.WaitOnCompletion)
        {
            Schedule(time + ActivityDuration, end => CompleteActivity(run, activity, end, null));
        }
    }

    private void CompleteActivity(PipelineRunState run, ActivityExecution activity, DateTimeOffset time, ActivityFailure? failure)
    {
        if (run.Status != RunStatus.InProgress || activity.State != ActivityState.Running || activity.Record is not { } record)
        {
            return;
        }

        var key = (run.Pipeline.Name.ToUpperInvariant(), activity.Definition.Name.ToUpperInvariant());
        if (outcomeRules.TryGetValue(key, out var rule))
        {
            failure = new ActivityFailure(
                rule.ErrorCode ?? ActivityOutputs.DefaultErrorCode(activity.Definition),
                rule.Message ?? $"Activity '{activity.Definition.Name}' failed (outcome set on the ADF emulator).");
            if (rule.RemainingFailures is { } remaining)
            {
                if (remaining <= 1)
                {
                    outcomeRules.Remove(key);
                }
                else
                {
                    outcomeRules[key] = rule with { RemainingFailures = remaining - 1 };
                }
            }
        }

        record.End = time;
        if (failure is null)
        {
            activity.State = ActivityState.Succeeded;
            record.Status = RunStatus.Succeeded;
            if (!activity.Definition.IsExecutePipeline)
            {
                record.OutputJson = ActivityOutputs.ForSuccess(activity.Definition, record.Start, time);
            }
        }
        else
        {
            activity.State = ActivityState.Failed;
            activity.FailureMessage = failure.Message;
            record.Status = RunStatus.Failed;
            record.ErrorCode = failure.ErrorCode;
            record.ErrorMessage = failure.Message;
            record.FailureType = "UserError";
        }

        run.LastUpdated = time;
        Pump(run, time);
    }

    private void FinishRun(PipelineRunState run, DateTimeOffset time)
    {
        var failed = EvaluateOutcome(run);
        run.Status = failed is null ? RunStatus.Succeeded : RunStatus.Failed;
        run.Message = failed is null
            ? string.Empty
            : $"Operation on target {failed.Definition.Name} failed: {failed.FailureMessage}";
        run.RunEnd = time;
        run.LastUpdated = time;
        NotifyParent(run, time);
    }

    /// <summary>
    /// ADF's rule: look at the leaf activities; a skipped leaf is replaced by its parents; the run succeeds
    /// iff every evaluated activity succeeded. Returns the first failed evaluated activity, or null.
    /// </summary>
    internal static ActivityExecution? EvaluateOutcome(PipelineRunState run)
    {
        var upstreamNames = new HashSet<string>(
            run.Activities.SelectMany(a => a.Definition.DependsOn).Select(d => d.ActivityName),
            StringComparer.OrdinalIgnoreCase);
        var evaluated = new HashSet<ActivityExecution>();
        var visited = new HashSet<ActivityExecution>();
        void Evaluate(ActivityExecution node)
        {
            if (!visited.Add(node))
            {
                return;
            }

            if (node.State == ActivityState.Skipped)
            {
                foreach (var dependency in node.Definition.DependsOn)
                {
                    Evaluate(run.ActivitiesByName[dependency.ActivityName]);
                }
            }
            else
            {
                evaluated.Add(node);
            }
        }

        foreach (var leaf in run.Activities.Where(a => !upstreamNames.Contains(a.Definition.Name)))
        {
            Evaluate(leaf);
        }

        return run.Activities.FirstOrDefault(a => evaluated.Contains(a) && a.State != ActivityState.Succeeded);
    }

    private void NotifyParent(PipelineRunState child, DateTimeOffset time)
    {
        if (child.Parent is not { } parent || child.ParentActivity is not { } activity || !child.ParentWaits)
        {
            return;
        }

        ActivityFailure? failure = child.Status switch
        {
            RunStatus.Succeeded => null,
            RunStatus.Failed => new ActivityFailure(ActivityOutputs.DefaultErrorCode(activity.Definition), child.Message ?? string.Empty),

            // GUESS: a child run cancelled on its own fails the waiting ExecutePipeline activity.
            _ => new ActivityFailure(
                ActivityOutputs.DefaultErrorCode(activity.Definition),
                $"The pipeline run {child.RunId} of pipeline '{child.Pipeline.Name}' was cancelled."),
        };
        Schedule(time, end => CompleteActivity(parent, activity, end, failure));
    }

    private void CancelCore(PipelineRunState run, bool recursive, DateTimeOffset now)
    {
        // GUESS: cancelling a run that has already finished (or is already Canceling) is a 200 no-op.
        if (run.Status is RunStatus.Queued or RunStatus.InProgress)
        {
            run.Status = RunStatus.Canceling;
            run.Message = string.Empty;
            run.LastUpdated = now;
            Schedule(now + QueueDelay, time => CompleteCancel(run, time));
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

        foreach (var activity in run.Activities.Where(a => a.State == ActivityState.Running))
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
        NotifyParent(run, time);
    }

    private void Schedule(DateTimeOffset time, Action<DateTimeOffset> action) =>
        events.Add(new ScheduledEvent(time, ++sequence, action));

    private void AdvanceTo(DateTimeOffset now)
    {
        while (events.Count > 0)
        {
            var next = events.Min!;
            if (next.Time > now)
            {
                return;
            }

            events.Remove(next);
            next.Action(next.Time);
        }
    }

    private sealed record OutcomeRule(int? RemainingFailures, string? ErrorCode, string? Message);

    private sealed record ActivityFailure(string ErrorCode, string Message);

    private sealed record ScheduledEvent(DateTimeOffset Time, long Sequence, Action<DateTimeOffset> Action);

    private sealed class ScheduledEventComparer : IComparer<ScheduledEvent>
    {
        public static readonly ScheduledEventComparer Instance = new();

        public int Compare(ScheduledEvent? x, ScheduledEvent? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            var byTime = x.Time.CompareTo(y.Time);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }

    private sealed class ExecutePipelineInvocation
    {
        public string? PipelineName { get; private set; }

        public bool WaitOnCompletion { get; private set; } = true;

        public string? ParametersJson { get; private set; }

        public static ExecutePipelineInvocation Parse(string typePropertiesJson)
        {
            var invocation = new ExecutePipelineInvocation();
            using var document = JsonDocument.Parse(typePropertiesJson);
            var root = document.RootElement;
            if (root.TryGetProperty("pipeline", out var reference) && reference.ValueKind == JsonValueKind.Object
                && reference.TryGetProperty("referenceName", out var name) && name.ValueKind == JsonValueKind.String)
            {
                invocation.PipelineName = name.GetString();
            }

            if (root.TryGetProperty("waitOnCompletion", out var wait) && wait.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                invocation.WaitOnCompletion = wait.GetBoolean();
            }

            if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                // Expressions cannot be evaluated here; GUESS: they are left out so the child's defaults apply.
                invocation.ParametersJson = JsonText.WriteObject(writer =>
                {
                    foreach (var parameter in parameters.EnumerateObject())
                    {
                        var isExpression = parameter.Value.ValueKind == JsonValueKind.Object
                            && parameter.Value.TryGetProperty("type", out var type)
                            && type.ValueKind == JsonValueKind.String
                            && string.Equals(type.GetString(), "Expression", StringComparison.OrdinalIgnoreCase);
                        if (!isExpression)
                        {
                            writer.WritePropertyName(parameter.Name);
                            parameter.Value.WriteTo(writer);
                        }
                    }
                });
            }

            return invocation;
        }
    }
}
