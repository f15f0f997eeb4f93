using System.Management.Automation;
using AdfRuns.Engine.Http;

namespace AdfRuns.Commands;

/// <summary>Disconnect-AdfAccount; its help (synopsis, parameters, examples) is docs/Disconnect-AdfAccount.md.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "AdfAccount")]
[OutputType(typeof(void))]
public sealed class DisconnectAdfAccountCommand : PSCmdlet
{
    protected override void ProcessRecord() => AdfSession.Disconnect();
}
