using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace AdfRuns.Running;

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

    /// <summary>
    /// Puts a record in $Error without writing it: a stopping pipeline refuses WriteError, but the record keeps what
    /// the stop left behind (its TargetObject can be piped on).
    /// </summary>
    public static void AddToErrorVariable(PSCmdlet cmdlet, ErrorRecord record)
    {
        if (cmdlet.SessionState.PSVariable.GetValue("global:Error") is ArrayList errors)
        {
            errors.Insert(0, record);
        }
    }
}
