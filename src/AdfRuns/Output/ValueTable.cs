using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using AdfRuns.Binding;
using AdfRuns.Engine.Json;

namespace AdfRuns;

/// <summary>
/// Names to values (run parameters, run dimensions): ordered and case-insensitive. Its text form is compact JSON,
/// so Export-Csv writes a column that Start-AdfPipelineRun reads back.
/// </summary>
public sealed class ValueTable : OrderedDictionary
{
    internal ValueTable()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    internal static ValueTable From(IReadOnlyList<KeyValuePair<string, object?>> members)
    {
        var table = new ValueTable();
        foreach (var member in members)
        {
            table[member.Key] = PowerShellJson.ToPowerShell(member.Value);
        }

        return table;
    }

    /// <summary>The table as a JSON object, e.g. {"Day":"2026-11-25","BatchSize":"250"}.</summary>
    public override string ToString() => JsonTextForm.Of(this, base.ToString());
}

/// <summary>A list of values (run annotations) whose text form is a compact JSON array.</summary>
public sealed class ValueList : ReadOnlyCollection<object?>
{
    internal ValueList(IList<object?> items)
        : base(items)
    {
    }

    internal static ValueList From(IReadOnlyList<object?> items)
    {
        var values = new object?[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = PowerShellJson.ToPowerShell(items[i]);
        }

        return new ValueList(values);
    }

    /// <summary>The list as a JSON array, e.g. ["nightly","sales"].</summary>
    public override string ToString() => JsonTextForm.Of(this, base.ToString());
}

internal static class JsonTextForm
{
    public static string Of(object value, string fallback)
    {
        try
        {
            return JsonTree.Serialize(PowerShellJson.ToTree(value, string.Empty, 0, new HashSet<object>()));
        }
        catch (JsonTreeException)
        {
            // A value a caller put in that JSON cannot express: the type name is the honest text then.
            return fallback;
        }
    }
}
