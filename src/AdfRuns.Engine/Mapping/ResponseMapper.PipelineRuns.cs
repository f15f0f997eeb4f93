using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Mapping;

/// <summary>
/// Pipeline runs, read straight from the service's JSON in one pass over each run's members: a bulk start reads a
/// hundred runs back per query, and a run need not become a tree of its own before it becomes a run.
/// </summary>
public static partial class ResponseMapper
{
    // The members a run is made of, as the service names them; matched without case, the last one given wins (as the tree reads them).
    private static readonly string[] RunMembers =
    {
        "id", "runId", "debugRunId", "runGroupId", "pipelineName", "parameters", "invokedBy", "runStart", "runEnd",
        "durationInMs", "status", "message", "lastUpdated", "annotations", "runDimension", "runDimensions", "isLatest",
    };

    // The same names in UTF-8, as the document holds them: compared without making a string of either side.
    private static readonly byte[][] RunMembersUtf8 = Array.ConvertAll(RunMembers, System.Text.Encoding.UTF8.GetBytes);

    private static readonly byte[] RunIdUtf8 = RunMembersUtf8[1];

    public static PipelineRunData ReadPipelineRun(string body, RunTarget? target)
    {
        using var document = JsonDocument.Parse(body);
        return ToPipelineRun(document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : throw new FormatException("The service's pipeline run is not a JSON object."), target);
    }

    /// <summary>
    /// A page of runs; with <paramref name="keep"/>, only those it picks by run id are read into runs: reading a few
    /// just-started runs back looks for them among a page of a hundred, and the rest need not become objects.
    /// </summary>
    public static QueryPage<PipelineRunData> ReadPipelineRunPage(string body, RunTarget? target, Func<string, bool>? keep = null) =>
        ReadPipelineRunPage(System.Text.Encoding.UTF8.GetBytes(body), target, keep);

    /// <summary>As above, from the page as the service sent it (UTF-8); every run when <paramref name="keep"/> is null.</summary>
    public static QueryPage<PipelineRunData> ReadPipelineRunPage(ReadOnlyMemory<byte> utf8Body, RunTarget? target, Func<string, bool>? keep)
    {
        using var document = JsonDocument.Parse(utf8Body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("The service's query response is not a JSON object.");
        }

        var items = new List<PipelineRunData>();
        var scanned = 0;
        if (LastMember(root, "value") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var item in list.EnumerateArray())
            {
                scanned++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("The service's query item is not a JSON object.");
                }

                if (keep is null || (NonEmptyText(RunIdOf(item)) is { } id && keep(id)))
                {
                    items.Add(ToPipelineRun(item, target));
                }
            }
        }

        return new QueryPage<PipelineRunData>(items, NonEmptyText(LastMember(root, "continuationToken")), scanned);
    }

    private static PipelineRunData ToPipelineRun(JsonElement run, RunTarget? target)
    {
        var values = ReadRunMembers(run);
        var invokedBy = values[6] is JsonTreeObject by ? by : null;
        return new()
        {
            Id = TextOf(values[0]),
            RunId = TextOf(values[1]) ?? string.Empty,
            DebugRunId = TextOf(values[2]),
            RunGroupId = TextOf(values[3]),
            PipelineName = TextOf(values[4]) ?? string.Empty,
            Parameters = MembersOf(values[5]),
            InvokedBy = invokedBy is null ? null : new InvokedByData(Text(invokedBy, "name"), Text(invokedBy, "id"), Text(invokedBy, "invokedByType"), Text(invokedBy, "pipelineName"), Text(invokedBy, "pipelineRunId")),
            RunStart = TimeOf(values[7]),
            RunEnd = TimeOf(values[8]),
            DurationInMs = WholeOf(values[9]),
            Status = RunStatus.Normalize(TextOf(values[10])),
            Message = values[11] as string,
            LastUpdated = TimeOf(values[12]),
            Annotations = values[13] as List<object?> ?? (IReadOnlyList<object?>)Array.Empty<object?>(),
            // The spec names it runDimensions; real responses say runDimension.
            RunDimension = MembersOf(values[14]) is { Count: > 0 } singular ? singular : MembersOf(values[15]),
            IsLatest = values[16] is bool latest ? latest : null,
            Target = target,
        };
    }

    /// <summary>
    /// The values of a run's members, by their place in <see cref="RunMembers"/>, each as the tree reads it; a
    /// member's name is compared as it stands before it is made into a string, and only when it is not spelled as
    /// the service spells it is it matched without case.
    /// </summary>
    private static object?[] ReadRunMembers(JsonElement run)
    {
        var values = new object?[RunMembers.Length];
        var next = 0;
        foreach (var member in run.EnumerateObject())
        {
            if (RunMemberIndexOf(member, next) is var at and >= 0)
            {
                values[at] = JsonTree.Read(member.Value);
                next = at + 1;
            }
        }

        return values;
    }

    /// <param name="next">Where to look first: the service writes a run's members in the order <see cref="RunMembers"/> lists them.</param>
    private static int RunMemberIndexOf(JsonProperty member, int next)
    {
        for (var tried = 0; tried < RunMembersUtf8.Length; tried++)
        {
            var i = (next + tried) % RunMembersUtf8.Length;
            if (member.NameEquals(RunMembersUtf8[i]))
            {
                return i;
            }
        }

        var name = member.Name;
        for (var i = 0; i < RunMembers.Length; i++)
        {
            if (string.Equals(RunMembers[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A page item's runId, looked for as the service spells it (no string made of each member's name); only an item
    /// without it is searched without case (where a name given twice, differently cased, keeps the last).
    /// </summary>
    private static JsonElement? RunIdOf(JsonElement item)
    {
        JsonElement? found = null;
        foreach (var member in item.EnumerateObject())
        {
            if (member.NameEquals(RunIdUtf8))
            {
                found = member.Value;
            }
        }

        return found ?? LastMember(item, "runId");
    }

    private static string? TextOf(object? value) => value is string text && text.Length > 0 ? text : null;

    private static long? WholeOf(object? value) => value switch
    {
        long whole => whole,
        decimal exact => (long)exact,
        double real => (long)real,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static DateTimeOffset? TimeOf(object? value) =>
        TextOf(value) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static IReadOnlyList<KeyValuePair<string, object?>> MembersOf(object? value) =>
        value is JsonTreeObject members ? new List<KeyValuePair<string, object?>>(members) : Array.Empty<KeyValuePair<string, object?>>();
}
