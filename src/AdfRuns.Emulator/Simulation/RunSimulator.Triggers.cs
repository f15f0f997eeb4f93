using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AdfRuns.Emulator.Triggers;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// Triggers and their runs. Trigger time runs compressed (<see cref="TriggerTimeScale"/> trigger seconds per real
/// second from the emulator's first request): a tumbling window is due when its end has passed in trigger time, so
/// windows before that are backfilled at once, oldest first, at most maxConcurrency running; a schedule trigger fires
/// at each occurrence after it (no backfill, as the service does). Trigger time starts with the first request, not
/// with the emulator, so that what a test sets up right after starting it (Set-AdfEmulatorBehavior) applies to the
/// first windows, however slow the machine.
/// </summary>
internal sealed partial class RunSimulator
{
    /// <summary>Limitation: at most this many past windows of a trigger are backfilled (the newest ones).</summary>
    public const int MaxBackfilledWindows = 1000;

    private readonly Dictionary<string, TriggerDefinition> triggers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TriggerRunState> triggerRuns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<TriggerRunState> triggerRunsInOrder = new();
    private DateTimeOffset triggerOrigin;
    private List<TriggerDefinition>? notYetStarted;

    /// <summary>Trigger seconds per real second.</summary>
    public double TriggerTimeScale { get; private set; } = 1;

    public IReadOnlyList<TriggerDefinition> TriggerList => triggers.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();

    public TriggerDefinition? FindTrigger(string name) => triggers.TryGetValue(name, out var trigger) ? trigger : null;

    /// <summary>Adds the triggers; those that are started fire from the first request on (<see cref="BeginTriggers"/>).</summary>
    public void StartTriggers(IEnumerable<TriggerDefinition> definitions, double timeScale) => Current(() =>
    {
        TriggerTimeScale = timeScale > 0 ? timeScale : 1;
        foreach (var trigger in definitions)
        {
            if (FindPipeline(trigger.PipelineName) is null)
            {
                throw new ArgumentException($"Trigger '{trigger.Name}' ({trigger.Source}) starts pipeline '{trigger.PipelineName}', which the emulator does not have.");
            }

            triggers[trigger.Name] = trigger;
        }

        notYetStarted = triggers.Values.Where(t => t.Started).ToList();
    });

    /// <summary>Starts the trigger clock now, once: called for every request the emulator serves.</summary>
    public void BeginTriggers()
    {
        if (Volatile.Read(ref notYetStarted) is null)
        {
            return;
        }

        Current(() =>
        {
            if (notYetStarted is not { } starting)
            {
                return;
            }

            notYetStarted = null;
            triggerOrigin = clock.UtcNow;
            foreach (var trigger in starting)
            {
                ScheduleFirst(trigger);
            }
        });
    }

    public RunPage<TriggerRunView> QueryTriggerRuns(RunFilter filter) =>
        filter.ApplyToTriggerRuns(Current(() => triggerRunsInOrder.Select(TriggerRunView.From).ToList()));

    public void RerunTriggerRun(string triggerName, string triggerRunId) => Current(() =>
    {
        var original = FindTriggerRun(triggerName, triggerRunId);
        if (!original.Trigger.IsTumblingWindow)
        {
            // Quoted in a public issue (2024): only tumbling windows rerun.
            throw new ServiceException(400, "BadRequest", $"Invalid trigger type: {original.Trigger.Type}", original.Trigger.Name);
        }

        if (!TriggerRunStatus.IsTerminal(original.Status))
        {
            // GUESS: a window still waiting or running is not rerun (code and wording not captured).
            throw new ServiceException(400, "BadRequest", $"Trigger run {original.TriggerRunId} is {original.Status} and cannot be rerun until it has finished.", original.Trigger.Name);
        }

        var pipeline = FindPipeline(original.Trigger.PipelineName)!;
        if (queues.IsFull(pipeline))
        {
            // GUESS: a rerun meets the pipeline's full queue with createRun's refusal (its shape for a rerun is not public).
            throw PipelineQueues.QueueFull();
        }

        // GUESS: a rerun starts its pipeline run at once, outside the trigger's maxConcurrency (why users meet the full queue).
        var now = clock.UtcNow;
        var rerun = AddTriggerRun(original.Trigger, now, original.Scheduled, original.GroupId);
        StartWindow(rerun, now);
    });

    public void CancelTriggerRun(string triggerName, string triggerRunId) => Current(() =>
    {
        var run = FindTriggerRun(triggerName, triggerRunId);
        if (run.Status != TriggerRunStatus.Waiting)
        {
            // Recorded: only a window waiting on its dependencies can be cancelled.
            throw new ServiceException(400, "BadRequest", $"Trigger run {run.TriggerRunId} is not in WaitingOnDependency state", run.Trigger.Name);
        }

        run.Status = TriggerRunStatus.Canceled;
        run.LastUpdated = clock.UtcNow;
    });

    private TriggerRunState FindTriggerRun(string triggerName, string triggerRunId)
    {
        var trigger = FindTrigger(triggerName)
            // GUESS: code and wording for an unknown trigger.
            ?? throw new ServiceException(404, "TriggerNotFound", $"Trigger '{triggerName}' does not exist in the factory.", triggerName);
        return triggerRuns.TryGetValue(triggerRunId, out var run) && run.Trigger == trigger
            ? run
            // GUESS: code and wording for a trigger run the trigger does not have.
            : throw new ServiceException(404, "TriggerRunNotFound", $"Trigger run {triggerRunId} of trigger '{trigger.Name}' does not exist.", trigger.Name);
    }

