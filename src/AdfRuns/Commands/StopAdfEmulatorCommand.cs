using System.Management.Automation;
using AdfRuns.Emulator;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Stops an emulator; without -Emulator, every emulator this session started.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "AdfEmulator")]
[OutputType(typeof(void))]
public sealed class StopAdfEmulatorCommand : PSCmdlet
{
    /// <summary>The emulator to stop.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    public AdfEmulator? Emulator { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var emulator in Emulator is null ? EmulatorCmdletBase.AllRunning() : new[] { Emulator })
        {
            ((AdfEmulatorServer)emulator.Server).Stop();
            emulator.IsRunning = false;
            EmulatorCmdletBase.Unregister(emulator);
            WriteVerbose($"Stopped the ADF emulator on {emulator.Endpoint}.");
        }
    }
}
