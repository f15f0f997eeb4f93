using System;

namespace AdfRuns.Engine.Model;

/// <summary>The pipeline and activity run statuses the service reports, with its two spellings of Cancelled folded into one.</summary>
public static class RunStatus
{
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceling = "Canceling";
    public const string Cancelled = "Cancelled";

    public static readonly string[] All = { Queued, InProgress, Succeeded, Failed, Canceling, Cancelled };

    public static string Normalize(string? status)
    {
        if (string.IsNullOrEmpty(status))
        {
            return string.Empty;
        }

        if (string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase))
        {
            return Cancelled;
        }

        foreach (var known in All)
        {
            if (string.Equals(known, status, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return status!;
    }

    public static bool IsTerminal(string? status)
    {
        var normalized = Normalize(status);
        return normalized == Succeeded || normalized == Failed || normalized == Cancelled;
    }
}
