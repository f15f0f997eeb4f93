using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using AdfRuns.Engine.Json;

namespace AdfRuns.Internal;

/// <summary>
/// Converts between PowerShell values and the engine's neutral JSON tree. Values keep their JSON types: a
/// hashtable or PSCustomObject becomes a JSON object, never a serialized PowerShell wrapper.
/// </summary>
internal static class PowerShellJson
{
    public static JsonTreeObject ToParameterTree(IDictionary parameters)
    {
        var result = new JsonTreeObject();
        var ancestors = new HashSet<object>(ReferenceComparer.Instance) { parameters };
        foreach (DictionaryEntry entry in parameters)
        {
            var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            if (!result.TryAdd(name, ToTree(entry.Value, name, 1, ancestors), out var existing))
            {
                throw new JsonTreeException(string.Empty, "The parameters are refused: " + JsonTree.DuplicateKeysProblem(existing, name));
            }
        }

        return result;
    }

    public static object? ToTree(object? value, string path, int depth, HashSet<object> ancestors)
    {
        if (depth > JsonTree.MaxDepth)
        {
            throw new JsonTreeException(path, $"the value is nested more than {JsonTree.MaxDepth} levels deep.");
        }

        if (value is PSObject wrapped)
        {
            if (wrapped.BaseObject is PSCustomObject)
            {
                return Enter(wrapped, path, ancestors, () =>
                {
                    var members = new JsonTreeObject();
                    foreach (var property in wrapped.Properties)
                    {
                        if (!members.TryAdd(property.Name, ToTree(property.Value, Child(path, property.Name), depth + 1, ancestors), out var existing))
                        {
                            throw new JsonTreeException(path, JsonTree.DuplicateKeysProblem(existing, property.Name));
                        }
                    }

                    return members;
                });
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null:
                return null;
            case string or char or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or DateTime or DateTimeOffset or Guid or Uri:
                return value;
            case Enum enumValue:
                return enumValue.ToString();
            case SecureString secret:
                return Reveal(secret);
            case ScriptBlock:
                throw new JsonTreeException(path, "a script block cannot be sent as a pipeline parameter; pass its result instead.");
            case IDictionary dictionary:
                return Enter(dictionary, path, ancestors, () =>
                {
                    var members = new JsonTreeObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                        if (!members.TryAdd(key, ToTree(entry.Value, Child(path, key), depth + 1, ancestors), out var existing))
                        {
                            throw new JsonTreeException(path, JsonTree.DuplicateKeysProblem(existing, key));
                        }
                    }

                    return members;
                });
            case IEnumerable items:
                return Enter(items, path, ancestors, () =>
                {
                    var list = new List<object?>();
                    foreach (var item in items)
                    {
                        list.Add(ToTree(item, $"{path}[{list.Count}]", depth + 1, ancestors));
                    }

                    return list;
                });
            default:
                throw new JsonTreeException(path, $"a value of type {value.GetType().FullName} cannot be expressed in JSON; pass a string, number, bool, array, hashtable or PSCustomObject.");
        }
    }

    /// <summary>A JSON tree as PowerShell objects: objects become PSCustomObjects, arrays object[].</summary>
    public static object? ToPowerShell(object? tree)
    {
        switch (tree)
        {
            case JsonTreeObject members:
                var result = new PSObject();
                foreach (var member in members)
                {
                    result.Properties.Add(new PSNoteProperty(member.Key, ToPowerShell(member.Value)));
                }

                return result;
            case List<object?> list:
                var array = new object?[list.Count];
                for (var i = 0; i < list.Count; i++)
                {
                    array[i] = ToPowerShell(list[i]);
                }

                return array;
            default:
                return tree;
        }
    }

    private static object Enter(object container, string path, HashSet<object> ancestors, Func<object> convert)
    {
        if (!ancestors.Add(container))
        {
            throw new JsonTreeException(path, "the value refers to itself (a circular reference) and cannot be expressed in JSON.");
        }

        try
        {
            return convert();
        }
        finally
        {
            ancestors.Remove(container);
        }
    }

    private static string Reveal(SecureString secret)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    internal static string RevealSecret(SecureString secret) => Reveal(secret);

    private static string Child(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