    /// <summary>When, in real time, the trigger clock reaches a trigger time (at once for a time before the start).</summary>
    private DateTimeOffset RealTimeOf(DateTimeOffset triggerTime) => triggerTime <= triggerOrigin
        ? triggerOrigin
        : triggerOrigin + TimeSpan.FromTicks((long)((triggerTime - triggerOrigin).Ticks / TriggerTimeScale));

    private void ScheduleFirst(TriggerDefinition trigger)
    {
        if (trigger.IsTumblingWindow)
        {
            var dueWindows = (long)Math.Floor((triggerOrigin - trigger.StartTime).Ticks / (double)trigger.Period.Ticks);
            var first = Math.Max(0, dueWindows - MaxBackfilledWindows);
            ScheduleOccurrence(trigger, first);
            return;
        }

        // A schedule trigger fires at its occurrences from now on; one whose start has passed does not catch up.
        var next = triggerOrigin <= trigger.StartTime ? 0 : (long)Math.Ceiling((triggerOrigin - trigger.StartTime).Ticks / (double)trigger.Period.Ticks);
        ScheduleOccurrence(trigger, next);
    }

    private void ScheduleOccurrence(TriggerDefinition trigger, long index)
    {
        var scheduled = trigger.StartTime + TimeSpan.FromTicks(trigger.Period.Ticks * index);
        if (trigger.EndTime is { } end && scheduled >= end)
        {
            return;
        }

        // A window is due once it has ended; a schedule's run once its time has come.
        var due = trigger.IsTumblingWindow ? scheduled + trigger.Period : scheduled;
        events.Schedule(RealTimeOf(due), time =>
        {
            AddTriggerRun(trigger, time, scheduled, groupId: null);
            StartWaitingWindows(trigger, time);
            ScheduleOccurrence(trigger, index + 1);
        });
    }

    private TriggerRunState AddTriggerRun(TriggerDefinition trigger, DateTimeOffset now, DateTimeOffset scheduled, string? groupId)
    {
        var id = NewTriggerRunId(now);
        var run = new TriggerRunState(trigger, id, groupId ?? id, now, scheduled, ++sequence);
        triggerRuns[id] = run;
        triggerRunsInOrder.Add(run);
        return run;
    }

    /// <summary>
    /// An id like the service's: not a GUID, 29 digits, "CU", two digits (recorded). The digits here are the reversed
    /// ticks of the time (as the recorded ids appear to be) and a sequence number, so ids never repeat.
    /// </summary>
    private string NewTriggerRunId(DateTimeOffset now) =>
        (DateTime.MaxValue.Ticks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + (sequence % 10_000_000_000L).ToString("D10", CultureInfo.InvariantCulture)
        + "CU" + (sequence % 100).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Starts the oldest waiting windows of a trigger while it has room (maxConcurrency; reruns count as running).</summary>
    private void StartWaitingWindows(TriggerDefinition trigger, DateTimeOffset now)
    {
        var running = triggerRunsInOrder.Count(r => r.Trigger == trigger && r.Status == TriggerRunStatus.Running);
        foreach (var waiting in triggerRunsInOrder.Where(r => r.Trigger == trigger && r.Status == TriggerRunStatus.Waiting).OrderBy(r => r.Scheduled).ToList())
        {
            if (running >= trigger.MaxConcurrency)
            {
                return;
            }

            StartWindow(waiting, now);
            running++;
        }
    }

    private void StartWindow(TriggerRunState window, DateTimeOffset now)
    {
        window.Status = TriggerRunStatus.Running;
        window.LastUpdated = now;
        var pipeline = FindPipeline(window.Trigger.PipelineName)!;
        IReadOnlyList<KeyValuePair<string, string>> parameters;
        try
        {
            parameters = ParameterBinder.Bind(pipeline, TriggerParameterBody(window, now));
        }
        catch (ServiceException refused)
        {
            // GUESS: a trigger whose parameters the pipeline refuses fails the window with the service's message.
            window.Status = TriggerRunStatus.Failed;
            window.Message = refused.Message;
            return;
        }

        var invokedBy = new InvokedBy(window.TriggerRunId, window.Trigger.Name, window.Trigger.Type);
        var run = CreateRunCore(pipeline, parameters, invokedBy, null, now, null, null);
        run.TriggerRun = window;
        window.PipelineRun = run;
    }

    /// <summary>The trigger's pipeline parameters as a createRun body, its @trigger() expressions filled in for the window.</summary>
    private static string TriggerParameterBody(TriggerRunState window, DateTimeOffset now) => JsonText.WriteObject(writer =>
    {
        foreach (var parameter in window.Trigger.PipelineParameters)
        {
            var value = parameter.Value.Trim() switch
            {
                "@trigger().outputs.windowStartTime" or "@trigger().scheduledTime" => TriggerRunState.IsoTime(window.Scheduled),
                "@trigger().outputs.windowEndTime" => TriggerRunState.IsoTime(window.WindowEnd),
                "@trigger().startTime" => TriggerRunState.IsoTime(now),
                _ => parameter.Value,
            };
            writer.WriteString(parameter.Key, value);
        }
    });

    /// <summary>A window's pipeline run ended: the window ends with it, and the trigger's next waiting window may start.</summary>
    private void TriggerRunEnded(PipelineRunState run, DateTimeOffset time)
    {
        if (run.TriggerRun is not { } window)
        {
            return;
        }

        window.Status = TriggerRunStatus.Of(run);
        window.Message = window.Status == TriggerRunStatus.Failed ? run.Message : null;
        window.LastUpdated = time;
        if (window.Trigger.IsTumblingWindow)
        {
            StartWaitingWindows(window.Trigger, time);
        }
    }
}
