using System;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>Plausible activity run outputs and error codes per activity type.</summary>
internal static class ActivityOutputs
{
    private const string IntegrationRuntime = "AutoResolveIntegrationRuntime (East US)";

    public static string ForSuccess(ActivityDefinition activity, DateTimeOffset start, DateTimeOffset end)
    {
        var seconds = Math.Max(1, (int)Math.Round((end - start).TotalSeconds));
        return activity.Type.ToLowerInvariant() switch
        {
            "copy" => CopyOutput(start, seconds),
            "databricksnotebook" or "databrickssparkjar" or "databrickssparkpython" => JsonText.WriteObject(writer =>
            {
                writer.WriteString("runPageUrl", $"https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/1001/run/{Math.Abs(start.Ticks % 100000)}");
                writer.WriteString("effectiveIntegrationRuntime", IntegrationRuntime);
                writer.WriteNumber("executionDuration", seconds);
                writer.WriteStartObject("durationInQueue");
                writer.WriteNumber("integrationRuntimeQueue", 0);
                writer.WriteEndObject();
            }),
            "webactivity" or "webhook" => JsonText.WriteObject(writer =>
            {
                writer.WriteString("Response", string.Empty);
                writer.WriteStartObject("ADFWebActivityResponseHeaders");
                writer.WriteString("Content-Length", "0");
                writer.WriteEndObject();
                writer.WriteString("effectiveIntegrationRuntime", IntegrationRuntime);
                writer.WriteNumber("executionDuration", seconds);
            }),
            "lookup" => JsonText.WriteObject(writer =>
            {
                writer.WriteStartObject("firstRow");
                writer.WriteEndObject();
                writer.WriteString("effectiveIntegrationRuntime", IntegrationRuntime);
            }),
            _ => "{}",
        };
    }

    private static string CopyOutput(DateTimeOffset start, int seconds) => JsonText.WriteObject(writer =>
    {
        const long bytes = 142000;
        writer.WriteNumber("dataRead", bytes);
        writer.WriteNumber("dataWritten", bytes);
        writer.WriteNumber("filesRead", 1);
        writer.WriteNumber("filesWritten", 1);
        writer.WriteNumber("copyDuration", seconds);
        writer.WriteNumber("throughput", Math.Round(bytes / 1024.0 / seconds, 3));
        writer.WriteStartArray("errors");
        writer.WriteEndArray();
        writer.WriteString("effectiveIntegrationRuntime", IntegrationRuntime);
        writer.WriteNumber("usedDataIntegrationUnits", 4);
        writer.WriteNumber("usedParallelCopies", 1);
        writer.WriteStartArray("executionDetails");
        writer.WriteStartObject();
        writer.WriteStartObject("source");
        writer.WriteString("type", "AzureBlobStorage");
        writer.WriteEndObject();
        writer.WriteStartObject("sink");
        writer.WriteString("type", "AzureSqlDatabase");
        writer.WriteEndObject();
        writer.WriteString("status", "Succeeded");
        writer.WriteString("start", JsonText.FormatTime(start));
        writer.WriteNumber("duration", seconds);
        writer.WriteNumber("usedDataIntegrationUnits", 4);
        writer.WriteNumber("usedParallelCopies", 1);
        writer.WriteStartObject("detailedDurations");
        writer.WriteNumber("queuingDuration", 0);
        writer.WriteNumber("transferDuration", seconds);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    });

    // GUESS: error codes by activity type (Copy's 2200 family is documented; the others are picked to look alike).
    public static string DefaultErrorCode(ActivityDefinition activity) => activity.Type.ToLowerInvariant() switch
    {
        "copy" => "2200",
        "databricksnotebook" or "databrickssparkjar" or "databrickssparkpython" => "3204",
        "webactivity" => "2108",
        "executepipeline" => "2011",
        _ => "2011",
    };
}
