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

    /// <summary>Fabric's: the job was skipped because a job of the same type was already running; terminal, not a failure.</summary>
    public const string Deduped = "Deduped";

    /// <summary>The statuses every service reports (what -Status completes); Fabric adds <see cref="Deduped"/>.</summary>
    public static readonly string[] All = { Queued, InProgress, Succeeded, Failed, Canceling, Cancelled };

    /// <summary>Whether a -Status value names a status some service reports.</summary>
    public static bool IsKnown(string? status) => Array.IndexOf(All, Normalize(status)) >= 0 || Normalize(status) == Deduped;

    /// <summary>
    /// A Fabric job instance status in AdfRuns' names (NotStarted -> Queued, Completed -> Succeeded; the others keep
    /// theirs). A status Fabric adds later ("additional statuses may be added") is kept as sent and counts as unfinished.
    /// </summary>
    public static string FromFabric(string? status) => status switch
    {
        null or "" => string.Empty,
        _ when string.Equals(status, "NotStarted", StringComparison.OrdinalIgnoreCase) => Queued,
        _ when string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase) => Succeeded,
        _ => Normalize(status),
    };

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

        if (string.Equals(status, Deduped, StringComparison.OrdinalIgnoreCase))
        {
            return Deduped;
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
        return normalized == Succeeded || normalized == Failed || normalized == Cancelled || normalized == Deduped;
    }
}
