using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Fabric;

/// <summary>Fabric REST v1 bodies in the recorded shapes and property order (tests/contract/fabric/).</summary>
internal static class FabricJson
{
    public const string FailedJobCode = "JobInstanceStatusFailed";

    /// <summary>
    /// The error envelope: {"requestId","errorCode","message"} (recorded), "isRetriable" when known (recorded since
    /// 2026-02), "relatedResource" when the error names one (spec).
    /// </summary>
    public static byte[] Error(string requestId, string code, string message, bool? isRetriable, string? relatedResourceId = null, string? relatedResourceType = null) =>
        Bytes(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("requestId", requestId);
            writer.WriteString("errorCode", code);
            writer.WriteString("message", message);
            if (relatedResourceId is not null)
            {
                writer.WriteStartObject("relatedResource");
                writer.WriteString("resourceId", relatedResourceId);
                writer.WriteString("resourceType", relatedResourceType);
                writer.WriteEndObject();
            }

            if (isRetriable is { } retriable)
            {
                writer.WriteBoolean("isRetriable", retriable);
            }

            writer.WriteEndObject();
        });

    public static byte[] Workspaces(FabricCatalog catalog) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        WriteWorkspace(writer, catalog);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static byte[] Workspace(FabricCatalog catalog) => Bytes(writer => WriteWorkspace(writer, catalog));

    public static byte[] Items(FabricCatalog catalog, bool pipelines) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        foreach (var item in pipelines ? catalog.Items : Enumerable.Empty<KeyValuePair<string, string>>())
        {
            writer.WriteStartObject();
            writer.WriteString("id", item.Value);
            writer.WriteString("type", "DataPipeline");
            writer.WriteString("displayName", item.Key);
            writer.WriteString("description", string.Empty);
            writer.WriteString("workspaceId", catalog.WorkspaceId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>getDefinition: pipeline-content.json (ADF's pipeline JSON, parameter types in lower case as Fabric writes them) and .platform.</summary>
    public static byte[] Definition(PipelineDefinition pipeline) => Bytes(writer =>
    {
        var content = JsonText.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("properties");
            using var properties = JsonDocument.Parse(pipeline.PropertiesJson);
            WriteLowerCaseParameterTypes(w, properties.RootElement);
            w.WriteEndObject();
        });
        var platform = JsonText.Write(
            w =>
            {
                w.WriteStartObject();
                w.WriteString("$schema", "https://developer.microsoft.com/json-schemas/fabric/gitIntegration/platformProperties/2.0.0/schema.json");
                w.WriteStartObject("metadata");
                w.WriteString("type", "DataPipeline");
                w.WriteString("displayName", pipeline.Name);
                w.WriteEndObject();
                w.WriteStartObject("config");
                w.WriteString("version", "2.0");
                w.WriteString("logicalId", "00000000-0000-0000-0000-000000000000");
                w.WriteEndObject();
                w.WriteEndObject();
            },
            indented: true);
        writer.WriteStartObject();
        writer.WriteStartObject("definition");
        writer.WriteStartArray("parts");
        WritePart(writer, "pipeline-content.json", content);
        WritePart(writer, ".platform", platform);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static byte[] JobInstance(FabricJobView job, string itemId, string rootActivityId) =>
        Bytes(writer => WriteJobInstance(writer, job, itemId, rootActivityId));

    /// <summary>The list of an item's job instances (spec: value, continuationToken, continuationUri; the last page has neither).</summary>
    public static byte[] JobInstances(IEnumerable<FabricJobView> jobs, string itemId, Func<string, string> rootActivityOf) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        foreach (var job in jobs)
        {
            WriteJobInstance(writer, job, itemId, rootActivityOf(job.Run.RunId));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>
    /// queryactivityruns: ADF's activity-run rows with the pipeline's item id as pipelineName (fabric-docs sample).
    /// INFERRED: the {"value","continuationToken"} object a public client reads, not the docs sample's bare array.
    /// </summary>
    public static byte[] ActivityRuns(RunPage<ActivityRunView> page, Func<string, string> itemIdOf) =>
        ServiceJson.ActivityRunPage(new RunPage<ActivityRunView>(
            page.Value.Select(run => run with { PipelineName = itemIdOf(run.PipelineName) }).ToList(),
            page.ContinuationToken));

    /// <summary>Fabric's job times: UTC without a zone suffix, seven fraction digits (recorded "2026-04-27T06:54:51.0539716").</summary>
    public static string JobTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    private static void WriteWorkspace(Utf8JsonWriter writer, FabricCatalog catalog)
    {
        writer.WriteStartObject();
        writer.WriteString("id", catalog.WorkspaceId);
        writer.WriteString("displayName", catalog.WorkspaceName);
        writer.WriteString("description", string.Empty);
        writer.WriteString("type", "Workspace");
        writer.WriteString("capacityId", catalog.CapacityId);
        writer.WriteEndObject();
    }

    private static void WriteJobInstance(Utf8JsonWriter writer, FabricJobView job, string itemId, string rootActivityId)
    {
        writer.WriteStartObject();
        writer.WriteString("id", job.Run.RunId);
        writer.WriteString("itemId", itemId);
        writer.WriteString("jobType", "Pipeline");
        // GUESS: runs a parent pipeline started read Manual too (no recording of a child pipeline's job instance).
        writer.WriteString("invokeType", "Manual");
        writer.WriteString("status", job.Status);
        if (job.Status == "Failed")
        {
            // A failed job's own reason says nothing (recorded for a generic job; GUESS: the same for pipelines).
            writer.WriteStartObject("failureReason");
            writer.WriteString("requestId", rootActivityId);
            writer.WriteString("errorCode", FailedJobCode);
            writer.WriteString("message", "Job instance failed without detail error");
            writer.WriteBoolean("isRetriable", false);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("failureReason");
        }

        writer.WriteString("rootActivityId", rootActivityId);
        writer.WriteString("startTimeUtc", JobTime(job.Run.RunStart));
        if (job.End is { } end)
        {
            // The 2025-09 recording's endTimeUtc has a trailing Z where startTimeUtc has none.
            writer.WriteString("endTimeUtc", JobTime(end) + "Z");
        }
        else
        {
            writer.WriteNull("endTimeUtc");
        }

        writer.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter writer, string path, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("path", path);
        writer.WriteString("payload", Convert.ToBase64String(Encoding.UTF8.GetBytes(content)));
        writer.WriteString("payloadType", "InlineBase64");
        writer.WriteEndObject();
    }

    private static void WriteLowerCaseParameterTypes(Utf8JsonWriter writer, JsonElement properties)
    {
        writer.WriteStartObject();
        foreach (var property in properties.EnumerateObject())
        {
            if (property.NameEquals("parameters") && property.Value.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject("parameters");
                foreach (var parameter in property.Value.EnumerateObject())
                {
                    writer.WriteStartObject(parameter.Name);
                    foreach (var field in parameter.Value.EnumerateObject())
                    {
                        if (field.NameEquals("type") && field.Value.ValueKind == JsonValueKind.String)
                        {
                            writer.WriteString("type", field.Value.GetString()!.ToLowerInvariant());
                        }
                        else
                        {
                            field.WriteTo(writer);
                        }
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static byte[] Bytes(Action<Utf8JsonWriter> write) => JsonText.WriteBytes(write, indented: false);
}
