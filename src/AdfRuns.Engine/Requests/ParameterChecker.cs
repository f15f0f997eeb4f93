using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Requests;

/// <summary>
/// Checks run parameters against a pipeline's definition before anything is sent: unknown names, missing
/// required ones, and values whose JSON type cannot be the declared type.
/// </summary>
public static class ParameterChecker
{
    /// <summary>
    /// 4 MiB of run parameters as sent (JSON, UTF-8), as for parameter files: ARM limits a template's parameter file
    /// to 4 MB, and Data Factory refuses a run whose parameters are far smaller (896 KB of payload per activity run,
    /// FlowRunSizeLimitExceeded). More is a mistake (a data file, an endless enumeration), refused before sending.
    /// </summary>
    public const int MaxParameterBytes = 4 * 1024 * 1024;

    /// <summary>The refusal of parameters over <see cref="MaxParameterBytes"/>, whatever found them too big.</summary>
    public static string TooLarge(string what) =>
        $"{what} larger than the {MaxParameterBytes / (1024 * 1024)} MiB limit for run parameters (the limit parameter files have); Data Factory would refuse a run with that much in its parameters. Nothing was sent.";

    /// <param name="requireDeclared">False where the service starts a run without its declared parameters (Fabric, recorded).</param>
    public static IReadOnlyList<string> Check(PipelineData definition, IReadOnlyDictionary<string, object?>? parameters, bool requireDeclared = true)
    {
        var problems = new List<string>();
        var declared = definition.ParametersByName;
        if (parameters is { Count: > 0 })
        {
            var seen = parameters.Count > 1 ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : null;
            foreach (var given in parameters)
            {
                if (seen is not null && seen.TryGetValue(given.Key, out var first))
                {
                    problems.Add("The parameters are refused: " + Json.JsonTree.DuplicateKeysProblem(first, given.Key));
                    continue;
                }

                seen?.Add(given.Key, given.Key);
                if (!declared.TryGetValue(given.Key, out var parameter))
                {
                    var known = declared.Count == 0 ? "it declares no parameters" : "it declares " + string.Join(", ", declared.Keys);
                    problems.Add($"Pipeline '{definition.Name}' has no parameter '{given.Key}' ({known}).");
                    continue;
                }

                if (TypeProblem(parameter, given.Value) is { } problem)
                {
                    problems.Add(problem);
                }
            }
        }

        foreach (var parameter in definition.Parameters)
        {
            if (requireDeclared && parameter.IsRequired && (parameters is null || !ContainsKey(parameters, parameter.Name)))
            {
                problems.Add($"Pipeline '{definition.Name}' requires parameter '{parameter.Name}' ({parameter.Type}), which was not given.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Values converted to the declared type where nothing is lost or guessed: text (CSV columns, command lines)
    /// that reads as one ("500" for an Int becomes 500, "true" for a Bool, JSON text for an Array or Object), a
    /// number for a String (42 becomes "42"), and a single value for an Array (becoming a one-element array, as
    /// PowerShell binds 'a' to [string[]]). Anything else is left for Check to report.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Coerce(PipelineData definition, IReadOnlyDictionary<string, object?> parameters)
    {
        if (parameters.Count == 0)
        {
            return parameters;
        }

        var declared = definition.ParametersByName;
        var result = new Json.JsonTreeObject(parameters.Count);
        foreach (var given in parameters)
        {
            var value = given.Value;
            if (declared.TryGetValue(given.Key, out var parameter))
            {
                var type = parameter.Type.ToUpperInvariant();
                value = value is string text ? CoerceText(text, type) ?? text : CoerceValue(value, type);
            }

            if (!result.TryAdd(given.Key, value, out _))
            {
                return parameters; // keys that differ only by case: left as they are for Check to report
            }
        }

        return result;
    }

    private static object? CoerceValue(object? value, string type) => type switch
    {
        "STRING" or "SECURESTRING" when NumberText(value) is { } text => text,
        "ARRAY" when IsSingleValue(value) => new List<object?> { value },
        _ => value,
    };

    /// <summary>A number as the text that reads back as the same number; NaN and infinities are no number to send.</summary>
    private static string? NumberText(object? value) => value switch
    {
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal => Convert.ToString(value, CultureInfo.InvariantCulture),
        double real when !double.IsNaN(real) && !double.IsInfinity(real) => real.ToString("R", CultureInfo.InvariantCulture),
        float single when !float.IsNaN(single) && !float.IsInfinity(single) => single.ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool IsSingleValue(object? value) =>
        value is not null and not IEnumerable and not IDictionary and not IReadOnlyDictionary<string, object?>;

    /// <summary>
    /// Plain text for an Array is one element, as PowerShell binds it, unless it looks meant as several: JSON-like
    /// text that did not parse, or a comma ("a,b" from a CSV cell could be one value or two).
    /// </summary>
    private static bool IsSingleText(string text)
    {
        var trimmed = text.TrimStart();
        return !trimmed.StartsWith("[", StringComparison.Ordinal) && !trimmed.StartsWith("{", StringComparison.Ordinal) && text.IndexOf(',') < 0;
    }

    private static object? CoerceText(string text, string type)
    {
        switch (type)
        {
            case "INT" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                return whole;
            case "FLOAT" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real):
                return real;
            case "BOOL" when bool.TryParse(text, out var flag):
                return flag;
            case "ARRAY" when IsSingleText(text):
                return new List<object?> { text };
            case "ARRAY" when text.TrimStart().StartsWith("[", StringComparison.Ordinal):
            case "OBJECT" when text.TrimStart().StartsWith("{", StringComparison.Ordinal):
                try
                {
                    return Json.JsonTree.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                    return null;
                }

            default:
                return null;
        }
    }

    private static bool ContainsKey(IReadOnlyDictionary<string, object?> parameters, string name)
    {
        foreach (var key in parameters.Keys)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string? TypeProblem(PipelineParameterData parameter, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var fits = parameter.Type.ToUpperInvariant() switch
        {
            "STRING" or "SECURESTRING" => value is string or char or Guid or DateTime or DateTimeOffset or Enum,
            "INT" => IsWhole(value),
            "FLOAT" => IsNumber(value),
            "BOOL" => value is bool,
            "ARRAY" => value is IEnumerable and not string and not IDictionary and not IReadOnlyDictionary<string, object?>,
            "OBJECT" => value is IDictionary or IReadOnlyDictionary<string, object?>,
            _ => true,
        };
        if (fits)
        {
            return null;
        }

        var hint = value is string && parameter.Type.Equals("Array", StringComparison.OrdinalIgnoreCase)
            ? " Give an array, such as @('a', 'b'), or JSON array text, such as '[\"a\", \"b\"]' (text with a comma is not split: it could be one value or several)."
            : string.Empty;
        return $"Parameter '{parameter.Name}' is declared {parameter.Type}, but the value given is {Describe(value)}.{hint}";
    }

    private static bool IsWhole(object value) => value switch
    {
        byte or sbyte or short or ushort or int or uint or long or ulong => true,
        decimal exact => decimal.Truncate(exact) == exact,
        double real => Math.Floor(real) == real && !double.IsInfinity(real),
        float single => Math.Floor(single) == single && !float.IsInfinity(single),
        _ => false,
    };

    private static bool IsNumber(object value) => value switch
    {
        byte or sbyte or short or ushort or int or uint or long or ulong or decimal or double or float => true,
        _ => false,
    };

    private static string Describe(object value) => value switch
    {
        string text => $"the string '{text}'",
        IDictionary or IReadOnlyDictionary<string, object?> => "an object",
        IEnumerable => "an array",
        _ => $"{Article(value.GetType().Name)} {value.GetType().Name} ({Convert.ToString(value, CultureInfo.InvariantCulture)})",
    };

    /// <summary>"an Int32", "a Double"; "a UInt64", as it is read "you-int".</summary>
    private static string Article(string typeName) => "AEIOaeio".IndexOf(typeName[0]) >= 0 ? "an" : "a";
}
