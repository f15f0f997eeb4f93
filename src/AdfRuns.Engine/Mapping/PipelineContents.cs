using System;
using System.Collections.Generic;
using AdfRuns.Engine.Json;

namespace AdfRuns.Engine.Mapping;

/// <summary>What a pipeline definition holds below its top level: the activities inside its containers, and the pipelines its ExecutePipeline activities call.</summary>
internal sealed class PipelineContents
{
    // Where each container keeps its activities (Switch also in each of its cases).
    private static readonly string[] ActivityLists = { "activities", "ifTrueActivities", "ifFalseActivities", "defaultActivities" };

    private PipelineContents()
    {
    }

    public List<string> InnerActivities { get; } = new();
    public List<string> CalledPipelines { get; } = new();

    public static PipelineContents Read(JsonTreeObject properties)
    {
        var contents = new PipelineContents();
        contents.Visit(properties.TryGetValue("activities", out var activities) ? activities : null, inner: false, depth: 0);
        return contents;
    }

    private void Visit(object? activityList, bool inner, int depth)
    {
        if (activityList is not List<object?> list || depth > JsonTree.MaxDepth)
        {
            return;
        }

        foreach (var item in list)
        {
            if (item is not JsonTreeObject activity)
            {
                continue;
            }

            if (inner && activity.TryGetValue("name", out var name) && name is string text)
            {
                InnerActivities.Add(text);
            }

            if (!activity.TryGetValue("typeProperties", out var value) || value is not JsonTreeObject typeProperties)
            {
                continue;
            }

            if (activity.TryGetValue("type", out var type) && type is string typeName && string.Equals(typeName, "ExecutePipeline", StringComparison.OrdinalIgnoreCase)
                && typeProperties.TryGetValue("pipeline", out var reference) && reference is JsonTreeObject pipeline
                && pipeline.TryGetValue("referenceName", out var called) && called is string calledName && !CalledPipelines.Contains(calledName))
            {
                CalledPipelines.Add(calledName);
            }

            foreach (var key in ActivityLists)
            {
                Visit(typeProperties.TryGetValue(key, out var nested) ? nested : null, inner: true, depth + 1);
            }

            if (typeProperties.TryGetValue("cases", out var cases) && cases is List<object?> caseList)
            {
                foreach (var switchCase in caseList)
                {
                    if (switchCase is JsonTreeObject caseObject)
                    {
                        Visit(caseObject.TryGetValue("activities", out var caseActivities) ? caseActivities : null, inner: true, depth + 1);
                    }
                }
            }
        }
    }
}
