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

    internal static Context Describe(ConnectionSettings settings) => new(
        EnvironmentName(settings),
        settings.ResourceManagerEndpoint,
        settings.Environment.TokenScope,
        settings.TokenProvider.AccountType,
        settings.AccountId,
        settings.TenantId,
        settings.SubscriptionId,
        settings.ResourceGroupName,
        settings.FactoryName,
        settings.RequestTimeout);

    /// <summary>The cloud's name, unless requests go elsewhere: "Emulator" on loopback, else "Custom".</summary>
    private static string EnvironmentName(ConnectionSettings settings) =>
        settings.ResourceManagerEndpoint == settings.Environment.ResourceManagerEndpoint ? settings.Environment.Name
        : settings.ResourceManagerEndpoint.IsLoopback ? "Emulator"
        : "Custom";
}
