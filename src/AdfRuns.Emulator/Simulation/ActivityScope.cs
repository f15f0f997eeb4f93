using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// One list of activities being executed together under ADF's dependency rules: the pipeline's own activities, or
/// one iteration of a ForEach or Until, or the branch an IfCondition or Switch chose. Inner activities record their
/// activity runs on the pipeline run that owns the container, under their own names, one per iteration
/// (SECONDARY: MicrosoftDocs/azure-docs#7457 and #63999, monitoring lists of ForEach runs; the REST ActivityRun has
/// no field linking an inner activity to its container or iteration, so the emulator gives none).
/// </summary>
internal sealed class ActivityScope
{
    public ActivityScope(
        PipelineRunState run,
        IReadOnlyList<ActivityDefinition> definitions,
        ExpressionContext expressions,
        ActivityScope? parent = null,
        ActivityExecution? owner = null)
    {
        Run = run;
        Expressions = expressions;
        Parent = parent;
        Owner = owner;
        foreach (var definition in definitions)
        {
            var execution = new ActivityExecution(definition);
            Activities.Add(execution);
            ActivitiesByName[definition.Name] = execution;
        }
    }

    public PipelineRunState Run { get; }

    /// <summary>What expressions of these activities see (the ForEach item inside an iteration).</summary>
    public ExpressionContext Expressions { get; }

    /// <summary>The scope the container activity that owns this one runs in; null for the pipeline's own activities.</summary>
    public ActivityScope? Parent { get; }

    /// <summary>The container activity this scope is an iteration or branch of; null for the pipeline's own activities.</summary>
    public ActivityExecution? Owner { get; }

    public List<ActivityExecution> Activities { get; } = new();

    public Dictionary<string, ActivityExecution> ActivitiesByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// In a recovery run from failure: the same scope in the run it recovers (the same pipeline's activities, the
    /// iteration with the same item, the same branch), whose succeeded activities this scope does not run again.
    /// </summary>
    public ActivityScope? Reference { get; private set; }

    /// <summary>Recovers <paramref name="reference"/>: its succeeded activities count as Succeeded here without running.</summary>
    public void Recover(ActivityScope? reference)
    {
        Reference = reference;
        if (reference is null)
        {
            return;
        }

        foreach (var activity in Activities)
        {
            if (reference.ActivitiesByName.TryGetValue(activity.Definition.Name, out var earlier) && earlier.State == ActivityState.Succeeded)
            {
                activity.State = ActivityState.Succeeded;
                activity.Reused = true;
            }
        }
    }

    /// <summary>Set once every activity is resolved and the owner (run or container) has been told.</summary>
    public bool Finished { get; set; }

    public bool AllResolved => Activities.All(a => a.IsResolved);

    /// <summary>Every activity execution in this scope and in the iterations of its containers.</summary>
    public IEnumerable<ActivityExecution> AllExecutions() =>
        Activities.SelectMany(activity => new[] { activity }.Concat(
            activity.Container?.Iterations.SelectMany(iteration => iteration.AllExecutions()) ?? Enumerable.Empty<ActivityExecution>()));
}

/// <summary>How far a container activity got: the iterations it still has to start, and the ones it started.</summary>
internal sealed class ContainerProgress
{
    public ContainerProgress(IReadOnlyList<ActivityDefinition> activities, IReadOnlyList<ExpressionContext> iterations, int limit)
    {
        Activities = activities;
        PendingIterations = iterations;
        Limit = Math.Max(1, limit);
    }

    /// <summary>The activities every iteration runs.</summary>
    public IReadOnlyList<ActivityDefinition> Activities { get; }

    /// <summary>One context per iteration to run (a ForEach item each; one for If and Switch; Until adds as it loops).</summary>
    public IReadOnlyList<ExpressionContext> PendingIterations { get; set; }

    public int NextIteration { get; set; }

    public int Running { get; set; }

    /// <summary>How many iterations may run at once (ForEach's batchCount, 1 when sequential).</summary>
    public int Limit { get; }

    public List<ActivityScope> Iterations { get; } = new();

    public bool Done => Running == 0 && NextIteration >= PendingIterations.Count;
}
