using System.Management.Automation;
using AdfRuns.Emulators;

namespace AdfRuns.Commands;

/// <summary>Stop-AdfEmulator; its help (synopsis, parameters, examples) is docs/Stop-AdfEmulator.md.</summary>
[Cmdlet(VerbsLifecycle.Stop, "AdfEmulator", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class StopAdfEmulatorCommand : PSCmdlet
{
    /// <summary>The emulator to stop; when omitted, the connected one, else the one started last.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public AdfEmulator? Emulator { get; set; }

    protected override void ProcessRecord()
    {
        if ((Emulator ?? EmulatorCmdletBase.Default()) is not { } emulator)
        {
            WriteVerbose("No emulator is running; nothing to stop.");
            return;
        }

        if (!ShouldProcess($"ADF emulator on {emulator.Endpoint}", "Stop the emulator and discard its runs"))
        {
            return;
        }

        EmulatorLifetime.Stop(emulator);
        WriteVerbose($"Stopped the ADF emulator on {emulator.Endpoint}.");
    }
}
