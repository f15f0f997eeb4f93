using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>Hides the values of a pipeline's SecureString parameters wherever the emulator shows them again.</summary>
internal static class SecureParameters
{
    /// <summary>
    /// GUESS: the shape. The ADF SDKs document that a SecureString "will be masked with asterisks '*' during Get or
    /// List API calls" (for linked-service secrets); what a run's parameters show for a SecureString pipeline
    /// parameter was never captured, so the emulator shows this fixed mask (it hides the length too), the same one
    /// the module's -Debug output shows for a SecureString parameter.
    /// </summary>
    public const string Mask = "********";

    public static bool AnySecure(PipelineDefinition pipeline) => pipeline.Parameters.Any(p => p.Type == ParameterType.SecureString);

    public static IReadOnlyList<KeyValuePair<string, string>> MaskValues(PipelineDefinition pipeline, IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        AnySecure(pipeline)
            ? parameters.Select(p => IsSecure(pipeline, p.Key) ? new KeyValuePair<string, string>(p.Key, Mask) : p).ToList()
            : parameters;

    /// <summary>
    /// A createRun body with the secure parameters' values masked, and any value the client sent from a SecureString
    /// (ClientSecrets) whatever its parameter's type; the body itself when it has none (or is not a JSON object).
    /// </summary>
    public static string? MaskBody(PipelineDefinition pipeline, string? body)
    {
        if (body is null || !(AnySecure(pipeline) || ClientSecrets.Any))
        {
            return body;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return body;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return body;
            }

            // A Fabric job submit carries the parameters as {"executionData":{"parameters":{...}}}.
            if (root.TryGetProperty("executionData", out var executionData) && executionData.ValueKind == JsonValueKind.Object
                && executionData.TryGetProperty("parameters", out var fabricParameters) && fabricParameters.ValueKind == JsonValueKind.Object)
            {
                return fabricParameters.EnumerateObject().Any(p => Hidden(pipeline, p))
                    ? JsonText.WriteObject(writer =>
                    {
                        writer.WriteStartObject("executionData");
                        writer.WritePropertyName("parameters");
                        writer.WriteStartObject();
                        WriteMasked(writer, pipeline, fabricParameters);
                        writer.WriteEndObject();
                        writer.WriteEndObject();
                    })
                    : body;
            }

            return root.EnumerateObject().Any(p => Hidden(pipeline, p))
                ? JsonText.WriteObject(writer => WriteMasked(writer, pipeline, root))
                : body;
        }
    }

    private static void WriteMasked(Utf8JsonWriter writer, PipelineDefinition pipeline, JsonElement parameters)
    {
        foreach (var property in parameters.EnumerateObject())
        {
            writer.WritePropertyName(property.Name);
            if (Hidden(pipeline, property))
            {
                writer.WriteStringValue(Mask);
            }
            else
            {
                property.Value.WriteTo(writer);
            }
        }
    }

    private static bool Hidden(PipelineDefinition pipeline, JsonProperty property) =>
        IsSecure(pipeline, property.Name) || (property.Value.ValueKind == JsonValueKind.String && ClientSecrets.IsSecret(property.Value.GetString()!));

    // Parameter names match case-insensitively, as ParameterBinder binds them.
    private static bool IsSecure(PipelineDefinition pipeline, string name) =>
        pipeline.Parameters.Any(p => p.Type == ParameterType.SecureString && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
