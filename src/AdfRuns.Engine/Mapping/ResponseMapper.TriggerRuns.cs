using System;
using System.Collections.Generic;
using System.Globalization;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Triggers;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Mapping;

/// <summary>queryTriggerRuns answers (the same shape from a factory and a workspace).</summary>
public static partial class ResponseMapper
{
    /// <summary>
    /// How a trigger run's properties write times: en-US local format, UTC implied (recorded). Parsed with the
    /// invariant culture, whose AM/PM designators are en-US's, so the machine's culture never matters.
    /// </summary>
    private static readonly string[] EnUsTimeFormats = { "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss" };

    public static QueryPage<TriggerRunData> ReadTriggerRunPage(string body, RunTarget? target) =>
        ReadPage(body, item => ToTriggerRun(item, target));

    public static TriggerRunData ToTriggerRun(JsonTreeObject run, RunTarget? target)
    {
        var properties = new List<KeyValuePair<string, string?>>();
        foreach (var property in Members(run, "properties"))
        {
            properties.Add(new KeyValuePair<string, string?>(property.Key, property.Value switch
            {
                null => null,
                string text => text,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString(),
            }));
        }

        var pipelines = new List<KeyValuePair<string, string>>();
        foreach (var pipeline in Members(run, "triggeredPipelines"))
        {
            if (pipeline.Value is string runId && runId.Length > 0)
            {
                pipelines.Add(new KeyValuePair<string, string>(pipeline.Key, runId));
            }
        }

        return new TriggerRunData
        {
            TriggerName = Text(run, "triggerName") ?? string.Empty,
            TriggerRunId = Text(run, "triggerRunId") ?? string.Empty,
            TriggerType = Text(run, "triggerType"),
            TriggerRunTimestamp = Time(run, "triggerRunTimestamp"),
            Status = Text(run, "status"),
            Message = run.TryGetValue("message", out var message) ? message as string : null,
            Properties = properties,
            WindowStart = WindowTime(properties, "windowStartTime"),
            WindowEnd = WindowTime(properties, "windowEndTime"),
            TriggeredPipelines = pipelines,
            GroupId = Text(run, "groupId"),
            Target = target,
        };
    }

    /// <summary>A window bound from the properties: en-US local format (as recorded) or ISO 8601, in UTC.</summary>
    public static DateTimeOffset? WindowTime(IReadOnlyList<KeyValuePair<string, string?>> properties, string name)
    {
        foreach (var property in properties)
        {
            if (!string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase) || property.Value is not { Length: > 0 } text)
            {
                continue;
            }

            const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (DateTimeOffset.TryParseExact(text.Trim(), EnUsTimeFormats, CultureInfo.InvariantCulture, utc, out var enUs))
            {
                return enUs;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, utc, out var iso) ? iso : null;
        }

        return null;
    }
}
