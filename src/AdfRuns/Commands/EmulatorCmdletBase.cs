using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AdfRuns.Emulator;
using AdfRuns.Engine.Http;

namespace AdfRuns.Commands;

/// <summary>
/// Emulator cmdlets act on the emulator given with -Emulator; else on the emulator the current connection points at,
/// when it is one of the running emulators; else on the one started last.
/// </summary>
public abstract class EmulatorCmdletBase : PSCmdlet
{
    private static readonly List<AdfEmulator> Running = new();

    /// <summary>The emulator (from Start-AdfEmulator); when omitted, the connected one, else the one started last.</summary>
    [Parameter(ValueFromPipeline = true)]
    public AdfEmulator? Emulator { get; set; }

    internal static void Register(AdfEmulator emulator)
    {
        lock (Running)
        {
            Running.Add(emulator);
        }
    }

    internal static void Unregister(AdfEmulator emulator)
    {
        lock (Running)
        {
            Running.Remove(emulator);
        }
    }

    /// <summary>The emulators started in this session and not stopped, oldest first.</summary>
    internal static IReadOnlyList<AdfEmulator> RunningEmulators()
    {
        lock (Running)
        {
            return Running.Where(emulator => emulator.IsRunning).ToList();
        }
    }

    /// <summary>The emulator the current connection points at when it is a running one, else the one started last.</summary>
    internal static AdfEmulator? Default()
    {
        var context = AdfSession.Current;
        lock (Running)
        {
            return (context is null ? null : Running.LastOrDefault(emulator =>
                    SameServer(emulator.Endpoint, context.ResourceManagerEndpoint)
                    || (context.WorkspaceEndpointOverride is { } workspace && SameServer(emulator.Endpoint, workspace))
                    || (context.FabricEndpointOverride is { } fabric && SameServer(emulator.Endpoint, fabric))))
                ?? Running.LastOrDefault();
        }
    }

    internal AdfEmulatorServer Server()
    {
        var emulator = Emulator ?? Default();
        if (emulator is null || !emulator.IsRunning)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException("No emulator is running. Start one with Start-AdfEmulator."),
                "EmulatorNotRunning",
                ErrorCategory.ResourceUnavailable,
                emulator));
        }

        return (AdfEmulatorServer)emulator!.Server;
    }

    private static bool SameServer(Uri emulator, Uri connected) =>
        Uri.Compare(emulator, connected, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
