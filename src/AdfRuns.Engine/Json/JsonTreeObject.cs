using System;
using System.Collections;
using System.Collections.Generic;

namespace AdfRuns.Engine.Json;

/// <summary>
/// A JSON object in the engine's neutral tree: keeps the service's member order and looks names up without case.
/// The tree is made of null, string, bool, long, double, decimal, JsonTreeObject and List&lt;object?&gt;, so no
/// System.Text.Json type crosses into the PowerShell layer.
/// </summary>
public sealed class JsonTreeObject : IReadOnlyDictionary<string, object?>
{
    private readonly List<KeyValuePair<string, object?>> members;
    private readonly Dictionary<string, int> index;

    public JsonTreeObject()
        : this(0)
    {
    }

    /// <param name="capacity">How many members it will hold, when known: a run's ~17 would otherwise regrow both tables four times.</param>
    public JsonTreeObject(int capacity)
    {
        members = new List<KeyValuePair<string, object?>>(capacity);
        index = new Dictionary<string, int>(capacity, StringComparer.OrdinalIgnoreCase);
    }

    public int Count => members.Count;

    public IEnumerable<string> Keys
    {
        get
        {
            foreach (var member in members)
            {
                yield return member.Key;
            }
        }
    }

    public IEnumerable<object?> Values
    {
        get
        {
            foreach (var member in members)
            {
                yield return member.Value;
            }
        }
    }

    public object? this[string key] => members[index[key]].Value;

    public void Set(string key, object? value)
    {
        if (index.TryGetValue(key, out var position))
        {
            members[position] = new KeyValuePair<string, object?>(key, value);
            return;
        }

        index[key] = members.Count;
        members.Add(new KeyValuePair<string, object?>(key, value));
    }

    /// <summary>
    /// Adds a member unless one of the same name, in any case, is already there; then nothing changes and
    /// <paramref name="existingKey"/> is that member's name as it was given, so that both can be named.
    /// </summary>
    public bool TryAdd(string key, object? value, out string existingKey)
    {
        if (index.TryGetValue(key, out var position))
        {
            existingKey = members[position].Key;
            return false;
        }

        index[key] = members.Count;
        members.Add(new KeyValuePair<string, object?>(key, value));
        existingKey = key;
        return true;
    }

    public bool ContainsKey(string key) => index.ContainsKey(key);

    public bool TryGetValue(string key, out object? value)
    {
        if (index.TryGetValue(key, out var position))
        {
            value = members[position].Value;
            return true;
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
