using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AdfRuns.Loading;

/// <summary>
/// Runs when Import-Module loads AdfRuns.dll. It only registers a resolver (no assembly is loaded here, so
/// import stays cheap): the engine and its dependencies load from dependencies/ on first use, into the
/// module's own load context on PowerShell 7, or through AppDomain.AssemblyResolve on Windows PowerShell 5.1.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object Gate = new();
    private static bool registered;
    private static CoreBridge? coreBridge;
    private static DependencyFolder? desktopFolder;

    /// <summary>The dependencies/ folder beside AdfRuns.dll.</summary>
    internal static string DependencyPath =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "dependencies");

    public void OnImport()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            var folder = new DependencyFolder(DependencyPath, preferReadyToRun: IsCoreClr);
            if (IsCoreClr)
            {
                RegisterCore(folder);
            }
            else
            {
                desktopFolder = folder;
                AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
            }

            registered = true;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        lock (Gate)
        {
            if (!registered)
            {
                return;
            }

            if (coreBridge is not null)
            {
                UnregisterCore();
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
            }

            registered = false;
        }
    }

    private static bool IsCoreClr => Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader") is not null
        && !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    // Kept out of line so that Windows PowerShell never has to load the AssemblyLoadContext type.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterCore(DependencyFolder folder)
    {
        // One context per process, kept across Remove-Module/Import-Module, as types already loaded cannot move.
        coreBridge ??= new CoreBridge(new DependencyLoadContext(folder));
        System.Runtime.Loader.AssemblyLoadContext.Default.Resolving += coreBridge.Resolve;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnregisterCore() => System.Runtime.Loader.AssemblyLoadContext.Default.Resolving -= coreBridge!.Resolve;

    private static Assembly? ResolveOnDesktop(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        if (name.Name is null || desktopFolder is null)
        {
            return null;
        }

        return DependencyResolutionPolicy.DecideForDesktop(desktopFolder.ShippedVersion(name.Name)) == ResolutionSource.ModuleDependencies
            ? Assembly.LoadFrom(desktopFolder.FileFor(name.Name))
            : null;
    }

    private sealed class CoreBridge
    {
        private readonly DependencyLoadContext context;

        public CoreBridge(DependencyLoadContext context)
        {
            this.context = context;
        }

        public Assembly? Resolve(System.Runtime.Loader.AssemblyLoadContext defaultContext, AssemblyName name) =>
            name.Name is { } simpleName && DependencyResolutionPolicy.IsBridgedFromDefaultContext(simpleName) && context.Folder.ShippedVersion(simpleName) is not null
                ? context.LoadFromAssemblyName(name)
                : null;
    }
}
