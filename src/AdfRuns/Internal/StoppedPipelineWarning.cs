using System;
using System.Management.Automation.Host;

namespace AdfRuns.Internal;

/// <summary>
/// A warning written after Ctrl+C: PowerShell refuses WriteWarning once a pipeline is stopping, so it goes to the
/// host directly. A host that cannot write now (or has no user interface) loses only this line; the stop goes on.
/// </summary>
internal static class StoppedPipelineWarning
{
    public static void Write(PSHost? host, string text)
    {
        try
        {
            host?.UI?.WriteWarningLine(text);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing else to do while stopping.
        }
    }
}
