using System.Collections.Specialized;
using System.IO;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Internal;

/// <summary>Reads -ParameterFile: a JSON object of name -> value, or ADF's {"parameters": {...}} shape.</summary>
internal static class ParameterFileReader
{
    /// <summary>
    /// The {"parameters": {...}} shape (with optional $schema and contentVersion, and ARM's {"value": x} per
    /// parameter) is unwrapped; a pipeline parameter that is itself named "parameters" stays as it is.
    /// </summary>
    public static JsonTreeObject Unwrap(JsonTreeObject members)
    {
        if (!members.TryGetValue("parameters", out var inner) || inner is not JsonTreeObject wrapped)
        {
            return members;
        }

        foreach (var key in members.Keys)
        {
            if (key is not ("parameters" or "$schema" or "contentVersion"))
            {
                return members;
            }
        }

        var allArmValues = wrapped.Count > 0;
        foreach (var member in wrapped)
        {
            allArmValues &= member.Value is JsonTreeObject { Count: 1 } holder && holder.ContainsKey("value");
        }

        if (!allArmValues)
        {
            return wrapped;
        }

        var values = new JsonTreeObject();
        foreach (var member in wrapped)
        {
            values.Set(member.Key, ((JsonTreeObject)member.Value!)["value"]);
        }

        return values;
    }

    public static OrderedDictionary Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"The parameter file '{path}' does not exist.");
        }

        object? tree;
        try
        {
            tree = JsonTree.ParseWithUniqueKeys(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new InvalidInputException($"The parameter file '{path}' is not valid JSON: {exception.Message}");
        }
        catch (JsonTreeException exception)
        {
            throw new InvalidInputException($"The parameter file '{path}' is refused: {exception.Message}");
        }

        if (tree is not JsonTreeObject members)
        {
            throw new InvalidInputException($"The parameter file '{path}' must hold a JSON object of parameter names and values.");
        }

        return ParameterTableTransformationAttribute.ToDictionary(Unwrap(members));
    }
}
