using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>
/// The real API contract (tests/contract), copied into the test output under contract/ by the project file.
/// A missing file fails the test with a message saying where it was expected: never a silent pass.
/// </summary>
internal static class ContractFiles
{
    public const string RecordingName = "azure-powershell_RunTests_TestPipelineRunV2.json";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "contract");

    public static string PathOf(params string[] parts)
    {
        var path = Path.Combine(new[] { Root }.Concat(parts).ToArray());
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Contract file '{path}' is missing. The tests read the real API contract from tests/contract, " +
                "copied to the output's contract/ folder by AdfRuns.Tests.csproj; restore the file there and rebuild.",
                path);
        }

        return path;
    }

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>The x-ms-example's responses[status].body, as raw JSON text (what the service would send).</summary>
    /// <param name="folder">examples (Data Factory) or synapse/examples (the Synapse data plane).</param>
    public static string ExampleBody(string exampleName, string status = "200", string folder = "examples")
    {
        using var document = JsonDocument.Parse(ReadText(folder, exampleName + ".json"));
        var body = document.RootElement.GetProperty("responses").GetProperty(status).GetProperty("body");
        return body.GetRawText();
    }

    /// <summary>The x-ms-example's request "parameters" object, as raw JSON.</summary>
    public static JsonElement ExampleParameters(string exampleName, string folder = "examples")
    {
        using var document = JsonDocument.Parse(ReadText(folder, exampleName + ".json"));
        return document.RootElement.GetProperty("parameters").Clone();
    }

    public static IReadOnlyList<RecordedEntry> RecordingEntries()
    {
        using var document = JsonDocument.Parse(ReadText("recordings", RecordingName));
        var entries = new List<RecordedEntry>();
        foreach (var entry in document.RootElement.GetProperty("Entries").EnumerateArray())
        {
            entries.Add(new RecordedEntry(
                entry.GetProperty("RequestMethod").GetString()!,
                entry.GetProperty("RequestUri").GetString()!,
                entry.TryGetProperty("RequestBody", out var requestBody) && requestBody.ValueKind == JsonValueKind.String ? requestBody.GetString() : null,
                entry.TryGetProperty("ResponseBody", out var responseBody) && responseBody.ValueKind == JsonValueKind.String ? responseBody.GetString() : null,
                entry.GetProperty("StatusCode").GetInt32()));
        }

        Assert.NotEmpty(entries);
        return entries;
    }

    /// <summary>The recorded GET pipelineruns/{id} entries (picked by method and URI, not by index).</summary>
    public static IReadOnlyList<RecordedEntry> RecordedPipelineRunGets() =>
        RecordingEntries()
            .Where(e => e.Method == "GET" && e.PathOnly.Contains("/pipelineruns/", StringComparison.Ordinal) && e.StatusCode == 200)
            .ToList();

    public static IReadOnlyList<RecordedEntry> RecordedCreateRuns() =>
        RecordingEntries()
            .Where(e => e.Method == "POST" && e.PathOnly.EndsWith("/createRun", StringComparison.Ordinal))
            .ToList();

    /// <summary>The factory the recording ran against, read from a recorded ADF request path.</summary>
    public static FactoryTarget RecordedFactory(RecordedEntry entry)
    {
        var segments = entry.PathOnly.Split('/');
        string After(string name) => segments[Array.FindIndex(segments, s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) + 1];
        return new FactoryTarget(After("subscriptions"), After("resourceGroups"), After("factories"));
    }
}

internal sealed record RecordedEntry(string Method, string RequestUri, string? RequestBody, string? ResponseBody, int StatusCode)
{
    public string PathOnly => RequestUri.Split('?')[0];

    public IReadOnlyDictionary<string, string> Query =>
        RequestUri.Contains('?')
            ? RequestUri.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]))
            : new Dictionary<string, string>();

    public override string ToString() => $"{Method} {RequestUri}";
}
