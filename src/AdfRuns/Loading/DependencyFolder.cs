using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace AdfRuns.Loading;

/// <summary>
/// The module's dependencies/ folder and the runtime's own folder, with cached assembly versions. On PowerShell 7 a
/// file in dependencies/ready-to-run/ (the same assembly compiled ahead of time by the build) is preferred.
/// </summary>
internal sealed class DependencyFolder
{
    /// <summary>The subfolder of ahead-of-time compiled copies, for PowerShell 7 only.</summary>
    public const string ReadyToRunFolder = "ready-to-run";

    private readonly ConcurrentDictionary<string, Version?> shipped = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Version?> framework = new(StringComparer.OrdinalIgnoreCase);
    private readonly string frameworkDirectory;
    private readonly string? readyToRunPath;

    /// <param name="preferReadyToRun">Whether ready-to-run/ copies are used (never on Windows PowerShell 5.1).</param>
    public DependencyFolder(string path, bool preferReadyToRun = false)
    {
        Path = path;
        frameworkDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        readyToRunPath = preferReadyToRun ? System.IO.Path.Combine(path, ReadyToRunFolder) : null;
    }

    public string Path { get; }

    public string FileFor(string name)
    {
        var file = name + ".dll";
        if (readyToRunPath is not null)
        {
            var compiled = System.IO.Path.Combine(readyToRunPath, file);
            if (File.Exists(compiled))
            {
                return compiled;
            }
        }

        return System.IO.Path.Combine(Path, file);
    }

    public Version? ShippedVersion(string name) => shipped.GetOrAdd(name, key => VersionOf(FileFor(key)));

    public Version? FrameworkVersion(string name) =>
        framework.GetOrAdd(name, key => frameworkDirectory.Length == 0 ? null : VersionOf(System.IO.Path.Combine(frameworkDirectory, key + ".dll")));

    private static Version? VersionOf(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return AssemblyName.GetAssemblyName(file).Version;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
