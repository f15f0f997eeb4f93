using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using AdfRuns.Binding;
using AdfRuns.Engine.Json;

namespace AdfRuns.Emulators;

/// <summary>
/// Set-AdfEmulatorBehavior's conditions as the text ADF reports parameter values in: strings as themselves, booleans
/// as true/false, numbers as digits, arrays and objects as compact JSON.
/// </summary>
internal static class EmulatorConditionText
{
    public static IReadOnlyList<KeyValuePair<string, string>> Pairs(IDictionary values)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (DictionaryEntry entry in values)
        {
            var name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            pairs.Add(new KeyValuePair<string, string>(name, Value(entry.Value)));
        }

        return pairs;
    }

    public static string Value(object? value)
    {
        var unwrapped = value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;
        return unwrapped switch
        {
            null => string.Empty,
            string text => text,
            bool flag => flag ? "true" : "false",
            IFormattable number when unwrapped is not DateTime and not DateTimeOffset => number.ToString(null, CultureInfo.InvariantCulture),
            _ => AsParameterText(JsonTree.Serialize(PowerShellJson.ToTree(value, string.Empty, 1, new HashSet<object>()))),
        };
    }

    // A value that serializes to a JSON string (a date, a GUID, an enum) is sent, and reported, as that string.
    private static string AsParameterText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.String ? document.RootElement.GetString()! : json;
    }
}
