using System;

namespace AdfRuns.Loading;

/// <summary>Where an assembly request should be answered from.</summary>
internal enum ResolutionSource
{
    /// <summary>Not ours: leave it to the runtime's normal rules.</summary>
    NotOurs,
    /// <summary>Ours, but the runtime's own copy is as new as asked for: share it (System.Memory and friends).</summary>
    Framework,
    /// <summary>Load our copy from the module's dependencies/ folder into the module's own load context.</summary>
    ModuleDependencies,
}

/// <summary>
/// The decision table of the dependency resolver, apart from any loading so that it can be tested.
/// Our own engine assemblies always come from dependencies/. A third-party assembly we ship comes from
/// dependencies/ unless the runtime carries one at least as new (sharing the framework's System.Memory avoids
/// two incompatible Span types). Anything we do not ship is not ours to answer.
/// </summary>
internal static class DependencyResolutionPolicy
{
    public const string OwnAssemblyPrefix = "AdfRuns.";

    public static ResolutionSource DecideForCore(string name, Version? requested, Version? shippedVersion, Version? frameworkVersion)
    {
        if (shippedVersion is null)
        {
            return ResolutionSource.NotOurs;
        }

        if (name.StartsWith(OwnAssemblyPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return ResolutionSource.ModuleDependencies;
        }

        if (frameworkVersion is not null && (requested is null || frameworkVersion >= requested))
        {
            return ResolutionSource.Framework;
        }

        return ResolutionSource.ModuleDependencies;
    }

    /// <summary>
    /// Windows PowerShell 5.1 has one load context; AssemblyResolve fires only after normal probing failed, so
    /// whatever we ship is the answer.
    /// </summary>
    public static ResolutionSource DecideForDesktop(Version? shippedVersion) =>
        shippedVersion is null ? ResolutionSource.NotOurs : ResolutionSource.ModuleDependencies;

    /// <summary>Which of our load context's requests come from the default context (PowerShell's side).</summary>
    public static bool IsBridgedFromDefaultContext(string name) =>
        name.StartsWith(OwnAssemblyPrefix, StringComparison.OrdinalIgnoreCase);
}
