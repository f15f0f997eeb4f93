using System.Collections.Generic;

namespace AdfRuns.Emulator.Definitions;

internal enum ContainerKind
{
    None,
    ForEach,
    IfCondition,
    Switch,
    Until,
}

/// <summary>
/// One list of inner activities of a container: "activities" of ForEach and Until, "ifTrueActivities" and
/// "ifFalseActivities" of IfCondition, each case's "activities" (its key is the case value) and "defaultActivities"
/// of Switch.
/// </summary>
internal sealed class ActivityBranch
{
    public const string IfTrue = "ifTrueActivities";
    public const string IfFalse = "ifFalseActivities";
    public const string Default = "defaultActivities";
    public const string Loop = "activities";

    public ActivityBranch(string key, bool isCase, IReadOnlyList<ActivityDefinition> activities)
    {
        Key = key;
        IsCase = isCase;
        Activities = activities;
    }

    /// <summary>The property the list came from, or the case value for a Switch case.</summary>
    public string Key { get; }

    public bool IsCase { get; }

    public IReadOnlyList<ActivityDefinition> Activities { get; }
}

internal static class ContainerKinds
{
    public static ContainerKind Of(string activityType) => activityType.ToLowerInvariant() switch
    {
        "foreach" => ContainerKind.ForEach,
        "ifcondition" => ContainerKind.IfCondition,
        "switch" => ContainerKind.Switch,
        "until" => ContainerKind.Until,
        _ => ContainerKind.None,
    };
}
