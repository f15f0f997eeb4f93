using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>ADF's rules for when an activity may start, and for whether a finished run succeeded.</summary>
internal static class DependencyRules
{
    /// <summary>null while an upstream activity is unresolved; otherwise whether every dependency's conditions hold.</summary>
    public static bool? DependenciesMet(ActivityScope scope, ActivityExecution activity)
    {
        var allMet = true;
        foreach (var dependency in activity.Definition.DependsOn)
        {
            var upstream = scope.ActivitiesByName[dependency.ActivityName];
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

    /// <summary>
    /// ADF's rule: look at the leaf activities; a skipped leaf is replaced by its parents; the run succeeds
    /// iff every evaluated activity succeeded. Returns the first failed evaluated activity, or null.
    /// </summary>
    public static ActivityExecution? FirstFailure(ActivityScope scope)
    {
        var upstreamNames = new HashSet<string>(
            scope.Activities.SelectMany(a => a.Definition.DependsOn).Select(d => d.ActivityName),
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
                    Evaluate(scope.ActivitiesByName[dependency.ActivityName]);
                }
            }
            else
            {
                evaluated.Add(node);
            }
        }

        foreach (var leaf in scope.Activities.Where(a => !upstreamNames.Contains(a.Definition.Name)))
        {
            Evaluate(leaf);
        }

        return scope.Activities.FirstOrDefault(a => evaluated.Contains(a) && a.State != ActivityState.Succeeded);
    }

    private static bool Satisfies(ActivityState state, DependencyCondition condition) => condition switch
    {
        DependencyCondition.Succeeded => state == ActivityState.Succeeded,
        DependencyCondition.Failed => state == ActivityState.Failed,
        DependencyCondition.Skipped => state == ActivityState.Skipped,
        DependencyCondition.Completed => state is ActivityState.Succeeded or ActivityState.Failed,
        _ => false,
    };
}
