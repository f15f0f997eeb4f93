using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace AdfRuns.Emulator.Expressions;

/// <summary>
/// The part of ADF's expression language the emulator evaluates: whole-value expressions ("@pipeline().parameters.X",
/// "@item().field"), string interpolation ("a @{item()} b") and "@@" escaping (DOC: "Expressions and functions" in
/// the ADF documentation). A value the subset cannot evaluate stays as its literal text.
/// </summary>
internal static class ExpressionEvaluator
{
    /// <summary>Evaluates one string property value as ADF does; text that is not an expression comes back unchanged.</summary>
    public static object? EvaluateText(string text, ExpressionContext context)
    {
        if (text.StartsWith("@@", StringComparison.Ordinal))
        {
            // DOC: "@@" at the start escapes the "@"; the rest is literal text.
            return text.Substring(1);
        }

        if (text.StartsWith("@", StringComparison.Ordinal) && !text.StartsWith("@{", StringComparison.Ordinal))
        {
            return TryEvaluate(text.Substring(1), context, out var value) ? value : text;
        }

        return text.Contains("@{") ? Interpolate(text, context) : text;
    }

    /// <summary>Evaluates an expression (without its leading "@"); false when it is outside the subset.</summary>
    public static bool TryEvaluate(string expression, ExpressionContext context, out object? value)
    {
        try
        {
            var parser = new ExpressionParser(expression, context);
            value = parser.ParseWhole();
            return true;
        }
        catch (UnsupportedExpressionException)
        {
            // GUESS: an expression outside the emulator's subset stays literal text rather than failing the activity.
            value = null;
            return false;
        }
    }

    /// <summary>
    /// Evaluates a JSON value as ADF does for activity properties: {"value": "...", "type": "Expression"} objects and
    /// strings that start with "@" become their values; everything else is copied.
    /// </summary>
    public static object? EvaluateJson(JsonElement element, ExpressionContext context)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return EvaluateText(element.GetString()!, context);
            case JsonValueKind.Array:
                var array = new List<object?>();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(EvaluateJson(item, context));
                }

                return array;
            case JsonValueKind.Object:
                if (IsExpressionObject(element, out var expressionText))
                {
                    return EvaluateText(expressionText, context);
                }

                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = EvaluateJson(property.Value, context);
                }

                return map;
            default:
                return ExpressionValues.FromJson(element);
        }
    }

    public static string EvaluateJsonText(string json, ExpressionContext context)
    {
        using var document = JsonDocument.Parse(json);
        return ExpressionValues.ToJson(EvaluateJson(document.RootElement, context));
    }

    private static bool IsExpressionObject(JsonElement element, out string text)
    {
        text = string.Empty;
        if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && string.Equals(type.GetString(), "Expression", StringComparison.OrdinalIgnoreCase)
            && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            return true;
        }

        return false;
    }

    /// <summary>Replaces every "@{...}" with its value as text; "@@{" is a literal "@{" (DOC example "Answer is: @@{...}").</summary>
    private static string Interpolate(string text, ExpressionContext context)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < text.Length)
        {
            if (string.CompareOrdinal(text, position, "@@{", 0, 3) == 0)
            {
                result.Append("@{");
                position += 3;
                continue;
            }

            if (string.CompareOrdinal(text, position, "@{", 0, 2) == 0 && ExpressionParser.FindClosingBrace(text, position + 2) is { } close)
            {
                var inner = text.Substring(position + 2, close - position - 2);
                result.Append(TryEvaluate(inner, context, out var value) ? ExpressionValues.ToText(value) : text.Substring(position, close - position + 1));
                position = close + 1;
                continue;
            }

            result.Append(text[position]);
            position++;
        }

        return result.ToString();
    }
}

/// <summary>The expression uses something the emulator's subset does not evaluate.</summary>
internal sealed class UnsupportedExpressionException : Exception
{
    public UnsupportedExpressionException(string message)
        : base(message)
    {
    }

    public UnsupportedExpressionException()
    {
    }

    public UnsupportedExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
