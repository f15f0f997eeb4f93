using System.Management.Automation;
using AdfRuns.Engine.Http;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Shows how AdfRuns signs in and where it sends requests (never a secret).</para>
/// </summary>
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
