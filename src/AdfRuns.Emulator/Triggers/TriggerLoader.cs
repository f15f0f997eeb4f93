using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Triggers;

/// <summary>Reads triggers from ADF's JSON: the sample factory's embedded trigger/*.json, or a factory folder's trigger/ folder.</summary>
internal static class TriggerLoader
{
    private const string SampleResourcePrefix = "SampleFactory/trigger/";

    public static IReadOnlyList<TriggerDefinition> LoadSampleFactory() =>
        SampleResources.Read(SampleResourcePrefix).Select(sample => Parse(sample.Json, sample.Source)).ToList();

    /// <summary>The trigger/*.json files of the factory folders among the paths (a pipeline file or a plain folder has none).</summary>
    public static IReadOnlyList<TriggerDefinition> LoadFromPaths(IEnumerable<string> paths)
    {
        var triggers = new List<TriggerDefinition>();
        foreach (var path in paths)
        {
            var folder = Path.Combine(path, "trigger");
            if (!Directory.Exists(path) || !Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder, "*.json", SearchOption.TopDirectoryOnly).OrderBy(f => f, StringComparer.Ordinal))
            {
                triggers.Add(Parse(File.ReadAllText(file, Encoding.UTF8), file));
            }
        }

        var twice = triggers.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? triggers
            : throw new InvalidDataException($"Trigger '{twice.Key}' is defined twice: in '{twice.First().Source}' and in '{twice.Last().Source}'.");
    }

    public static TriggerDefinition Parse(string json, string source)
    {
        InvalidDataException Invalid(string problem) => new($"Trigger file '{source}': {problem}");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{source}' is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            var name = Text(root, "name") ?? throw Invalid("it has no \"name\".");
            var properties = Member(root, "properties") is { ValueKind: JsonValueKind.Object } p ? p : throw Invalid("it has no \"properties\" object.");
            var type = Text(properties, "type");
            var typeProperties = Member(properties, "typeProperties") is { ValueKind: JsonValueKind.Object } t ? t : throw Invalid("it has no \"properties.typeProperties\" object.");
            var started = !string.Equals(Text(properties, "runtimeState"), "Stopped", StringComparison.OrdinalIgnoreCase);
            if (string.Equals(type, TriggerTypes.TumblingWindow, StringComparison.OrdinalIgnoreCase))
            {
                var pipeline = Member(properties, "pipeline") ?? throw Invalid("a tumbling window trigger needs \"properties.pipeline\".");
                var maxConcurrency = Member(typeProperties, "maxConcurrency") is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : 1;
                if (maxConcurrency is < 1 or > 50)
                {
                    throw Invalid("\"maxConcurrency\" must be between 1 and 50.");
                }

                return new TriggerDefinition(
                    name,
                    TriggerTypes.TumblingWindow,
                    PipelineName(pipeline, Invalid),
                    Parameters(pipeline),
                    Period(typeProperties, Invalid),
                    Time(typeProperties, "startTime", Invalid) ?? throw Invalid("\"typeProperties.startTime\" is required."),
                    Time(typeProperties, "endTime", Invalid),
                    maxConcurrency,
                    started,
                    source);
            }

            if (string.Equals(type, TriggerTypes.Schedule, StringComparison.OrdinalIgnoreCase))
            {
                var recurrence = Member(typeProperties, "recurrence") is { ValueKind: JsonValueKind.Object } r ? r : throw Invalid("a schedule trigger needs \"typeProperties.recurrence\".");
                var pipelines = Member(properties, "pipelines") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 1
                    ? list[0]
                    // Limitation: the emulator runs one pipeline per schedule trigger (the service allows several).
                    : throw Invalid("the emulator's schedule triggers start exactly one pipeline (\"properties.pipelines\" with one entry).");
                return new TriggerDefinition(
                    name,
                    TriggerTypes.Schedule,
                    PipelineName(pipelines, Invalid),
                    Parameters(pipelines),
                    Period(recurrence, Invalid),
                    Time(recurrence, "startTime", Invalid) ?? throw Invalid("\"recurrence.startTime\" is required."),
                    Time(recurrence, "endTime", Invalid),
                    int.MaxValue,
                    started,
                    source);
            }

            throw Invalid($"trigger type '{type}' is not emulated (only {TriggerTypes.TumblingWindow} and {TriggerTypes.Schedule}).");
        }
    }

    private static string PipelineName(JsonElement pipeline, Func<string, InvalidDataException> invalid) =>
        (Member(pipeline, "pipelineReference") is { ValueKind: JsonValueKind.Object } reference ? Text(reference, "referenceName") : null)
        ?? throw invalid("its pipeline has no \"pipelineReference.referenceName\".");

    private static IReadOnlyList<KeyValuePair<string, string>> Parameters(JsonElement pipeline)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (Member(pipeline, "parameters") is { ValueKind: JsonValueKind.Object } values)
        {
            foreach (var value in values.EnumerateObject())
            {
                parameters.Add(new KeyValuePair<string, string>(value.Name, JsonText.ToParameterString(value.Value)));
            }
        }

        return parameters;
    }

    private static TimeSpan Period(JsonElement element, Func<string, InvalidDataException> invalid)
    {
        var interval = Member(element, "interval") is { ValueKind: JsonValueKind.Number } i ? i.GetInt32() : 1;
        if (interval < 1)
        {
            throw invalid("\"interval\" must be 1 or more.");
        }

        // Simplification: a month is 30 days, and a schedule trigger's "schedule" (hours, week days) is not applied.
        return Text(element, "frequency")?.ToUpperInvariant() switch
        {
            "MINUTE" => TimeSpan.FromMinutes(interval),
            "HOUR" => TimeSpan.FromHours(interval),
            "DAY" => TimeSpan.FromDays(interval),
            "WEEK" => TimeSpan.FromDays(7 * interval),
            "MONTH" => TimeSpan.FromDays(30 * interval),
            var other => throw invalid($"frequency '{other}' is not one of Minute, Hour, Day, Week, Month."),
        };
    }

    private static DateTimeOffset? Time(JsonElement element, string name, Func<string, InvalidDataException> invalid)
    {
        if (Text(element, name) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw invalid($"\"{name}\" '{text}' is not an ISO 8601 time.");
    }

    private static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? Member(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
