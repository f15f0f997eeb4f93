using System;
using System.Linq;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>Activities in dependency order within a scope (the pipeline's own activities, or a container's iteration).</summary>
internal sealed partial class RunSimulator
{
    /// <summary>
    /// Starts or skips every activity of the scope whose dependencies are resolved; when nothing is left, finishes
    /// the run (the pipeline's own activities) or tells the container (an iteration or branch).
    /// </summary>
    private void Pump(ActivityScope scope, DateTimeOffset time)
    {
        if (scope.Run.Status != RunStatus.InProgress || scope.Finished)
        {
            return;
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var activity in scope.Activities.Where(a => a.State == ActivityState.Pending))
            {
                if (DependencyRules.DependenciesMet(scope, activity) is not { } ready)
                {
                    continue;
                }

                if (ready)
                {
                    StartActivity(scope, activity, time);
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

        if (!scope.AllResolved)
        {
            return;
        }

        scope.Finished = true;
        if (scope.Owner is null)
        {
            FinishRun(scope.Run, time);
        }
        else
        {
            // Through the event queue, so that a container never completes inside the Pump that started it.
            events.Schedule(time, end => IterationFinished(scope, end));
        }
    }

    private void StartActivity(ActivityScope scope, ActivityExecution activity, DateTimeOffset time)
    {
        var run = scope.Run;
        activity.State = ActivityState.Running;
        var record = new ActivityRunRecord(activity.Definition, run, time, ++sequence);
        activity.Record = record;
        run.ActivityRuns.Add(record);
        run.LastUpdated = time;
        if (activity.Definition.Container == ContainerKind.None)
        {
            record.InputJson = EvaluatedInput(activity.Definition, scope);
        }

        ActivityFailure? failure;
        if (activity.Definition.IsExecutePipeline)
        {
            // A behaviour set on an ExecutePipeline activity fails it before its child starts (a child that could not start).
            failure = outcomeRules.Take(run, activity.Definition, scope.Expressions) ?? StartChildRun(scope, activity, record, time);
        }
        else if (activity.Definition.Container != ContainerKind.None)
        {
            failure = StartContainer(scope, activity, record, time);
        }
        else
        {
            events.Schedule(time + ActivityDuration, end => CompleteActivity(scope, activity, end, null));
            return;
        }

        if (failure is not null)
        {
            events.Schedule(time, end => CompleteActivity(scope, activity, end, failure));
        }
    }

    private void CompleteActivity(ActivityScope scope, ActivityExecution activity, DateTimeOffset time, ActivityFailure? failure)
    {
        var run = scope.Run;
        if (run.Status != RunStatus.InProgress || activity.State != ActivityState.Running || activity.Record is not { } record)
        {
            return;
        }

        if (!activity.Definition.IsExecutePipeline)
        {
            failure = outcomeRules.Take(run, activity.Definition, scope.Expressions) ?? failure;
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
        Pump(scope, time);
    }
}
