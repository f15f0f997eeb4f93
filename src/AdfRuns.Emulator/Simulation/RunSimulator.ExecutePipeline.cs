using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>The runs that ExecutePipeline activities start, and how their end reaches the parent run.</summary>
internal sealed partial class RunSimulator
{
    /// <summary>Starts the run an ExecutePipeline activity asks for; the failure of the activity when it cannot.</summary>
    private ActivityFailure? StartChildRun(ActivityScope scope, ActivityExecution activity, ActivityRunRecord record, DateTimeOffset time)
    {
        var run = scope.Run;
        var errorCode = ActivityOutputs.DefaultErrorCode(activity.Definition);
        var invocation = ExecutePipelineInvocation.Parse(activity.Definition.TypePropertiesJson);
        if ((invocation.PipelineName is null ? null : FindPipeline(invocation.PipelineName)) is not { } child)
        {
            return new ActivityFailure(errorCode, $"Pipeline '{invocation.PipelineName}' referenced by activity '{activity.Definition.Name}' does not exist.");
        }

        if (run.Depth >= MaxExecutePipelineDepth)
        {
            return new ActivityFailure(
                errorCode,
                $"Activity '{activity.Definition.Name}' would start pipeline '{child.Name}' at nesting depth {run.Depth + 1}; "
                + $"the ADF emulator allows ExecutePipeline to nest {MaxExecutePipelineDepth} levels deep (does a pipeline call itself?).");
        }

        if (queues.IsFull(child))
        {
            // GUESS: an ExecutePipeline activity whose child's queue is full fails with the service's createRun refusal.
            return new ActivityFailure(errorCode, PipelineQueues.QueueFullMessage);
        }

        IReadOnlyList<KeyValuePair<string, string>> childParameters;
        try
        {
            var evaluated = invocation.ParametersJson is { } raw ? ExpressionEvaluator.EvaluateJsonText(raw, scope.Expressions) : null;
            childParameters = ParameterBinder.Bind(child, evaluated);
        }
        catch (ServiceException exception)
        {
            return new ActivityFailure(errorCode, exception.Message);
        }

        // DOC: PipelineRunInvokedBy's pipelineName and pipelineRunId name "the pipeline that triggered the run" (.NET and JS
        // SDK reference). GUESS: invokedByType "PipelineActivity", name the activity, id the parent's activity run id.
        var invokedBy = new InvokedBy(record.ActivityRunId, activity.Definition.Name, "PipelineActivity", run.Pipeline.Name, run.RunId);
        var recovered = RecoveredChild(scope, activity, child, childParameters);
        var childRun = CreateRunCore(
            child,
            childParameters,
            invokedBy,
            null,
            time,
            recovered?.RunGroupId,
            recovered is null ? null : new HashSet<string>(recovered.Activities.Where(a => a.State == ActivityState.Succeeded).Select(a => a.Definition.Name), StringComparer.OrdinalIgnoreCase));
        childRun.RootScope.Recover(recovered?.RootScope);
        activity.ChildRun = childRun;
        childRun.Parent = run;
        childRun.ParentActivity = activity;
        childRun.ParentScope = scope;
        childRun.ParentWaits = invocation.WaitOnCompletion;
        run.Children.Add(childRun);
        // The shape @activity('...').output.pipelineRunId reads (DOC: "Execute Pipeline activity"; the output also
        // carries pipelineReturnValue when the child sets one, which the emulator's pipelines never do).
        record.OutputJson = JsonText.WriteObject(writer =>
        {
            writer.WriteString("pipelineName", child.Name);
            writer.WriteString("pipelineRunId", childRun.RunId);
        });

        if (!invocation.WaitOnCompletion)
        {
            events.Schedule(time + ActivityDuration, end => CompleteActivity(scope, activity, end, null));
        }

        return null;
    }

    /// <summary>
    /// In a rerun from failure, the child run this activity started in the run being recovered, when the new child is
    /// its recovery run: same pipeline, same parameters, and finished. DOC: "The child pipeline will be triggered, but
    /// all activities in the child pipeline may still be skipped based on the rerun rules"; INFERRED: the new child
    /// joins the earlier child's run group (runGroupId, isLatest) and reruns from its failure, recursively.
    /// </summary>
    private static PipelineRunState? RecoveredChild(
        ActivityScope scope,
        ActivityExecution activity,
        PipelineDefinition child,
        IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (scope.Reference is null
            || !scope.Reference.ActivitiesByName.TryGetValue(activity.Definition.Name, out var earlier)
            || earlier.ChildRun is not { IsTerminal: true } earlierChild
            || !ReferenceEquals(earlierChild.Pipeline, child))
        {
            return null;
        }

        // DOC (monitor-visually.md): a rerun with new parameters is a new run, not a recovery run.
        return earlierChild.Parameters.SequenceEqual(parameters) ? earlierChild : null;
    }

    private void NotifyParent(PipelineRunState child, DateTimeOffset time)
    {
        if (child.ParentScope is not { } parent || child.ParentActivity is not { } activity || !child.ParentWaits)
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
        events.Schedule(time, end => CompleteActivity(parent, activity, end, failure));
    }
}
