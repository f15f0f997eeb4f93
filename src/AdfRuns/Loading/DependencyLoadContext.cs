using System.Reflection;
using System.Runtime.Loader;

namespace AdfRuns.Loading;

/// <summary>
/// The module's own load context on PowerShell 7: the engine, Azure.Identity, Azure.Core, MSAL and System.Text.Json
/// live here, so another module's Azure.Core in the default context never meets ours.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private readonly DependencyFolder folder;

    public DependencyLoadContext(DependencyFolder folder)
    {
        this.folder = folder;
    }

    public DependencyFolder Folder => folder;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name is null)
        {
            return null;
        }

        var decision = DependencyResolutionPolicy.DecideForCore(name, assemblyName.Version, folder.ShippedVersion(name), folder.FrameworkVersion(name));
        return decision == ResolutionSource.ModuleDependencies ? LoadFromAssemblyPath(folder.FileFor(name)) : null;
    }
}
