using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AdfRuns.Emulator.Expressions;

/// <summary>
/// The functions of ADF's expression language the emulator evaluates (names as documented in "Expressions and
/// functions"; they match case-insensitively). Every other function makes the expression unsupported.
/// </summary>
internal static class ExpressionFunctions
{
    public static object? Call(string name, IReadOnlyList<object?> arguments, ExpressionContext context)
    {
        switch (name.ToLowerInvariant())
        {
            case "pipeline":
                Count(name, arguments, 0);
                return context.PipelineObject();
            case "item":
                Count(name, arguments, 0);
                return context.HasItem
                    ? context.Item
                    : throw new UnsupportedExpressionException("item() outside a ForEach iteration");
            case "equals":
                Count(name, arguments, 2);
                return ExpressionValues.AreEqual(arguments[0], arguments[1]);
            case "not":
                Count(name, arguments, 1);
                return !Bool(arguments[0]);
            case "and":
                return arguments.Count >= 2 ? arguments.All(Bool) : throw Arity(name);
            case "or":
                return arguments.Count >= 2 ? arguments.Any(Bool) : throw Arity(name);
            case "if":
                Count(name, arguments, 3);
                return Bool(arguments[0]) ? arguments[1] : arguments[2];
            case "concat":
                return string.Concat(arguments.Select(ExpressionValues.ToText));
            case "string":
                Count(name, arguments, 1);
                return ExpressionValues.ToText(arguments[0]);
            case "int":
                Count(name, arguments, 1);
                return long.TryParse(ExpressionValues.ToText(arguments[0]), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                    ? whole
                    : throw new UnsupportedExpressionException("int() of a value that is not a whole number");
            case "bool":
                Count(name, arguments, 1);
                return Bool(arguments[0]);
            case "tolower":
                Count(name, arguments, 1);
                return ExpressionValues.ToText(arguments[0]).ToLowerInvariant();
            case "toupper":
                Count(name, arguments, 1);
                return ExpressionValues.ToText(arguments[0]).ToUpperInvariant();
            case "length":
                Count(name, arguments, 1);
                return arguments[0] switch
                {
                    string text => (long)text.Length,
                    List<object?> list => (long)list.Count,
                    _ => throw new UnsupportedExpressionException("length() of a value that is not a string or array"),
                };
            case "empty":
                Count(name, arguments, 1);
                return arguments[0] switch
                {
                    null => true,
                    string text => text.Length == 0,
                    List<object?> list => list.Count == 0,
                    Dictionary<string, object?> map => map.Count == 0,
                    _ => false,
                };
            case "contains":
                Count(name, arguments, 2);
                return arguments[0] switch
                {
                    string text => text.IndexOf(ExpressionValues.ToText(arguments[1]), StringComparison.Ordinal) >= 0,
                    List<object?> list => list.Any(element => ExpressionValues.AreEqual(element, arguments[1])),
                    Dictionary<string, object?> map => map.ContainsKey(ExpressionValues.ToText(arguments[1])),
                    _ => false,
                };
            case "coalesce":
                return arguments.FirstOrDefault(argument => argument is not null);
            case "createarray":
                return arguments.ToList();
            case "json":
                Count(name, arguments, 1);
                return ExpressionValues.TryParseJson(ExpressionValues.ToText(arguments[0]), out var parsed)
                    ? parsed
                    : throw new UnsupportedExpressionException("json() of text that is not JSON");
            case "greater":
            case "less":
            case "greaterorequals":
            case "lessorequals":
                Count(name, arguments, 2);
                return Compare(name.ToLowerInvariant(), arguments[0], arguments[1]);
            default:
                throw new UnsupportedExpressionException($"the function '{name}'");
        }
    }

    private static bool Compare(string name, object? left, object? right)
    {
        int order;
        if (left is long or double && right is long or double)
        {
            order = Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture));
        }
        else if (left is string a && right is string b)
        {
            order = string.CompareOrdinal(a, b);
        }
        else
        {
            throw new UnsupportedExpressionException($"{name}() of values that are not both numbers or both strings");
        }

        return name switch
        {
            "greater" => order > 0,
            "less" => order < 0,
            "greaterorequals" => order >= 0,
            _ => order <= 0,
        };
    }

    private static bool Bool(object? value) => value switch
    {
        bool flag => flag,
        string text when bool.TryParse(text, out var parsed) => parsed,
        long whole => whole != 0,
        _ => throw new UnsupportedExpressionException("a value that is not a boolean where one is needed"),
    };

    private static void Count(string name, IReadOnlyList<object?> arguments, int expected)
    {
        if (arguments.Count != expected)
        {
            throw Arity(name);
        }
    }

    private static UnsupportedExpressionException Arity(string name) => new($"{name}() with that number of arguments");
}
