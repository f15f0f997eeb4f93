using System;
using System.Collections.Generic;
using System.Text;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Mapping;

/// <summary>A Fabric workspace or item as a list names it: its id, display name and type.</summary>
public sealed class FabricEntry
{
    public FabricEntry(string id, string displayName, string? type)
    {
        Id = id;
        DisplayName = displayName;
        Type = type;
    }

    public string Id { get; }
    public string DisplayName { get; }
    public string? Type { get; }
}

/// <summary>
/// Maps Fabric REST v1 answers (tests/contract/fabric): job instances to runs, activity runs in either answer shape,
/// workspace and item lists, and a pipeline's definition. The job scheduler's answers name the pipeline by item id only;
/// the caller supplies its display name.
/// </summary>
public static class FabricResponses
{
    /// <summary>
    /// A job instance {"id","itemId","jobType","invokeType","status","failureReason","rootActivityId","startTimeUtc","endTimeUtc"}
    /// as a run. Times without a zone are UTC (recorded both ways). The run is finished only when its status is terminal:
    /// recorded answers said InProgress with the job's end already past, and Cancelled with no end time.
    /// </summary>
    public static PipelineRunData ReadJobInstance(string body, string pipelineName) =>
        ToRun(AsObject(JsonTree.Parse(body), "job instance"), pipelineName);

    /// <summary>A page of an item's job instances ({"value","continuationToken","continuationUri"}).</summary>
    public static QueryPage<PipelineRunData> ReadJobInstancePage(string body, string pipelineName)
    {
        var root = AsObject(JsonTree.Parse(body), "job instance list");
        var runs = new List<PipelineRunData>();
        foreach (var item in ListOf(root, "value"))
        {
            runs.Add(ToRun(AsObject(item, "job instance"), pipelineName));
        }

        return new QueryPage<PipelineRunData>(runs, Text(root, "continuationToken"));
    }

    public static PipelineRunData ToRun(JsonTreeObject job, string pipelineName)
    {
        var start = Time(job, "startTimeUtc");
        var end = Time(job, "endTimeUtc");
        var reason = job.TryGetValue("failureReason", out var value) ? value as JsonTreeObject : null;
        var invokeType = Text(job, "invokeType");
        return new PipelineRunData
        {
            RunId = Text(job, "id") ?? string.Empty,
            PipelineId = Text(job, "itemId"),
            PipelineName = pipelineName,
            Status = RunStatus.FromFabric(Text(job, "status")),
            RunStart = start,
            RunEnd = end,
            DurationInMs = start is { } from && end is { } to && to >= from ? (long)(to - from).TotalMilliseconds : null,
            Message = reason is null ? null : Text(reason, "message"),
            InvokedBy = invokeType is null ? null : new InvokedByData(invokeType, Text(job, "rootActivityId"), invokeType, null, null),
            // Fabric has no lastUpdated; the latest time the job names stands in for it.
            LastUpdated = end ?? start,
        };
    }

    /// <summary>The job instance id in a submit's Location (.../jobs/instances/{id}): the only place Fabric names it.</summary>
    public static string JobIdFromLocation(string? location)
    {
        const string marker = "/jobs/instances/";
        var at = location?.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase) ?? -1;
        var id = at < 0 ? null : location!.Substring(at + marker.Length).Split('?', '/')[0];
        if (id is null || !Guid.TryParse(id, out _))
        {
            throw new FormatException($"The job submit's answer names no job instance in its Location header ('{location}').");
        }

        return id;
    }

    /// <summary>
    /// queryactivityruns: a bare array (the fabric-docs sample) or {"value":[...],"continuationToken"} (a public
    /// client's reading); rows are ADF's, with the pipeline's item id as pipelineName.
    /// </summary>
    public static QueryPage<ActivityRunData> ReadActivityRunPage(string body, string pipelineName)
    {
        var root = JsonTree.Parse(body);
        var rows = root as List<object?> ?? ListOf(AsObject(root, "activity-run answer"), "value");
        var activities = new List<ActivityRunData>();
        foreach (var row in rows)
        {
            var activity = ResponseMapper.ToActivityRun(AsObject(row, "activity run"), null);
            activity.PipelineId = activity.PipelineName;
            activity.PipelineName = pipelineName;
            activities.Add(activity);
        }

        return new QueryPage<ActivityRunData>(activities, root is JsonTreeObject page ? Text(page, "continuationToken") : null);
    }

    /// <summary>GET /v1/workspaces or .../items: {"value":[{"id","displayName","type",...}],"continuationToken"}.</summary>
    public static QueryPage<FabricEntry> ReadEntries(string body)
    {
        var root = AsObject(JsonTree.Parse(body), "list");
        var entries = new List<FabricEntry>();
        foreach (var item in ListOf(root, "value"))
        {
            var entry = AsObject(item, "list item");
            if (Text(entry, "id") is { } id && Text(entry, "displayName") is { } name)
            {
                entries.Add(new FabricEntry(id, name, Text(entry, "type")));
            }
        }

        return new QueryPage<FabricEntry>(entries, Text(root, "continuationToken"));
    }

    /// <summary>getDefinition: the pipeline-content.json part (base64 ADF pipeline JSON; parameter types in lower case) as a pipeline.</summary>
    public static PipelineData ReadDefinition(string body, string pipelineName, string pipelineId)
    {
        var root = AsObject(JsonTree.Parse(body), "definition");
        var definition = root.TryGetValue("definition", out var inner) ? AsObject(inner, "definition") : root;
        foreach (var part in ListOf(definition, "parts"))
        {
            var file = AsObject(part, "definition part");
            if (!string.Equals(Text(file, "path"), "pipeline-content.json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var content = AsObject(JsonTree.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Text(file, "payload") ?? string.Empty))), "pipeline-content.json");
            content.Set("name", pipelineName);
            var pipeline = ResponseMapper.ToPipeline(content, null);
            pipeline.PipelineId = pipelineId;
            return pipeline;
        }

        throw new FormatException($"The definition of pipeline '{pipelineName}' has no pipeline-content.json part.");
    }

    private static List<object?> ListOf(JsonTreeObject owner, string name) =>
        owner.TryGetValue(name, out var value) && value is List<object?> list ? list : new List<object?>();

    private static JsonTreeObject AsObject(object? value, string what) => ResponseMapper.AsObject(value, what);

    private static string? Text(JsonTreeObject owner, string name) => ResponseMapper.Text(owner, name);

    private static DateTimeOffset? Time(JsonTreeObject owner, string name) => ResponseMapper.Time(owner, name);
}
