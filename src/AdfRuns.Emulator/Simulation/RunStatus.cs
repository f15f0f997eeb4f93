using System;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// The service's run statuses. A twin of the client's AdfRuns.Engine.Model.RunStatus on purpose: the emulator is
/// the yardstick the client is tested against, and an emulator sharing the client's code would share its bugs.
/// </summary>
internal static class RunStatus
{
    public const string Queued = "Queued";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceling = "Canceling";
    public const string Cancelled = "Cancelled";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or Cancelled;

    /// <summary>ADF's docs say "Canceled", its payloads say "Cancelled"; both mean the same.</summary>
    public static string Normalize(string status) =>
        string.Equals(status, "Canceled", StringComparison.OrdinalIgnoreCase) ? Cancelled : status;
}
