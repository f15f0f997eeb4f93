using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// ForEach, IfCondition, Switch and Until: activities that run lists of inner activities, each as an
/// <see cref="ActivityScope"/> of the same pipeline run.
/// </summary>
internal sealed partial class RunSimulator
{
    /// <summary>DOC (ForEach activity, typeProperties table; the SDKs' "max 50"): batchCount defaults to 20, at most 50.</summary>
    public const int DefaultBatchCount = 20;

    public const int MaxBatchCount = 50;

    /// <summary>
    /// GUESS: how often Until loops while its condition is false. The service loops until its timeout (7 days by
    /// default); the emulator's expressions cannot read variables or activity outputs, so it stops early and fails.
    /// </summary>
    public const int MaxUntilIterations = 10;

    /// <summary>Starts the container's first iterations; the failure of the activity when it cannot start.</summary>
    private ActivityFailure? StartContainer(ActivityScope scope, ActivityExecution activity, ActivityRunRecord record, DateTimeOffset time)
    {
        var definition = activity.Definition;
        using var document = JsonDocument.Parse(definition.TypePropertiesJson);
        var properties = document.RootElement;

        // GUESS: a container reports {} as input (its inner activities are not input), except ForEach's item count below.
        record.InputJson = "{}";
        ContainerProgress progress;
        switch (definition.Container)
        {
            case ContainerKind.ForEach:
                var items = Evaluate(properties, "items", scope.Expressions);
                if (items is string text && ExpressionValues.TryParseJson(text, out var parsed))
                {
                    items = parsed;
                }

                if (items is not List<object?> list)
                {
                    // GUESS: code and wording when ForEach items are not an array.
                    return new ActivityFailure(
                        "InvalidTemplate",
                        $"The items of ForEach '{definition.Name}' must be an array; the expression gave {ExpressionValues.ToJson(items)}.");
                }

                // SECONDARY: a ForEach activity run's input is {"ItemsCount": n} and its output {} (MicrosoftDocs/azure-docs#50620).
                record.InputJson = JsonText.WriteObject(writer => writer.WriteNumber("ItemsCount", list.Count));
                var sequential = properties.TryGetProperty("isSequential", out var isSequential) && isSequential.ValueKind == JsonValueKind.True;
                // GUESS: a batchCount above 50 (which the service's authoring refuses) runs 50 at once.
                var batchCount = properties.TryGetProperty("batchCount", out var batch) && batch.ValueKind == JsonValueKind.Number && batch.TryGetInt32(out var count)
                    ? Math.Min(Math.Max(count, 1), MaxBatchCount)
                    : DefaultBatchCount;

                // GUESS: a free slot takes the next item (the service may assign items to batches up front).
                progress = new ContainerProgress(
                    Branch(definition, ActivityBranch.Loop),
                    list.Select(scope.Expressions.WithItem).ToList(),
                    sequential ? 1 : batchCount);
                break;
            case ContainerKind.IfCondition:
                if (Evaluate(properties, "expression", scope.Expressions) is not bool condition)
                {
                    // GUESS: code and wording when the condition is not a boolean (or outside the emulator's subset).
                    return new ActivityFailure("InvalidTemplate", $"The expression of IfCondition '{definition.Name}' did not evaluate to a boolean the ADF emulator can read.");
                }

                progress = Single(Branch(definition, condition ? ActivityBranch.IfTrue : ActivityBranch.IfFalse), scope.Expressions);
                break;
            case ContainerKind.Switch:
                var on = ExpressionValues.ToText(Evaluate(properties, "on", scope.Expressions));

                // GUESS: case values match the evaluated "on" text exactly (ordinal).
                var chosen = definition.Branches.FirstOrDefault(b => b.IsCase && string.Equals(b.Key, on, StringComparison.Ordinal));
                progress = Single(chosen?.Activities ?? Branch(definition, ActivityBranch.Default), scope.Expressions);
                break;
            default:
                // Until's inner activities run at least once (DOC: the condition is evaluated after them).
                progress = Single(Branch(definition, ActivityBranch.Loop), scope.Expressions);
                break;
        }

        activity.Container = progress;
        LaunchIterations(scope, activity, time);
        if (progress.Done)
        {
            // No items: the container succeeds at once.
            events.Schedule(time, end => CompleteActivity(scope, activity, end, null));
        }

        return null;
    }

    /// <summary>Starts iterations while the container has free slots.</summary>
    private void LaunchIterations(ActivityScope scope, ActivityExecution activity, DateTimeOffset time)
    {
        var progress = activity.Container!;
        while (progress.Running < progress.Limit && progress.NextIteration < progress.PendingIterations.Count)
        {
            var iteration = new ActivityScope(scope.Run, progress.Activities, progress.PendingIterations[progress.NextIteration++], scope, activity);
            iteration.Recover(ReferenceIteration(scope, activity, iteration, progress.Iterations.Count));
            progress.Iterations.Add(iteration);
            progress.Running++;
            Pump(iteration, time);
        }
    }

