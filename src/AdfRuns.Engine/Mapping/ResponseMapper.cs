using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Mapping;

/// <summary>A page of a query: the items and the token for the next page, null on the last.</summary>
public sealed class QueryPage<T>
{
    public QueryPage(IReadOnlyList<T> items, string? continuationToken, int? scanned = null)
    {
        Items = items;
        ContinuationToken = continuationToken;
        Scanned = scanned ?? items.Count;
    }

    public IReadOnlyList<T> Items { get; }
    public string? ContinuationToken { get; }

    /// <summary>How many items the page held, including those left out of <see cref="Items"/> by a filter.</summary>
    public int Scanned { get; }
}

/// <summary>Maps the service's JSON, field by field, to the engine's run, activity and pipeline shapes.</summary>
public static partial class ResponseMapper
{
    public static string ReadRunId(string body)
    {
        using var document = JsonDocument.Parse(body);
        return ReadRunId(document);
    }

    public static string ReadRunId(ReadOnlyMemory<byte> utf8Body)
    {
        using var document = JsonDocument.Parse(utf8Body);
        return ReadRunId(document);
    }

    private static string ReadRunId(JsonDocument document)
    {
        // Read straight from the document: one per started run, and only the id is wanted.
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The service's createRun response is not a JSON object.");
        }

        if (NonEmptyText(LastMember(root, "runId")) is { } runId)
        {
            return runId;
        }

        // Some gateways wrap the answer as {"success": true, "data": {"id": ...}}.
        if (LastMember(root, "data") is { ValueKind: JsonValueKind.Object } wrapped && NonEmptyText(LastMember(wrapped, "id")) is { } id)
        {
            return id;
        }

