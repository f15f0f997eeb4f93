using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using AdfRuns.Engine.Model;

namespace AdfRuns.Internal;

/// <summary>Turns the engine's data into the module's public output types.</summary>
internal static class OutputMapper
{
    public static Pipeline ToPipeline(PipelineData data)
    {
        var parameters = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in data.Parameters)
        {
            parameters[parameter.Name] = new PipelineParameter(parameter.Name, parameter.Type, PowerShellJson.ToPowerShell(parameter.DefaultValue), parameter.IsRequired);
        }

        var activities = new string[data.Activities.Count];
        for (var i = 0; i < activities.Length; i++)
        {
            activities[i] = data.Activities[i];
        }

        return new Pipeline(data.Name, data.Description, parameters, activities, data.Folder, data.Factory?.SubscriptionId ?? string.Empty, data.Factory?.ResourceGroupName ?? string.Empty, data.Factory?.FactoryName ?? string.Empty);
    }
}
