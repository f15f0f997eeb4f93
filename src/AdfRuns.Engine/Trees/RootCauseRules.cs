using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Trees;

/// <summary>Which failed activities of one pipeline run can explain its failure.</summary>
public static class RootCauseRules
{
    // A container fails because an activity inside it failed, and that inner activity is reported in the same
    // pipeline run; the service's activity runs carry no link from inner activity to container.
    private static readonly HashSet<string> ContainerTypes = new(StringComparer.OrdinalIgnoreCase) { "ForEach", "IfCondition", "Switch", "Until" };

    public static bool IsContainer(ActivityRunData activity) => activity.ActivityType is { } type && ContainerTypes.Contains(type);

    /// <summary>
    /// The failed activities, without the containers (ForEach, If, Switch, Until) when anything else failed: those
    /// failed because of what ran inside them. A container that failed on its own (nothing inside failed) stays.
    /// </summary>
    public static IReadOnlyList<ActivityRunData> Candidates(IEnumerable<ActivityRunData> activities)
    {
        var failed = activities.Where(activity => activity.Status == RunStatus.Failed).ToList();
        var inner = failed.Where(activity => !IsContainer(activity)).ToList();
        return inner.Count > 0 ? inner : failed;
    }
}
