using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>Checks createRun parameters against the pipeline definition and turns them into ADF's string form.</summary>
internal static class ParameterBinder
{
    public static IReadOnlyList<KeyValuePair<string, string>> Bind(PipelineDefinition pipeline, string? body, bool requiredOptional = false)
    {
        var supplied = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(body))
        {
            using (var document = JsonText.ParseRequestBody(body!))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw ServiceException.BadRequest(
                        "The request body must be a JSON object of pipeline parameter names and values.");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    // GUESS: parameter names match case-insensitively, as ADF expressions do.
                    var definition = pipeline.Parameters.FirstOrDefault(
                        p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                    if (definition is null)
                    {
                        // GUESS: undeclared parameter -> 400 BadRequest.
                        throw ServiceException.BadRequest(
                            $"Parameter '{property.Name}' is not defined in pipeline '{pipeline.Name}'.",
                            $"pipeline/{pipeline.Name}");
                    }

                    // GUESS: an explicit null counts as not supplied.
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    supplied[definition.Name] = Convert(pipeline, definition, property.Value);
                }
            }
        }

        var bound = new List<KeyValuePair<string, string>>();
        foreach (var definition in pipeline.Parameters)
        {
            if (supplied.TryGetValue(definition.Name, out var value))
            {
                bound.Add(new KeyValuePair<string, string>(definition.Name, value));
            }
            else if (definition.DefaultValueJson is { } defaultJson)
            {
                bound.Add(new KeyValuePair<string, string>(definition.Name, DefaultToString(defaultJson)));
            }
            else if (!requiredOptional)
            {
                // GUESS: missing required parameter -> 400 BadRequest at createRun (the service may fail the run instead).
                throw ServiceException.BadRequest(
                    $"Missing value for required parameter '{definition.Name}' (type {definition.Type}) of pipeline '{pipeline.Name}'.",
                    $"pipeline/{pipeline.Name}");
            }
        }

        return bound;
    }

    private static string DefaultToString(string defaultJson)
    {
        using var document = JsonDocument.Parse(defaultJson);
        return JsonText.ToParameterString(document.RootElement);
    }

    private static string Convert(PipelineDefinition pipeline, ParameterDefinition definition, JsonElement value)
    {
        var converted = definition.Type switch
        {
            // GUESS: numbers and booleans are accepted for String parameters (kept as their JSON text).
            ParameterType.String or ParameterType.SecureString => value.ValueKind is JsonValueKind.String
                or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
                ? JsonText.ToParameterString(value)
                : null,
            ParameterType.Int => ConvertInt(value),
            ParameterType.Float => ConvertFloat(value),
            ParameterType.Bool => ConvertBool(value),
            ParameterType.Array => ConvertStructured(value, JsonValueKind.Array),
            ParameterType.Object => ConvertStructured(value, JsonValueKind.Object),
            _ => null,
        };

        return converted ?? throw ServiceException.BadRequest(
            $"Parameter '{definition.Name}' of pipeline '{pipeline.Name}' expects a value of type {definition.Type}, " +
            $"but got {Describe(value)}.",
            $"pipeline/{pipeline.Name}");
    }

    // GUESS: numeric, boolean and JSON-text strings are accepted for typed parameters, since clients often send strings.
    private static string? ConvertInt(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out _) => value.GetRawText(),
        JsonValueKind.String when long.TryParse(value.GetString()!.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            => value.GetString()!.Trim(),
        _ => null,
    };

    private static string? ConvertFloat(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.String when double.TryParse(value.GetString()!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            => value.GetString()!.Trim(),
        _ => null,
    };

    private static string? ConvertBool(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String when bool.TryParse(value.GetString()!.Trim(), out var parsed) => parsed ? "true" : "false",
        _ => null,
    };

    private static string? ConvertStructured(JsonElement value, JsonValueKind expected)
    {
        if (value.ValueKind == expected)
        {
            return JsonText.Compact(value);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(value.GetString()!);
            return document.RootElement.ValueKind == expected ? JsonText.Compact(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        var text = raw.Length > 60 ? raw.Substring(0, 60) + "..." : raw;
        var kind = value.ValueKind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            _ => "a value",
        };
        return $"{kind} {text}";
    }
}
