using System.Management.Automation;

namespace AdfRuns.Threading;

/// <summary>Whether the caller will see verbose and debug output (-Verbose/-Debug or the preference variables).</summary>
internal static class StreamPreferences
{
    public static bool Verbose(PSCmdlet cmdlet) => Wants(cmdlet, "Verbose", "VerbosePreference");

    public static bool Debug(PSCmdlet cmdlet) => Wants(cmdlet, "Debug", "DebugPreference");

    private static bool Wants(PSCmdlet cmdlet, string switchName, string preferenceVariable)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue(switchName, out var given) && given is SwitchParameter flag)
        {
            return flag.IsPresent;
        }

        var preference = cmdlet.GetVariableValue(preferenceVariable);
        return preference is ActionPreference value
            ? value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore)
            : preference is not null && preference.ToString() is not ("SilentlyContinue" or "Ignore");
    }
}
