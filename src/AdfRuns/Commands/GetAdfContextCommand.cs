using System.Management.Automation;
using AdfRuns.Engine.Http;

namespace AdfRuns.Commands;

/// <summary>Get-AdfContext; its help (synopsis, parameters, examples) is docs/Get-AdfContext.md.</summary>
[Cmdlet(VerbsCommon.Get, "AdfContext")]
[OutputType(typeof(Context))]
public sealed class GetAdfContextCommand : PSCmdlet
{
    protected override void ProcessRecord()
    {
        if (AdfSession.Current is { } settings)
        {
            WriteObject(Describe(settings));
        }
    }

    internal static Context Describe(ConnectionSettings settings) => new(settings);
}
