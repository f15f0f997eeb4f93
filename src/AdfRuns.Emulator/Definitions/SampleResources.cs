using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace AdfRuns.Emulator.Definitions;

/// <summary>The sample factory's JSON files, embedded in the emulator's assembly under SampleFactory/.</summary>
internal static class SampleResources
{
    /// <summary>Each embedded .json file under the folder (e.g. "SampleFactory/pipeline/"), in name order: its source name and text.</summary>
    public static IEnumerable<(string Source, string Json)> Read(string folder)
    {
        var assembly = typeof(SampleResources).Assembly;
        foreach (var resourceName in assembly.GetManifestResourceNames().OrderBy(n => n, StringComparer.Ordinal))
        {
            // %(RecursiveDir) puts a backslash into the logical name when the assembly is built on Windows.
            var normalized = resourceName.Replace('\\', '/');
            if (!normalized.StartsWith(folder, StringComparison.Ordinal) || !normalized.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resourceName)
                ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            yield return ("embedded:" + resourceName, reader.ReadToEnd());
        }
    }
}
