using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AdfRuns.Tests;

/// <summary>One recorded HTTP exchange of a vcrpy cassette (tests/contract/fabric/recordings).</summary>
internal sealed class RecordedExchange
{
    public string Method { get; set; } = string.Empty;
    public string Uri { get; set; } = string.Empty;
    public string? RequestBody { get; set; }
    public int Status { get; set; }
    public string? ResponseBody { get; set; }
    public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override string ToString() => $"{Method} {Uri} -> {Status}";
}

/// <summary>
/// Reads the fabric-cli cassettes as they are written (vcrpy's YAML: single-quoted scalars folded over lines, headers as
/// one-item lists): just enough YAML for these files, so the tests read the recordings byte for byte as copied.
/// </summary>
internal static class FabricCassette
{
    public static IReadOnlyList<RecordedExchange> Read(string fileName)
    {
        var lines = File.ReadAllLines(ContractFiles.PathOf("fabric", "recordings", fileName));
        var exchanges = new List<RecordedExchange>();
        RecordedExchange? current = null;
        var inResponse = false;
        string? header = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (line.StartsWith("- request:", StringComparison.Ordinal))
            {
                current = new RecordedExchange();
                exchanges.Add(current);
                inResponse = false;
                header = null;
            }
            else if (current is null)
            {
                continue;
            }
            else if (line == "  response:")
            {
                inResponse = true;
                header = null;
            }
            else if (indent == 4 && trimmed.StartsWith("method: ", StringComparison.Ordinal))
            {
                current.Method = trimmed.Substring("method: ".Length);
            }
            else if (indent == 4 && trimmed.StartsWith("uri: ", StringComparison.Ordinal))
            {
                current.Uri = trimmed.Substring("uri: ".Length);
            }
            else if (indent == 4 && !inResponse && trimmed.StartsWith("body: ", StringComparison.Ordinal))
            {
                current.RequestBody = Scalar(lines, ref i, trimmed.Substring("body: ".Length));
            }
            else if (indent == 6 && inResponse && trimmed.StartsWith("string: ", StringComparison.Ordinal))
            {
                current.ResponseBody = Scalar(lines, ref i, trimmed.Substring("string: ".Length));
            }
            else if (indent == 6 && inResponse && trimmed.StartsWith("code: ", StringComparison.Ordinal))
            {
                current.Status = int.Parse(trimmed.AsSpan("code: ".Length), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (indent == 6 && inResponse && trimmed.EndsWith(':') && !trimmed.Contains(' ', StringComparison.Ordinal))
            {
                header = trimmed.TrimEnd(':');
            }
            else if (indent == 6 && inResponse && header is not null && trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                current.ResponseHeaders[header] = Scalar(lines, ref i, trimmed.Substring(2)) ?? string.Empty;
            }
        }

        return exchanges;
    }

    /// <summary>A plain, null or single-quoted scalar; a quoted one may fold over the following lines.</summary>
    private static string? Scalar(string[] lines, ref int i, string first)
    {
        if (first == "null")
        {
            return null;
        }

        if (!first.StartsWith('\''))
        {
            return first;
        }

        var text = new StringBuilder();
        var piece = first.Substring(1);
        while (true)
        {
            var (content, closed) = Unquote(piece);
            text.Append(content);
            if (closed)
            {
                return text.ToString();
            }

            var next = lines[++i].Trim();
            // A folded line break is a space; an empty line is a newline.
            text.Append(next.Length == 0 ? "\n" : " ");
            piece = next;
        }
    }

    private static (string Content, bool Closed) Unquote(string piece)
    {
        var content = new StringBuilder();
        for (var at = 0; at < piece.Length; at++)
        {
            if (piece[at] != '\'')
            {
                content.Append(piece[at]);
            }
            else if (at + 1 < piece.Length && piece[at + 1] == '\'')
            {
                content.Append('\'');
                at++;
            }
            else
            {
                return (content.ToString(), true);
            }
        }

        return (content.ToString(), false);
    }

    public static IEnumerable<RecordedExchange> JobReads(this IEnumerable<RecordedExchange> exchanges) =>
        exchanges.Where(e => e.Method == "GET" && e.Uri.Contains("/jobs/instances/", StringComparison.Ordinal) && e.Status == 200);
}
