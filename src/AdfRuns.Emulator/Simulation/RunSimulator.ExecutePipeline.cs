using System;
using System.Collections.Generic;
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
        catch (ArmException exception)
        {
            return new ActivityFailure(errorCode, exception.Message);
        }

        // GUESS: invokedBy.id of a child run is the parent's activity run id.
        var invokedBy = new InvokedBy(record.ActivityRunId, activity.Definition.Name, "PipelineActivity", run.Pipeline.Name, run.RunId);
        var childRun = CreateRunCore(child, childParameters, invokedBy, null, time, null, null);
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
