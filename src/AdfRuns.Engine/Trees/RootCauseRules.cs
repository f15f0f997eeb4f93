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

    /// <summary>Why a run given to -RootCause has no root cause to show: it did not fail, or it failed before any activity did.</summary>
    public static string NothingToExplain(PipelineRunData run)
    {
        var named = $"Run {run.RunId} of pipeline '{run.PipelineName}'";
        return run.Status switch
        {
            RunStatus.Failed => $"{named} is Failed, but no activity of it failed; the run's message: "
                + (string.IsNullOrWhiteSpace(run.Message) ? "(none)" : run.Message),
            RunStatus.Queued or RunStatus.InProgress => $"{named} is {run.Status}: it has no failed activity to explain yet.",
            _ => $"{named} is {run.Status}: it has no failed activity to explain.",
        };
    }
}
