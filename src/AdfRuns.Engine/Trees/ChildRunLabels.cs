using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Trees;

/// <summary>
/// The Path segment of an ExecutePipeline activity that started more than one child run in one pipeline run (inside
/// a ForEach or Until): its name with the parameters that tell those children apart, e.g. RunChild[Table=table_07].
/// An activity that started one child keeps its plain name.
/// </summary>
public static class ChildRunLabels
{
    private const int MaxParameters = 3;
    private const int MaxValueLength = 32;


    /// <summary>The parameters an ExecutePipeline activity passed to its child run (its input's parameters), or null.</summary>
    public static JsonTreeObject? ParametersOf(ActivityRunData activity) =>
        string.Equals(activity.ActivityType, "ExecutePipeline", StringComparison.OrdinalIgnoreCase)
        && activity.Input is JsonTreeObject input
        && input.TryGetValue("parameters", out var parameters)
        && parameters is JsonTreeObject { Count: > 0 } named
            ? named
            : null;

    /// <summary>
    /// Each activity of one pipeline run with its Path segment. <paramref name="failedOnly"/>: only the failed activity
    /// runs were read, so a single failed ExecutePipeline activity may have had siblings that succeeded; when a ForEach
    /// of more than one item (its input's ItemsCount; unknown counts as more) failed in the same run too, it is labelled
    /// with all its parameters, as which of them differ is unknown. (An Until is not counted: its rounds usually pass
    /// the same parameters, so they would not tell the children apart.)
    /// </summary>
    public static IReadOnlyDictionary<ActivityRunData, string> Segments(IReadOnlyList<ActivityRunData> activities, bool failedOnly)
    {
        var segments = new Dictionary<ActivityRunData, string>();
        var forEachFailed = failedOnly && activities.Any(activity =>
            string.Equals(activity.ActivityType, "ForEach", StringComparison.OrdinalIgnoreCase) && activity.Status == RunStatus.Failed && !SingleItem(activity));
        var groups = activities
            .Select(activity => (Activity: activity, Parameters: ParametersOf(activity)))
            .Where(pair => pair.Parameters is not null)
            .GroupBy(pair => pair.Activity.ActivityName, StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            var siblings = group.ToList();
            IReadOnlyList<string> shown;
            if (siblings.Count > 1)
            {
                shown = Differing(siblings.Select(pair => pair.Parameters!).ToList());
            }
            else if (forEachFailed)
            {
                shown = siblings[0].Parameters!.Keys.ToList();
            }
            else
            {
                continue;
            }

            foreach (var (activity, parameters) in siblings)
            {
                segments[activity] = activity.ActivityName + Label(parameters!, shown);
            }
        }

        foreach (var activity in activities.Where(activity => !segments.ContainsKey(activity)))
        {
            segments[activity] = activity.ActivityName;
        }

        return segments;
    }

    private static bool SingleItem(ActivityRunData forEach) =>
        forEach.Input is JsonTreeObject input && input.TryGetValue("ItemsCount", out var count) 
        && count is IConvertible number and not string && number.ToDouble(CultureInfo.InvariantCulture) <= 1;

    /// <summary>The parameter names whose values are not the same in every sibling; all of them when none differ.</summary>
    private static IReadOnlyList<string> Differing(IReadOnlyList<JsonTreeObject> siblings)
    {
        var names = siblings.SelectMany(parameters => parameters.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var differing = names.Where(name => siblings.Select(parameters => ValueText(parameters, name)).Distinct(StringComparer.Ordinal).Skip(1).Any()).ToList();
        return differing.Count > 0 ? differing : names;
    }

    private static string Label(JsonTreeObject parameters, IReadOnlyList<string> shown)
    {
        var parts = shown.Where(parameters.ContainsKey).Take(MaxParameters).Select(name => name + "=" + Shorten(ValueText(parameters, name))).ToList();
        if (shown.Count(parameters.ContainsKey) > MaxParameters)
        {
            parts.Add("...");
        }

        return parts.Count == 0 ? string.Empty : "[" + string.Join(",", parts) + "]";
    }

    private static string ValueText(JsonTreeObject parameters, string name) =>
        !parameters.TryGetValue(name, out var value) ? string.Empty
        : value is string text ? text
        : JsonTree.Serialize(value);

    private static string Shorten(string value) =>
        value.Length <= MaxValueLength ? value : value.Substring(0, MaxValueLength - 3) + "...";
}
