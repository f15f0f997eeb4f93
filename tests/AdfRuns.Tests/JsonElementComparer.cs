using System.Linq;
using System.Text.Json;

namespace AdfRuns.Tests;

/// <summary>Structural JSON equality (member order ignored, numbers compared by value).</summary>
internal static class JsonElementComparer
{
    public static bool DeepEquals(JsonElement expected, string actualJson)
    {
        using var document = JsonDocument.Parse(actualJson);
        return DeepEquals(expected, document.RootElement);
    }

    public static bool DeepEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var right = b.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                return left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var other) && DeepEquals(p.Value, other));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => DeepEquals(pair.First, pair.Second));
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Number:
                return a.GetDecimal() == b.GetDecimal();
            default:
                return true;
        }
    }
}
