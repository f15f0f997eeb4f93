using System;
using System.Collections.Generic;
using System.Linq;

namespace AdfRuns.Emulator.Definitions;

internal enum DependencyCondition
{
    Succeeded,
    Failed,
    Skipped,
    Completed,
}

internal enum ParameterType
{
    String,
    Int,
    Float,
    Bool,
    Array,
    Object,
    SecureString,
}

internal sealed class ActivityDependency
{
    public ActivityDependency(string activityName, IReadOnlyList<DependencyCondition> conditions)
    {
        ActivityName = activityName;
        Conditions = conditions;
    }

    public string ActivityName { get; }

    public IReadOnlyList<DependencyCondition> Conditions { get; }
}

internal sealed class ActivityDefinition
{
    public ActivityDefinition(
        string name,
        string type,
        IReadOnlyList<ActivityDependency> dependsOn,
        string typePropertiesJson,
        string userPropertiesJson,
        IReadOnlyList<ActivityBranch>? branches = null)
    {
        Name = name;
        Type = type;
        DependsOn = dependsOn;
        TypePropertiesJson = typePropertiesJson;
        UserPropertiesJson = userPropertiesJson;
        Branches = branches ?? Array.Empty<ActivityBranch>();
        Container = ContainerKinds.Of(type);
    }

    public string Name { get; }

    public string Type { get; }

    public IReadOnlyList<ActivityDependency> DependsOn { get; }

    /// <summary>The activity's typeProperties as compact JSON ("{}" when absent); shown as the activity run's input.</summary>
    public string TypePropertiesJson { get; }

    /// <summary>userProperties folded into the {name: value} object activity runs report.</summary>
    public string UserPropertiesJson { get; }

    public bool IsExecutePipeline => string.Equals(Type, "ExecutePipeline", StringComparison.OrdinalIgnoreCase);

    /// <summary>ForEach, IfCondition, Switch or Until: an activity that runs inner activities; None otherwise.</summary>
    public ContainerKind Container { get; }

    /// <summary>The inner activity lists of a container (ForEach/Until: one; If: true and false; Switch: cases and default).</summary>
    public IReadOnlyList<ActivityBranch> Branches { get; }

    /// <summary>This activity and every activity nested in it, depth first.</summary>
    public IEnumerable<ActivityDefinition> SelfAndInner()
    {
        yield return this;
        foreach (var branch in Branches)
        {
            foreach (var inner in branch.Activities)
            {
                foreach (var nested in inner.SelfAndInner())
                {
                    yield return nested;
                }
            }
        }
    }
}

internal sealed class ParameterDefinition
{
    public ParameterDefinition(string name, ParameterType type, string? defaultValueJson)
    {
        Name = name;
        Type = type;
        DefaultValueJson = defaultValueJson;
    }

    public string Name { get; }

    public ParameterType Type { get; }

    /// <summary>Raw JSON of defaultValue, or null when the definition has none.</summary>
    public string? DefaultValueJson { get; }

    // GUESS: a parameter without defaultValue is required at createRun.
    public bool IsRequired => DefaultValueJson is null;
}

internal sealed class PipelineDefinition
{
    private readonly Dictionary<string, ActivityDefinition> activitiesByName;

    public PipelineDefinition(
        string name,
        string propertiesJson,
        IReadOnlyList<ActivityDefinition> activities,
        IReadOnlyList<ParameterDefinition> parameters,
        string source,
        int? concurrency = null)
    {
        Name = name;
        Concurrency = concurrency;
        PropertiesJson = propertiesJson;
        Activities = activities;
        Parameters = parameters;
        Source = source;
        activitiesByName = new Dictionary<string, ActivityDefinition>(StringComparer.OrdinalIgnoreCase);
        foreach (var activity in activities)
        {
            activitiesByName[activity.Name] = activity;
        }

        ETag = ComputeETag(propertiesJson);
    }

    public string Name { get; }

    /// <summary>The "properties" object exactly as the definition file holds it, served by Pipelines - Get.</summary>
    public string PropertiesJson { get; }

    /// <summary>Top-level activities in definition order.</summary>
    public IReadOnlyList<ActivityDefinition> Activities { get; }

    public IReadOnlyList<ParameterDefinition> Parameters { get; }

    /// <summary>properties.concurrency: how many runs of the pipeline may run at once; null when the definition sets none.</summary>
    public int? Concurrency { get; }

    /// <summary>Where the definition came from, for error messages.</summary>
    public string Source { get; }

    public string ETag { get; }

    public ActivityDefinition? FindActivity(string name) =>
        activitiesByName.TryGetValue(name, out var activity) ? activity : null;

    /// <summary>Every activity of the pipeline, inner activities of containers included, depth first.</summary>
    public IEnumerable<ActivityDefinition> AllActivities() => Activities.SelectMany(activity => activity.SelfAndInner());

    /// <summary>An activity at any nesting level (inside ForEach, If, Switch or Until too).</summary>
    public ActivityDefinition? FindActivityAnywhere(string name) =>
        FindActivity(name) ?? AllActivities().FirstOrDefault(activity => string.Equals(activity.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the activity runs inside a ForEach (at any depth), where an item exists.</summary>
    public bool IsInForEach(string name) =>
        AllActivities().Where(activity => activity.Container == ContainerKind.ForEach)
            .Any(forEach => forEach.SelfAndInner().Skip(1).Any(inner => string.Equals(inner.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Every activity that (transitively) depends on <paramref name="start"/>, plus start itself.</summary>
    public HashSet<string> DownstreamOf(string start)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var activity in Activities)
            {
                if (found.Contains(activity.Name))
                {
                    continue;
                }

                foreach (var dependency in activity.DependsOn)
                {
                    if (found.Contains(dependency.ActivityName))
                    {
                        found.Add(activity.Name);
                        changed = true;
                        break;
                    }
                }
            }
        }

        return found;
    }

    private static string ComputeETag(string text)
    {
        // Stable per content, shaped like ADF's etags ("1500504f-0000-0200-0000-5cbe090f0000").
        unchecked
        {
            uint hash = 2166136261;
            foreach (var character in text)
            {
                hash = (hash ^ character) * 16777619;
            }

            uint second = 0;
            foreach (var character in text)
            {
                second = (second * 31) + character;
            }

            return $"{hash:x8}-0000-0200-0000-{second:x8}0000";
        }
    }
}