    private void IterationFinished(ActivityScope iteration, DateTimeOffset time)
    {
        if (iteration.Owner is not { Container: { } progress } activity || iteration.Parent is not { } scope
            || scope.Run.Status != RunStatus.InProgress || activity.State != ActivityState.Running)
        {
            return;
        }

        progress.Running--;
        if (activity.Definition.Container == ContainerKind.Until && progress.Done)
        {
            using var document = JsonDocument.Parse(activity.Definition.TypePropertiesJson);
            var stop = Evaluate(document.RootElement, "expression", scope.Expressions);
            if (stop is false && progress.Iterations.Count < MaxUntilIterations)
            {
                // DOC (Until activity): an inner activity's failure does not stop the loop.
                progress.PendingIterations = progress.PendingIterations.Concat(new[] { scope.Expressions }).ToList();
            }
            else if (stop is false)
            {
                events.Schedule(time, end => CompleteActivity(scope, activity, end, new ActivityFailure(
                    "ActivityTimedOut",
                    $"Until '{activity.Definition.Name}' did not meet its condition in {MaxUntilIterations} iterations (the ADF emulator's bound).")));
                return;
            }

            // GUESS: a condition the emulator cannot evaluate counts as met, so Until runs its activities once.
        }

        LaunchIterations(scope, activity, time);
        if (progress.Done)
        {
            CompleteActivity(scope, activity, time, InnerFailure(progress));
        }
    }

    /// <summary>
    /// SECONDARY (Microsoft Fabric troubleshooting docs and logs quoted on GitHub): a container fails when an
    /// iteration fails, with code ActionFailed and "Activity failed because an inner activity failed; Inner activity
    /// name: X, Error: ..."; the other iterations still run (DOC: ForEach does not stop on a failed iteration).
    /// GUESS: Until, which loops on past a failed round (DOC), fails the same way at the end; the first failed
    /// iteration in start order names the inner activity.
    /// </summary>
    private static ActivityFailure? InnerFailure(ContainerProgress progress)
    {
        foreach (var iteration in progress.Iterations)
        {
            if (DependencyRules.FirstFailure(iteration) is { } failed)
            {
                return new ActivityFailure(
                    "ActionFailed",
                    $"Activity failed because an inner activity failed; Inner activity name: {failed.Definition.Name}, Error: {failed.FailureMessage}");
            }
        }

        return null;
    }

    /// <summary>
    /// In a rerun from failure, the iteration of the same container in the run being recovered that this one repeats:
    /// the ForEach iteration with the same item (GUESS: matched by item, not position), the Until round with the same
    /// number, the If or Switch branch when the condition chose the same one (DOC: conditions are evaluated again).
    /// </summary>
    private static ActivityScope? ReferenceIteration(ActivityScope scope, ActivityExecution container, ActivityScope iteration, int index)
    {
        if (scope.Reference is null
            || !scope.Reference.ActivitiesByName.TryGetValue(container.Definition.Name, out var earlier)
            || earlier.Container is not { } earlierProgress)
        {
            return null;
        }

        return container.Definition.Container switch
        {
            ContainerKind.ForEach => earlierProgress.Iterations.FirstOrDefault(
                i => string.Equals(ExpressionValues.ToJson(i.Expressions.Item), ExpressionValues.ToJson(iteration.Expressions.Item), StringComparison.Ordinal)),
            ContainerKind.Until => index < earlierProgress.Iterations.Count ? earlierProgress.Iterations[index] : null,
            _ => ReferenceEquals(earlierProgress.Activities, container.Container!.Activities) ? earlierProgress.Iterations.FirstOrDefault() : null,
        };
    }

    private static ContainerProgress Single(IReadOnlyList<ActivityDefinition> activities, ExpressionContext context) =>
        new(activities, new[] { context }, 1);

    private static IReadOnlyList<ActivityDefinition> Branch(ActivityDefinition container, string key) =>
        container.Branches.FirstOrDefault(b => !b.IsCase && b.Key == key)?.Activities ?? Array.Empty<ActivityDefinition>();

    private static object? Evaluate(JsonElement properties, string name, ExpressionContext context) =>
        properties.TryGetProperty(name, out var value) ? ExpressionEvaluator.EvaluateJson(value, context) : null;

    /// <summary>The activity's typeProperties with expressions evaluated, as the activity run's input shows them.</summary>
    private static string EvaluatedInput(ActivityDefinition activity, ActivityScope scope) =>
        activity.TypePropertiesJson.IndexOf('@') < 0
            ? activity.TypePropertiesJson
            : ExpressionEvaluator.EvaluateJsonText(activity.TypePropertiesJson, scope.Expressions);
}
