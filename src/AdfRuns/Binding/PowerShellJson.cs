using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Binding;

/// <summary>
/// Converts between PowerShell values and the engine's neutral JSON tree. Values keep their JSON types: a
/// hashtable or PSCustomObject becomes a JSON object, never a serialized PowerShell wrapper.
/// </summary>
internal static class PowerShellJson
{
    /// <summary>
    /// The parameters as a JSON tree; refused, as soon as it shows, when they would be larger than run parameters may
    /// be, so a 10 MB string or an endless enumeration costs no more than the limit.
    /// </summary>
    public static JsonTreeObject ToParameterTree(IDictionary parameters)
    {
        var result = new JsonTreeObject();
        var ancestors = new HashSet<object>(ReferenceComparer.Instance) { parameters };
        var size = new SizeBudget(ParameterChecker.MaxParameterBytes);
        foreach (DictionaryEntry entry in parameters)
        {
            var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            size.Add(name, name.Length + 4);
            if (!result.TryAdd(name, ToTree(entry.Value, name, 1, ancestors, size), out var existing))
            {
                throw new JsonTreeException(string.Empty, "The parameters are refused: " + JsonTree.DuplicateKeysProblem(existing, name));
            }
        }

        return result;
    }

    /// <param name="size">When given, counts what the value adds to the JSON text, and refuses it past the budget.</param>
    public static object? ToTree(object? value, string path, int depth, HashSet<object> ancestors, SizeBudget? size = null)
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
                        size?.Add(path, property.Name.Length + 4);
                        if (!members.TryAdd(property.Name, ToTree(property.Value, Child(path, property.Name), depth + 1, ancestors, size), out var existing))
                        {
                            throw new JsonTreeException(path, JsonTree.DuplicateKeysProblem(existing, property.Name));
                        }
                    }

                    return members;
                });
            }

            value = wrapped.BaseObject;
        }

        size?.Add(path, value is string text ? Encoding.UTF8.GetByteCount(text) + 3 : 2);
        switch (value)
        {
            case null:
                return null;
            case string or char or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or DateTime or DateTimeOffset or Guid or Uri:
                return value;
            case Enum enumValue:
                return enumValue.ToString();
            case SecureString secret:
                return RevealForSending(secret);
            case ScriptBlock:
                throw new JsonTreeException(path, "a script block cannot be sent as a pipeline parameter; pass its result instead.");
            case IDictionary dictionary:
                return Enter(dictionary, path, ancestors, () =>
                {
                    var members = new JsonTreeObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                        size?.Add(path, key.Length + 4);
                        if (!members.TryAdd(key, ToTree(entry.Value, Child(path, key), depth + 1, ancestors, size), out var existing))
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
                        list.Add(ToTree(item, $"{path}[{list.Count}]", depth + 1, ancestors, size));
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

    /// <summary>A SecureString's text for a request body; an emulator in this process is told, so its log masks it.</summary>
    private static string RevealForSending(SecureString secret)
    {
        var text = Reveal(secret);
        if (Commands.EmulatorCmdletBase.RunningEmulators().Count > 0)
        {
            TellEmulators(text);
        }

        return text;
    }

    // Apart, so that the emulator's assembly is loaded only when an emulator runs.
    private static void TellEmulators(string text) => AdfRuns.Emulator.ClientSecrets.Remember(text);

    private static string Child(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";

    /// <summary>
    /// A lower bound of the JSON text's size in bytes (escapes and number digits beyond the first are not counted),
    /// so what it refuses is surely too large; the engine checks the exact size of the body it builds.
    /// </summary>
    internal sealed class SizeBudget
    {
        private readonly long limit;
        private long used;

        public SizeBudget(long limit) => this.limit = limit;

        public void Add(string path, long bytes)
        {
            used += bytes;
            if (used > limit)
            {
                throw new JsonTreeException(path, ParameterChecker.TooLarge("the parameters are"));
            }
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
