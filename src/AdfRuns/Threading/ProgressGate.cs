using System;
using System.Management.Automation;

namespace AdfRuns.Threading;

/// <summary>
/// Progress only where someone can see it: not in hosts without a console (Azure Automation, remoting, hosted
/// runspaces) nor when output is redirected (CI logs). $ProgressPreference is honoured by PowerShell itself.
/// </summary>
internal static class ProgressGate
{
    public static bool IsInteractive(PSCmdlet cmdlet)
    {
        try
        {
            return cmdlet.Host?.UI?.RawUI is not null && !Console.IsOutputRedirected && Environment.UserInteractive
                && !Array.Exists(Environment.GetCommandLineArgs(), argument => argument.Equals("-NonInteractive", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception exception) when (exception is not PipelineStoppedException)
        {
            // Hosts without a console (hosted runspaces, some automation hosts) throw from RawUI: no progress there.
            return false;
        }
    }
}
