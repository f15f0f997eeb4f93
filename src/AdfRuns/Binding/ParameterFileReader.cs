using System;
using System.Collections.Specialized;
using System.IO;
using System.Text;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Binding;

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

    /// <summary>
    /// The limit of run parameters (ParameterChecker.MaxParameterBytes): a bigger file is a mistake, such as
    /// /dev/zero or a data file, and is refused before it is read into memory.
    /// </summary>
    public const int MaxFileBytes = ParameterChecker.MaxParameterBytes;

    private static readonly char[] WildcardCharacters = { '*', '?', '[', ']' };

    public static OrderedDictionary Read(string path)
    {
        var text = ReadText(path);
        object? tree;
        try
        {
            tree = JsonTree.ParseWithUniqueKeys(text);
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

    private static string ReadText(string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"The parameter file '{path}' is a directory; give the path of a JSON file.");
        }

        if (!File.Exists(path))
        {
            throw new InvalidInputException(path.IndexOfAny(WildcardCharacters) >= 0
                ? $"No file is named '{path}': -ParameterFile takes the path of one file and does not expand wildcards."
                : $"The parameter file '{path}' does not exist.");
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        if (file.CanSeek && file.Length > MaxFileBytes)
        {
            throw TooBig(path);
        }

        // Devices and pipes (/dev/zero) have no length to check, so the limit holds for what is read, too.
        using var content = new MemoryStream(file.CanSeek ? (int)file.Length : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = file.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (content.Length + read > MaxFileBytes)
            {
                throw TooBig(path);
            }

            content.Write(chunk, 0, read);
        }

        // As File.ReadAllText: UTF-8 unless a byte order mark says otherwise.
        content.Position = 0;
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static InvalidInputException TooBig(string path) =>
        new($"The parameter file '{path}' is larger than the {MaxFileBytes / (1024 * 1024)} MiB limit for parameter files; Data Factory would refuse a run with that much in its parameters.");
}