        throw new FormatException("The createRun response has no runId.");
    }

    public static QueryPage<ActivityRunData> ReadActivityRunPage(string body, RunTarget? target) =>
        ReadPage(body, item => ToActivityRun(item, target));

    public static PipelineData ReadPipeline(string body, RunTarget? target) =>
        ToPipeline(AsObject(JsonTree.Parse(body), "pipeline"), target);

    public static QueryPage<PipelineData> ReadPipelineList(string body, RunTarget? target)
    {
        var root = AsObject(JsonTree.Parse(body), "pipeline list");
        var items = new List<PipelineData>();
        if (root.TryGetValue("value", out var value) && value is List<object?> list)
        {
            foreach (var item in list)
            {
                items.Add(ToPipeline(AsObject(item, "pipeline"), target));
            }
        }

        return new QueryPage<PipelineData>(items, Text(root, "nextLink"));
    }

    public static ActivityRunData ToActivityRun(JsonTreeObject activity, RunTarget? target) => new()
    {
        ActivityName = Text(activity, "activityName") ?? string.Empty,
        ActivityType = Text(activity, "activityType"),
        ActivityRunId = Text(activity, "activityRunId") ?? string.Empty,
        PipelineName = Text(activity, "pipelineName"),
        PipelineRunId = Text(activity, "pipelineRunId"),
        Status = RunStatus.Normalize(Text(activity, "status")),
        ActivityRunStart = Time(activity, "activityRunStart"),
        ActivityRunEnd = Time(activity, "activityRunEnd"),
        DurationInMs = Whole(activity, "durationInMs"),
        RetryAttempt = Whole(activity, "retryAttempt") is long attempt ? (int)attempt : null,
        LinkedServiceName = Text(activity, "linkedServiceName"),
        Input = activity.TryGetValue("input", out var input) ? input : null,
        Output = activity.TryGetValue("output", out var output) ? output : null,
        UserProperties = activity.TryGetValue("userProperties", out var userProperties) ? userProperties : null,
        Error = ToActivityError(activity),
        Target = target,
        ChildPipelineRunId = ChildRunIdOf(activity),
        ChildPipelineName = ChildPipelineNameOf(activity),
    };

    public static PipelineData ToPipeline(JsonTreeObject pipeline, RunTarget? target)
    {
        var properties = pipeline.TryGetValue("properties", out var value) && value is JsonTreeObject inner ? inner : new JsonTreeObject();
        var parameters = new List<PipelineParameterData>();
        if (properties.TryGetValue("parameters", out var definitions) && definitions is JsonTreeObject definitionMap)
        {
            foreach (var definition in definitionMap)
            {
                var spec = definition.Value as JsonTreeObject ?? new JsonTreeObject();
                var hasDefault = spec.TryGetValue("defaultValue", out var defaultValue);
                parameters.Add(new PipelineParameterData(definition.Key, Text(spec, "type") ?? "String", defaultValue, hasDefault));
            }
        }

        var activities = new List<string>();
        if (properties.TryGetValue("activities", out var activityList) && activityList is List<object?> list)
        {
            foreach (var activity in list)
            {
                if (activity is JsonTreeObject named && Text(named, "name") is { } name)
                {
                    activities.Add(name);
                }
            }
        }

        var contents = PipelineContents.Read(properties);

        return new PipelineData
        {
            Name = Text(pipeline, "name") ?? string.Empty,
            Description = Text(properties, "description"),
            Parameters = parameters,
            Activities = activities,
            InnerActivities = contents.InnerActivities,
            CalledPipelines = contents.CalledPipelines,
            Folder = properties.TryGetValue("folder", out var folder) && folder is JsonTreeObject folderObject ? Text(folderObject, "name") : null,
            ETag = Text(pipeline, "etag"),
            Target = target,
        };
    }

    /// <summary>
    /// An ExecutePipeline activity's output is {"pipelineName", "pipelineRunId"}: the run it started. GUESS: Fabric's
    /// Invoke Pipeline activity (InvokePipeline) reports its child the same way; its output is not documented.
    /// </summary>
    private static string? ChildRunIdOf(JsonTreeObject activity) =>
        StartsPipelines(activity)
        && activity.TryGetValue("output", out var output) && output is JsonTreeObject started
            ? Text(started, "pipelineRunId")
            : null;

    /// <summary>The pipeline an ExecutePipeline activity started: its output's pipelineName, else its input's pipeline.referenceName.</summary>
    private static string? ChildPipelineNameOf(JsonTreeObject activity)
    {
        if (!StartsPipelines(activity))
        {
            return null;
        }

        return activity.TryGetValue("output", out var output) && output is JsonTreeObject started && Text(started, "pipelineName") is { } name
            ? name
            : activity.TryGetValue("input", out var input) && input is JsonTreeObject given && given.TryGetValue("pipeline", out var reference) && reference is JsonTreeObject pipeline
                ? Text(pipeline, "referenceName")
                : null;
    }

    private static bool StartsPipelines(JsonTreeObject activity) =>
        Text(activity, "activityType") is { } type
        && (string.Equals(type, "ExecutePipeline", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "InvokePipeline", StringComparison.OrdinalIgnoreCase));

    private static ActivityErrorData? ToActivityError(JsonTreeObject activity)
    {
        if (!activity.TryGetValue("error", out var value) || value is not JsonTreeObject error)
        {
            return null;
        }

        var code = Text(error, "errorCode");
        var message = Text(error, "message");
        var failureType = Text(error, "failureType");
        // On success the service still sends the error object, with empty strings and the activity as target.
        if (code is null && message is null && failureType is null)
        {
            return null;
        }

        return new ActivityErrorData(code, message, failureType, Text(error, "target"));
    }

    private static QueryPage<T> ReadPage<T>(string body, Func<JsonTreeObject, T> map)
    {
        var root = AsObject(JsonTree.Parse(body), "query response");
        var items = new List<T>();
        if (root.TryGetValue("value", out var value) && value is List<object?> list)
        {
            foreach (var item in list)
            {
                items.Add(map(AsObject(item, "query item")));
            }
        }

        return new QueryPage<T>(items, Text(root, "continuationToken"));
    }

    /// <summary>The member the tree would keep (names match without case, the last one given wins), or null.</summary>
    private static JsonElement? LastMember(JsonElement owner, string name)
    {
        JsonElement? found = null;
        foreach (var member in owner.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                found = member.Value;
            }
        }

        return found;
    }

    /// <summary>A string member's text, as <see cref="Text"/> reads it from the tree: null when absent, not a string, or empty.</summary>
    private static string? NonEmptyText(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 0 } content ? content : null;

    internal static JsonTreeObject AsObject(object? value, string what) =>
        value as JsonTreeObject ?? throw new FormatException($"The service's {what} is not a JSON object.");

    private static IReadOnlyList<KeyValuePair<string, object?>> Members(JsonTreeObject owner, string name) =>
        MembersOf(owner.TryGetValue(name, out var value) ? value : null);

    internal static string? Text(JsonTreeObject owner, string name) =>
        TextOf(owner.TryGetValue(name, out var value) ? value : null);

    private static long? Whole(JsonTreeObject owner, string name) =>
        WholeOf(owner.TryGetValue(name, out var value) ? value : null);

    internal static DateTimeOffset? Time(JsonTreeObject owner, string name) =>
        TimeOf(owner.TryGetValue(name, out var value) ? value : null);
}
