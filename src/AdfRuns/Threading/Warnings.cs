using System.Management.Automation;

namespace AdfRuns.Threading;

/// <summary>
/// Writes the module's warnings. Under -Debug, PowerShell makes a compiled cmdlet inquire on every warning: a prompt,
/// and without an interactive host (CI, pwsh -File &lt; /dev/null) a NullReferenceException from the host that ends
/// the command. A warning of ours is a notice, never a question, so under -Debug (without -WarningAction) it is
/// written as a debug message, which -Debug shows without asking.
/// </summary>
internal static class Warnings
{
    public const string DebugPrefix = "WARNING: ";

    public static void Write(Cmdlet cmdlet, string message)
    {
        if (cmdlet is PSCmdlet command && InquiresBecauseOfDebug(command))
        {
            command.WriteDebug(DebugPrefix + message);
            return;
        }

        cmdlet.WriteWarning(message);
    }

    private static bool InquiresBecauseOfDebug(PSCmdlet command)
    {
        var bound = command.MyInvocation.BoundParameters;
        return bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true } && !bound.ContainsKey("WarningAction");
    }
}
