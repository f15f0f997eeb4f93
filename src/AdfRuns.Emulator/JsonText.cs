using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AdfRuns.Emulator;

internal static class JsonText
{
    // ADF (Newtonsoft) does not escape '<', '+', '\'' or non-ASCII characters the way the default encoder would.
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>Parses a request body; malformed JSON is answered as a 400 BadRequest (GUESS: the service's answer).</summary>
    public static JsonDocument ParseRequestBody(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            throw ServiceException.BadRequest($"The request body is not valid JSON: {exception.Message}");
        }
    }

    public static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// How ADF reports a parameter value: strings as themselves, arrays and objects JSON-encoded,
    /// numbers and booleans as their JSON text.
    /// </summary>
    public static string ToParameterString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        _ => Compact(value),
    };

    public static string WriteObject(Action<Utf8JsonWriter> writeProperties) => Write(writer =>
    {
        writer.WriteStartObject();
        writeProperties(writer);
        writer.WriteEndObject();
    });

    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        return Encoding.UTF8.GetString(WriteBytes(write, indented));
    }

    public static byte[] WriteBytes(Action<Utf8JsonWriter> write, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, Indented = indented }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>ADF's timestamp format: up to seven fraction digits, trailing zeros trimmed ("2018-06-16T00:37:44.6257014Z").</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static void WriteTimeOrNull(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, FormatTime(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
