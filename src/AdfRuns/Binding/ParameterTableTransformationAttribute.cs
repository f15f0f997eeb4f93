using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using AdfRuns.Engine.Json;

namespace AdfRuns.Binding;

/// <summary>
/// Lets -Parameter take a hashtable, a PSCustomObject (e.g. from ConvertFrom-Json) or JSON text (e.g. a CSV
/// column), all as one dictionary.
/// </summary>
internal sealed class ParameterTableTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null:
                return null;
            case IDictionary definitions when IsDefinitionTable(definitions):
                // A piped AdfRuns.Pipeline binds its parameter *definitions* here by name: they are not values,
                // so the run takes the pipeline's defaults.
                return null;
            case IDictionary:
                return value;
            case string text when string.IsNullOrWhiteSpace(text):
                return new OrderedDictionary();
            case string text:
                try
                {
                    return JsonTree.ParseWithUniqueKeys(text) is JsonTreeObject members ? ToDictionary(members) : throw new ArgumentTransformationMetadataException($"The -Parameter text {Quote(text)} is JSON but not a JSON object such as {{\"Day\":\"2026-11-25\"}}.");
                }
                catch (JsonTreeException exception)
                {
                    throw new ArgumentTransformationMetadataException($"The -Parameter text is refused: {exception.Message}", exception);
                }
                catch (System.Text.Json.JsonException exception)
                {
                    throw new ArgumentTransformationMetadataException($"The -Parameter text {Quote(text)} is not a JSON object: {exception.Message}", exception);
                }

            case PSObject custom:
                var result = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                foreach (var property in custom.Properties)
                {
                    result[property.Name] = property.Value;
                }

                return result;
            default:
                throw new ArgumentTransformationMetadataException($"-Parameter takes a hashtable, a PSCustomObject or JSON object text, not {value.GetType().FullName}.");
        }
    }

    // Enough of the text to recognise it (a CSV cell can be long), never a wall of it.
    private static string Quote(string text) => text.Length <= 120 ? $"'{text}'" : $"'{text.Substring(0, 117)}...'";

    private static bool IsDefinitionTable(IDictionary table)
    {
        if (table.Count == 0)
        {
            return false;
        }

        foreach (var value in table.Values)
        {
            if ((value is PSObject wrapped ? wrapped.BaseObject : value) is not PipelineParameter)
            {
                return false;
            }
        }

        return true;
    }

    internal static OrderedDictionary ToDictionary(JsonTreeObject members)
    {
        var result = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var member in members)
        {
            result[member.Key] = PowerShellJson.ToPowerShell(member.Value);
        }

        return result;
    }
}
