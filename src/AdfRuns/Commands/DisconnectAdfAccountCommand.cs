using System.Management.Automation;
using AdfRuns.Engine.Http;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Forgets the sign-in and defaults set by Connect-AdfAccount.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "AdfAccount")]
[OutputType(typeof(void))]
public sealed class DisconnectAdfAccountCommand : PSCmdlet
{
    protected override void ProcessRecord() => AdfSession.Disconnect();
}
