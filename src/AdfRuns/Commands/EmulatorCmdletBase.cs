using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AdfRuns.Emulator;

namespace AdfRuns.Commands;

/// <summary>Emulator cmdlets act on a given emulator, or on the one started last in this process.</summary>
public abstract class EmulatorCmdletBase : PSCmdlet
{
    private static readonly List<AdfEmulator> Running = new();

    /// <summary>The emulator (from Start-AdfEmulator); the one started last when omitted.</summary>
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

    internal static IReadOnlyList<AdfEmulator> AllRunning()
    {
        lock (Running)
        {
            return Running.ToList();
        }
    }

    internal AdfEmulatorServer Server()
    {
        var emulator = Emulator;
        if (emulator is null)
        {
            lock (Running)
            {
                emulator = Running.LastOrDefault();
            }
        }

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
}
