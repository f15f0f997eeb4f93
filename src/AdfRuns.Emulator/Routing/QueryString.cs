using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Routing;

internal static class QueryString
{
    private static readonly char[] PairSeparator = { '&' };

    /// <summary>Query parameters by name (case-insensitive, as ARM treats them); the first occurrence wins.</summary>
    public static Dictionary<string, string> Parse(string query)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split(PairSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            var name = Decode(separator < 0 ? pair : pair.Substring(0, separator));
            var value = separator < 0 ? string.Empty : Decode(pair.Substring(separator + 1));
            if (!result.ContainsKey(name))
            {
                result[name] = value;
            }
        }

        return result;
    }

    public static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
