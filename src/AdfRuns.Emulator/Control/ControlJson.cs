using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace AdfRuns.Emulator.Control;

/// <summary>The control API's JSON: what it reads from a request and what it writes back.</summary>
internal static class ControlJson
{
    public static byte[] Describe(AdfEmulatorServer server) => Write(writer =>
    {
        writer.WriteStartObject();
        var factory = server.Service == EmulatedService.DataFactory;
        writer.WriteString("service", server.Service.ToString());
        writer.WriteString("endpoint", server.Endpoint.ToString());
        WriteOptional(writer, "subscriptionId", factory ? server.SubscriptionId : null);
        WriteOptional(writer, "resourceGroupName", factory ? server.ResourceGroupName : null);
        WriteOptional(writer, "factoryName", factory ? server.FactoryName : null);
        WriteOptional(writer, "workspaceName", server.WorkspaceName);
        WriteOptional(writer, "fabricWorkspace", server.FabricWorkspace);
        WriteOptional(writer, "fabricWorkspaceId", server.FabricWorkspaceId);
        WriteOptional(writer, "certificatePath", server.CertificatePath);
        writer.WriteNumber("runCount", server.RunCount);
        writer.WriteStartArray("pipelines");
        foreach (var name in server.PipelineNames)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>What a client in any language needs to connect, as one JSON object (the standalone host's connection file).</summary>
    public static byte[] Connection(IEnumerable<KeyValuePair<string, string?>> facts) => Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var fact in facts)
        {
            WriteOptional(writer, fact.Key, fact.Value);
        }

        writer.WriteEndObject();
    });

    public static byte[] Requests(IReadOnlyList<RecordedRequest> requests) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var request in requests)
        {
            writer.WriteStartObject();
            writer.WriteString("time", request.Time);
            writer.WriteString("method", request.Method);
            writer.WriteString("path", request.Path);
            writer.WriteString("query", request.Query);
            WriteOptional(writer, "body", request.Body);
            writer.WriteStartObject("headers");
            foreach (var header in request.Headers)
            {
                writer.WriteString(header.Key, header.Value);
            }

            writer.WriteEndObject();
            writer.WriteNumber("statusCode", request.StatusCode);
            writer.WriteString("operation", request.Operation.ToString());
            WriteOptional(writer, "target", request.Target);
            WriteOptional(writer, "createdRunId", request.CreatedRunId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static EmulatorFault ReadFault(JsonElement request)
    {
        var operationName = OptionalString(request, "operation") ?? nameof(EmulatorOperation.Any);
        if (!Enum.TryParse<EmulatorOperation>(operationName, ignoreCase: true, out var operation) || int.TryParse(operationName, out _))
        {
            throw new ArgumentException($"operation '{operationName}' is not one of {string.Join(", ", Enum.GetNames(typeof(EmulatorOperation)))}.");
        }

        var fault = new EmulatorFault
        {
            Operation = operation,
            StatusCode = OptionalInt(request, "statusCode"),
            RetryAfter = Seconds(request, "retryAfterSeconds"),
            Count = OptionalInt(request, "count") ?? 1,
            DropConnection = OptionalBool(request, "dropConnection"),
            Delay = Seconds(request, "delaySeconds"),
            AfterCommit = OptionalBool(request, "afterCommit"),
        };
        if (fault.StatusCode is { } status && (status < 400 || status > 599))
        {
            throw new ArgumentException($"statusCode must be between 400 and 599, not {status}.");
        }

        if (fault.StatusCode is null && !fault.DropConnection && fault.Delay is null && !fault.AfterCommit)
        {
            throw new ArgumentException("Say what the fault does: statusCode, dropConnection or delaySeconds (with afterCommit, statusCode defaults to 500).");
        }

        return fault;
    }

    public static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) is { Length: > 0 } value ? value : throw new ArgumentException($"'{name}' is required.");

    public static string? OptionalString(JsonElement element, string name) =>
        Find(element, name) is { } value ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new ArgumentException($"'{name}' must be a string.") : null;

    public static int? OptionalInt(JsonElement element, string name) =>
        Find(element, name) is { } value ? value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : throw new ArgumentException($"'{name}' must be a whole number.") : null;

    public static IEnumerable<KeyValuePair<string, string>>? OptionalStringMap(JsonElement element, string name) =>
        Find(element, name) is { } value
            ? value.ValueKind == JsonValueKind.Object
                ? value.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())).ToList()
                : throw new ArgumentException($"'{name}' must be an object of parameter name to value.")
            : null;

    private static bool OptionalBool(JsonElement element, string name) =>
        Find(element, name) is { } value && (value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new ArgumentException($"'{name}' must be true or false."));

    private static TimeSpan? Seconds(JsonElement element, string name) =>
        Find(element, name) is { } value
            ? value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0 ? TimeSpan.FromSeconds(value.GetDouble()) : throw new ArgumentException($"'{name}' must be a number of seconds, 0 or more.")
            : null;

    /// <summary>Names match case-insensitively, so a client's casing habits do not matter; null or absent is absent.</summary>
    private static JsonElement? Find(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return property.Value;
            }
        }

        return null;
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write) => JsonText.WriteBytes(write, indented: false);
}
