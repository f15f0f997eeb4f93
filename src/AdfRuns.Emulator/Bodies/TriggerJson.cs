using System.Text.Json;
using AdfRuns.Emulator.Simulation;
using AdfRuns.Emulator.Triggers;

namespace AdfRuns.Emulator.Bodies;

/// <summary>queryTriggerRuns answers, in the recorded shape and property order (the same in a factory and a workspace).</summary>
internal static class TriggerJson
{
    public static byte[] TriggerRunPage(RunPage<TriggerRunView> page) => JsonText.WriteBytes(
        writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("value");
            foreach (var run in page.Value)
            {
                WriteTriggerRun(writer, run);
            }

            writer.WriteEndArray();

            // Recorded: a complete answer has no continuationToken key; an empty one is exactly {"value":[]}.
            if (page.ContinuationToken is { } token)
            {
                writer.WriteString("continuationToken", token);
            }

            writer.WriteEndObject();
        },
        indented: false);

    private static void WriteTriggerRun(Utf8JsonWriter writer, TriggerRunView run)
    {
        writer.WriteStartObject();
        writer.WriteString("triggerName", run.TriggerName);
        writer.WriteString("triggerRunId", run.TriggerRunId);
        writer.WriteString("triggerType", run.TriggerType);
        writer.WriteString("triggerRunTimestamp", JsonText.FormatTime(run.TriggerRunTimestamp));
        writer.WriteString("status", run.Status);
        if (run.Message is null)
        {
            writer.WriteNull("message");
        }
        else
        {
            writer.WriteString("message", run.Message);
        }

        writer.WriteStartObject("properties");
        foreach (var property in run.Properties)
        {
            writer.WriteString(property.Key, property.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("triggeredPipelines");
        foreach (var pipeline in run.TriggeredPipelines)
        {
            writer.WriteString(pipeline.Key, pipeline.Value);
        }

        writer.WriteEndObject();
        writer.WriteString("groupId", run.GroupId);

        // Recorded as {} for a window without dependencies; the emulator's windows have none.
        writer.WriteStartObject("dependencyStatus");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
