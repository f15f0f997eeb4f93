using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace AdfRuns.Emulator.Expressions;

/// <summary>
/// The values expressions work on: string, long, double, bool, null, <see cref="List{T}"/> of values (arrays)
/// and <see cref="Dictionary{TKey, TValue}"/> of values (objects, keys matched case-insensitively).
/// </summary>
internal static class ExpressionValues
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),

        // GUESS: property names in expressions (item().name) match case-insensitively.
        JsonValueKind.Object => element.EnumerateObject().Aggregate(
            new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase),
            (map, property) =>
            {
                map[property.Name] = FromJson(property.Value);
                return map;
            }),
        _ => null,
    };

    /// <summary>Parses JSON text into a value; null when the text is not JSON.</summary>
    public static bool TryParseJson(string text, out object? value)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            value = FromJson(document.RootElement);
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long whole:
                writer.WriteNumberValue(whole);
                break;
            case double real:
                writer.WriteNumberValue(real);
                break;
            case List<object?> array:
                writer.WriteStartArray();
                foreach (var element in array)
                {
                    Write(writer, element);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var pair in map)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static string ToJson(object? value) => JsonText.Write(writer => Write(writer, value));

    /// <summary>
    /// A value as text: strings as themselves, arrays and objects as compact JSON, the rest as their JSON text
    /// (the form ADF gives pipeline parameters; GUESS: also what interpolation gives for booleans).
    /// </summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        long or double => ToJson(value),
        _ => ToJson(value),
    };

    public static bool AreEqual(object? left, object? right)
    {
        if (left is long or double && right is long or double)
        {
            return Convert.ToDouble(left, CultureInfo.InvariantCulture) == Convert.ToDouble(right, CultureInfo.InvariantCulture);
        }

        if (left is string || right is string || left is bool || right is bool || left is null || right is null)
        {
            return Equals(left, right);
        }

        return string.Equals(ToJson(left), ToJson(right), StringComparison.Ordinal);
    }
}
