using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace AdfRuns.Loading;

/// <summary>The module's dependencies/ folder and the runtime's own folder, with cached assembly versions.</summary>
internal sealed class DependencyFolder
{
    private readonly ConcurrentDictionary<string, Version?> shipped = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Version?> framework = new(StringComparer.OrdinalIgnoreCase);
    private readonly string frameworkDirectory;

    public DependencyFolder(string path)
    {
        Path = path;
        frameworkDirectory = System.IO.Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
    }

    public string Path { get; }

    public string FileFor(string name) => System.IO.Path.Combine(Path, name + ".dll");

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
