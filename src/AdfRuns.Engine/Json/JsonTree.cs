using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AdfRuns.Engine.Json;

/// <summary>A value that cannot be sent as JSON, with the path to it (e.g. "Options.Nested[2]").</summary>
public sealed class JsonTreeException : Exception
{
    public JsonTreeException(string path, string message)
        : base(string.IsNullOrEmpty(path) ? message : $"{path}: {message}")
    {
        Path = path;
    }

    public string Path { get; }
}

/// <summary>Reads and writes the engine's neutral JSON tree.</summary>
public static class JsonTree
{
    /// <summary>Deeper than this is refused: pipeline parameters are never legitimately this nested, cycles are.</summary>
    public const int MaxDepth = 32;

    public static object? Read(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ReadObject(element),
        JsonValueKind.Array => ReadArray(element),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => ReadNumber(element),
        _ => null,
    };

    /// <summary>
    /// Request bodies go to a JSON API, never into HTML or a script, so '+', '&lt;', '&gt;', '&amp;', ''' and
    /// non-ASCII letters are written as themselves (the default encoder writes '+' as \u002B); quotes,
    /// backslashes and control characters are still escaped.
    /// </summary>
    public static readonly JavaScriptEncoder BodyEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public static object? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>
    /// Parses JSON a person wrote (a parameter file, -Parameter text): a key given twice, or two keys that differ
    /// only by case, is a JsonTreeException naming both, where Parse would silently keep the last value.
    /// </summary>
    public static object? ParseWithUniqueKeys(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadUnique(document.RootElement, string.Empty);
    }

    /// <summary>Why two keys of one object are refused; <paramref name="first"/> and <paramref name="second"/> as given.</summary>
    public static string DuplicateKeysProblem(string first, string second) =>
        first == second
            ? $"the key '{first}' is given twice, so one of its values would be lost; keep one of them."
            : $"the keys '{first}' and '{second}' differ only by case, and Data Factory matches names without case, so one of the values would be lost; keep one of them.";

    public static string Serialize(object? value, bool indented = false)
    {
        if (indented)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = BodyEncoder }))
            {
                Write(writer, value);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        // Every start with parameters serializes its body: one stream and writer per thread, reset for each.
        var buffer = compactBuffer ??= new MemoryStream();
        var compact = compactWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = BodyEncoder });
        buffer.SetLength(0);
        compact.Reset(buffer);
        Write(compact, value);
        compact.Flush();
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (buffer.Capacity > KeptBufferBytes)
        {
            // A rare large body's buffer is not kept for the thread's lifetime.
            compactBuffer = null;
            compactWriter = null;
        }

        return text;
    }

    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static MemoryStream? compactBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? compactWriter;

    public static void Write(Utf8JsonWriter writer, object? value) => Write(writer, value, string.Empty, new Stack<object>(), 0);

    private static JsonTreeObject ReadObject(JsonElement element)
    {
        var result = new JsonTreeObject(element.GetPropertyCount());
        foreach (var property in element.EnumerateObject())
        {
            result.Set(property.Name, Read(property.Value));
        }

        return result;
    }

    private static object? ReadUnique(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new JsonTreeObject(element.GetPropertyCount());
                foreach (var property in element.EnumerateObject())
                {
                    if (!result.TryAdd(property.Name, ReadUnique(property.Value, Child(path, property.Name)), out var existing))
                    {
                        throw new JsonTreeException(path, DuplicateKeysProblem(existing, property.Name));
                    }
                }

                return result;
            case JsonValueKind.Array:
                var items = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(ReadUnique(item, $"{path}[{items.Count}]"));
                }

                return items;
            default:
                return Read(element);
        }
    }

    private static List<object?> ReadArray(JsonElement element)
    {
        var result = new List<object?>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            result.Add(Read(item));
        }

        return result;
    }

    private static object ReadNumber(JsonElement element)
    {
        if (element.TryGetInt64(out var whole))
        {
            return whole;
        }

        if (element.TryGetDecimal(out var exact))
        {
            return exact;
        }

        return element.GetDouble();
    }

    private static void Write(Utf8JsonWriter writer, object? value, string path, Stack<object> ancestors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new JsonTreeException(path, $"the value is nested more than {MaxDepth} levels deep.");
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string text:
                writer.WriteStringValue(text);
                return;
            case char character:
                writer.WriteStringValue(character.ToString());
                return;
            case bool flag:
                writer.WriteBooleanValue(flag);
                return;
            case byte or sbyte or short or ushort or int or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                return;
            case uint or ulong:
                writer.WriteNumberValue(Convert.ToUInt64(value, CultureInfo.InvariantCulture));
                return;
            case decimal exact:
                writer.WriteNumberValue(exact);
                return;
            case float or double:
                var real = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(real) || double.IsInfinity(real))
                {
                    throw new JsonTreeException(path, $"{real} cannot be expressed in JSON.");
                }

                writer.WriteNumberValue(real);
                return;
            case DateTimeOffset moment:
                writer.WriteStringValue(moment.ToString("o", CultureInfo.InvariantCulture));
                return;
            case DateTime dateTime:
                writer.WriteStringValue(dateTime.ToString("o", CultureInfo.InvariantCulture));
                return;
            case Guid guid:
                writer.WriteStringValue(guid.ToString("D"));
                return;
            case Enum enumValue:
                writer.WriteStringValue(enumValue.ToString());
                return;
            case Uri uri:
                writer.WriteStringValue(uri.OriginalString);
                return;
        }

        if (Contains(ancestors, value))
        {
            throw new JsonTreeException(path, "the value refers to itself (a circular reference) and cannot be expressed in JSON.");
        }

        ancestors.Push(value);
        try
        {
            switch (value)
            {
                case IReadOnlyDictionary<string, object?> members:
                    writer.WriteStartObject();
                    foreach (var member in members)
                    {
                        writer.WritePropertyName(member.Key);
                        Write(writer, member.Value, Child(path, member.Key), ancestors, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                        writer.WritePropertyName(key);
                        Write(writer, entry.Value, Child(path, key), ancestors, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case IEnumerable items:
                    writer.WriteStartArray();
                    var position = 0;
                    foreach (var item in items)
                    {
                        Write(writer, item, $"{path}[{position}]", ancestors, depth + 1);
                        position++;
                    }

                    writer.WriteEndArray();
                    return;
                default:
                    throw new JsonTreeException(path, $"a value of type {value.GetType().FullName} cannot be expressed in JSON.");
            }
        }
        finally
        {
            ancestors.Pop();
        }
    }

    private static bool Contains(Stack<object> ancestors, object value)
    {
        foreach (var ancestor in ancestors)
        {
            if (ReferenceEquals(ancestor, value))
            {
                return true;
            }
        }

        return false;
    }

    private static string Child(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";
}
