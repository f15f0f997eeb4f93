using System;
using System.Collections.Generic;
using System.Linq;

namespace AdfRuns.Engine.Starting;

/// <summary>How alike two names are, for "did you mean" hints: case-insensitive edit distance.</summary>
internal static class NameDistance
{
    /// <summary>" Did you mean 'A' or 'B'?" for up to three candidates close to the given name; empty when none is.</summary>
    public static string Hint(IEnumerable<string> candidates, string given)
    {
        var near = candidates.Where(candidate => IsClose(candidate, given)).Take(3).ToList();
        return near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(name => $"'{name}'"))}?" : string.Empty;
    }

    /// <summary>Within two edits (one for short names), or one name starts with the other.</summary>
    public static bool IsClose(string candidate, string given)
    {
        if (string.Equals(candidate, given, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var a = candidate.ToUpperInvariant();
        var b = given.ToUpperInvariant();
        if (b.Length >= 3 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal)))
        {
            return true;
        }

        return Distance(a, b) <= (b.Length <= 4 ? 1 : 2);
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
