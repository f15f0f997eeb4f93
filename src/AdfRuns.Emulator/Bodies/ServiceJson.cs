using System;
using System.Collections.Generic;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Bodies;

/// <summary>Response bodies in the real service's shapes and property order.</summary>
internal static class ServiceJson
{
    public static byte[] Error(string code, string message, string? target) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        WriteErrorFields(writer, code, message, target);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>An error's code, message, target and (empty) details: inside ARM's envelope, or at a Synapse body's top level.</summary>
    public static void WriteErrorFields(Utf8JsonWriter writer, string code, string message, string? target)
    {
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        if (target is null)
        {
            writer.WriteNull("target");
        }
        else
        {
            writer.WriteString("target", target);
        }

        writer.WriteNull("details");
    }

    public static byte[] CreateRunResponse(string runId) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("runId", runId);
        writer.WriteEndObject();
    });

    public static byte[] PipelineRun(PipelineRunView run, ServiceScope scope) => Bytes(writer => WritePipelineRun(writer, run, scope));

    public static byte[] PipelineRunPage(RunPage<PipelineRunView> page, ServiceScope scope) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        foreach (var run in page.Value)
        {
            WritePipelineRun(writer, run, scope);
        }

        writer.WriteEndArray();
        WriteContinuation(writer, page.ContinuationToken);
        writer.WriteEndObject();
    });

    public static byte[] ActivityRunPage(RunPage<ActivityRunView> page) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        foreach (var activityRun in page.Value)
        {
            WriteActivityRun(writer, activityRun);
        }

        writer.WriteEndArray();
        WriteContinuation(writer, page.ContinuationToken);
        writer.WriteEndObject();
    });

    public static byte[] Factory(ServiceScope scope, DateTimeOffset createTime, string etag) => Bytes(writer => WriteFactory(writer, scope, createTime, etag));

    public static byte[] FactoryList(ServiceScope scope, DateTimeOffset createTime, string etag) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        WriteFactory(writer, scope, createTime, etag);
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static byte[] Pipeline(PipelineDefinition pipeline, ServiceScope scope) => Bytes(writer => WritePipeline(writer, pipeline, scope));

    public static byte[] PipelineList(IEnumerable<PipelineDefinition> pipelines, ServiceScope scope) => Bytes(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("value");
        foreach (var pipeline in pipelines)
        {
            WritePipeline(writer, pipeline, scope);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static byte[] Bytes(Action<Utf8JsonWriter> write) => JsonText.WriteBytes(write, indented: true);

    private static void WriteContinuation(Utf8JsonWriter writer, string? token)
    {
        // The last page has no continuationToken key at all (recording entries 9-10).
        if (token is not null)
        {
            writer.WriteString("continuationToken", token);
        }
    }

    private static void WritePipelineRun(Utf8JsonWriter writer, PipelineRunView run, ServiceScope scope)
    {
        writer.WriteStartObject();
        writer.WriteString("id", scope.UpperCaseId + "/pipelineruns/" + run.RunId);
        writer.WriteString("runId", run.RunId);
        writer.WriteNull("debugRunId");
        writer.WriteString("runGroupId", run.RunGroupId);
        writer.WriteString("pipelineName", run.PipelineName);
        writer.WriteStartObject("parameters");
        foreach (var parameter in run.Parameters)
        {
            writer.WriteString(parameter.Key, parameter.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("invokedBy");
        writer.WriteString("id", run.InvokedBy.Id);
        writer.WriteString("name", run.InvokedBy.Name);
        writer.WriteString("invokedByType", run.InvokedBy.InvokedByType);
        if (run.InvokedBy.PipelineName is { } parentPipeline)
        {
            writer.WriteString("pipelineName", parentPipeline);
        }

        if (run.InvokedBy.PipelineRunId is { } parentRun)
        {
            writer.WriteString("pipelineRunId", parentRun);
        }

        writer.WriteEndObject();
        writer.WriteString("runStart", JsonText.FormatTime(run.RunStart));
        JsonText.WriteTimeOrNull(writer, "runEnd", run.RunEnd);
        WriteNumberOrNull(writer, "durationInMs", run.DurationInMs);
        writer.WriteString("status", run.Status);
        if (run.Message is null)
        {
            writer.WriteNull("message");
        }
        else
        {
            writer.WriteString("message", run.Message);
        }

        writer.WriteString("lastUpdated", JsonText.FormatTime(run.LastUpdated));
        writer.WriteStartArray("annotations");
        writer.WriteEndArray();
        writer.WriteStartObject("runDimension");
        writer.WriteEndObject();
        writer.WriteBoolean("isLatest", run.IsLatest);
        writer.WriteEndObject();
    }

    private static void WriteActivityRun(Utf8JsonWriter writer, ActivityRunView activityRun)
    {
        writer.WriteStartObject();
        JsonText.WriteTimeOrNull(writer, "activityRunEnd", activityRun.ActivityRunEnd);
        writer.WriteString("activityName", activityRun.ActivityName);
        writer.WriteString("activityRunStart", JsonText.FormatTime(activityRun.ActivityRunStart));
        writer.WriteString("activityType", activityRun.ActivityType);
        WriteNumberOrNull(writer, "durationInMs", activityRun.DurationInMs);
        writer.WriteNull("retryAttempt");
        writer.WriteStartObject("error");
        writer.WriteString("errorCode", activityRun.ErrorCode);
        writer.WriteString("message", activityRun.ErrorMessage);
        writer.WriteString("failureType", activityRun.FailureType);
        writer.WriteString("target", activityRun.ActivityName);
        writer.WriteEndObject();
        writer.WriteString("activityRunId", activityRun.ActivityRunId);
        WriteJson(writer, "input", activityRun.InputJson);
        writer.WriteString("linkedServiceName", string.Empty);
        WriteJson(writer, "output", activityRun.OutputJson);
        WriteJson(writer, "userProperties", activityRun.UserPropertiesJson);
        writer.WriteString("pipelineName", activityRun.PipelineName);
        writer.WriteString("pipelineRunId", activityRun.PipelineRunId);
        writer.WriteString("status", activityRun.Status);
        writer.WriteEndObject();
    }

    private static void WriteFactory(Utf8JsonWriter writer, ServiceScope scope, DateTimeOffset createTime, string etag)
    {
        writer.WriteStartObject();
        writer.WriteString("name", scope.Name);
        writer.WriteString("id", scope.Id);
        writer.WriteString("type", "Microsoft.DataFactory/factories");
        writer.WriteStartObject("properties");
        writer.WriteString("provisioningState", "Succeeded");
        writer.WriteString("createTime", JsonText.FormatTime(createTime));
        writer.WriteString("version", "2018-06-01");
        writer.WriteEndObject();
        writer.WriteString("eTag", "\"" + etag + "\"");
        writer.WriteString("location", "East US");
        writer.WriteStartObject("tags");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WritePipeline(Utf8JsonWriter writer, PipelineDefinition pipeline, ServiceScope scope)
    {
        writer.WriteStartObject();
        writer.WriteString("id", scope.Id + "/pipelines/" + pipeline.Name);
        writer.WriteString("name", pipeline.Name);
        writer.WriteString("type", scope.PipelineType);
        WriteJson(writer, "properties", pipeline.PropertiesJson);
        writer.WriteString("etag", pipeline.ETag);
        writer.WriteEndObject();
    }

    private static void WriteJson(Utf8JsonWriter writer, string name, string json)
    {
        writer.WritePropertyName(name);
        using var document = JsonDocument.Parse(json);
        document.RootElement.WriteTo(writer);
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
