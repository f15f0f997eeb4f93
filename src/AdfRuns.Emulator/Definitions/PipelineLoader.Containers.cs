using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace AdfRuns.Emulator.Definitions;

/// <summary>The inner activity lists of ForEach, IfCondition, Switch and Until, as the REST spec names them.</summary>
internal static partial class PipelineLoader
{
    private static IReadOnlyList<ActivityBranch>? ParseBranches(
        string activityName,
        ContainerKind kind,
        JsonElement typeProperties,
        Func<string, InvalidDataException> invalid)
    {
        var branches = new List<ActivityBranch>();
        void AddList(string property, string key, bool isCase, JsonElement owner)
        {
            if (owner.TryGetProperty(property, out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw invalid($"\"{property}\" of activity '{activityName}' must be an array.");
                }

                branches.Add(new ActivityBranch(key, isCase, ParseActivityList(list, invalid)));
            }
        }

        switch (kind)
        {
            case ContainerKind.ForEach:
            case ContainerKind.Until:
                AddList(ActivityBranch.Loop, ActivityBranch.Loop, false, typeProperties);
                break;
            case ContainerKind.IfCondition:
                AddList(ActivityBranch.IfTrue, ActivityBranch.IfTrue, false, typeProperties);
                AddList(ActivityBranch.IfFalse, ActivityBranch.IfFalse, false, typeProperties);
                break;
            case ContainerKind.Switch:
                if (typeProperties.TryGetProperty("cases", out var cases) && cases.ValueKind == JsonValueKind.Array)
                {
                    foreach (var switchCase in cases.EnumerateArray())
                    {
                        var value = switchCase.ValueKind == JsonValueKind.Object && switchCase.TryGetProperty("value", out var caseValue)
                            ? JsonText.ToParameterString(caseValue)
                            : throw invalid($"a case of Switch activity '{activityName}' has no \"value\".");
                        AddList(ActivityBranch.Loop, value, true, switchCase);
                    }
                }

                AddList(ActivityBranch.Default, ActivityBranch.Default, false, typeProperties);
                break;
            default:
                return null;
        }

        return branches;
    }

    private static List<ActivityDefinition> ParseActivityList(JsonElement list, Func<string, InvalidDataException> invalid)
    {
        var activities = new List<ActivityDefinition>();
        foreach (var activityElement in list.EnumerateArray())
        {
            activities.Add(ParseActivity(activityElement, invalid));
        }

        // dependsOn inside a container refers to activities of the same list.
        ValidateGraph(activities, invalid);
        return activities;
    }
}
