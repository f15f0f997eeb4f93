using System;
using System.Management.Automation;

namespace AdfRuns.Binding;

/// <summary>The check every cmdlet with an after/before time window shares.</summary>
internal static class TimeWindow
{
    /// <summary>A window whose start is later than its end matches nothing: a terminating error, before any request.</summary>
    public static void RefuseInverted(Cmdlet cmdlet, DateTime? after, DateTime? before, string afterName, string beforeName)
    {
        if (after is { } start && before is { } end && start.ToUniversalTime() > end.ToUniversalTime())
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(
                new PSArgumentException($"-{afterName} ({Format(start)}) is later than -{beforeName} ({Format(end)}), so no run could match: swap them. Nothing was sent."),
                "InvertedTimeWindow",
                ErrorCategory.InvalidArgument,
                new[] { start, end }));
        }

        static string Format(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
