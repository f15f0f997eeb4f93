using System;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Fabric;

/// <summary>A pipeline run as Fabric's job scheduler shows it: its job status, and the lag of that status behind the run.</summary>
internal sealed class FabricJobView
{
    /// <summary>The status a skipped job's record carries in place of a simulator status.</summary>
    public const string DedupedStatus = "Deduped";

    private FabricJobView(PipelineRunView run, string status, DateTimeOffset? end)
    {
        Run = run;
        Status = status;
        End = end;
    }

    public PipelineRunView Run { get; }

    /// <summary>NotStarted, InProgress, Completed, Failed, Cancelled or Deduped (Job Scheduler reference).</summary>
    public string Status { get; }

    public DateTimeOffset? End { get; }

    public bool IsFinished => Status is "Completed" or "Failed" or "Cancelled" or "Deduped";

    /// <summary>
    /// The job's status at <paramref name="now"/>. Recorded answers said InProgress for about 100 s after the end time
    /// the final answer carried, and a cancelled job read Cancelled with endTimeUtc null at first: within
    /// <paramref name="lag"/> of the run's end a finished run reads that way (GUESS: the lag's length varies on the
    /// service; the emulator makes it one setting).
    /// </summary>
    public static FabricJobView At(PipelineRunView run, DateTimeOffset now, TimeSpan lag)
    {
        var lagging = run.RunEnd is { } end && now < end + lag;
        return run.Status switch
        {
            DedupedStatus => new FabricJobView(run, DedupedStatus, run.RunEnd),
            RunStatus.Queued => new FabricJobView(run, "NotStarted", null),
            // GUESS: Fabric has no Cancelling status; a run being cancelled still reads InProgress.
            RunStatus.InProgress or RunStatus.Canceling => new FabricJobView(run, "InProgress", null),
            RunStatus.Cancelled => new FabricJobView(run, "Cancelled", lagging ? null : run.RunEnd),
            _ when lagging => new FabricJobView(run, "InProgress", null),
            RunStatus.Succeeded => new FabricJobView(run, "Completed", run.RunEnd),
            _ => new FabricJobView(run, "Failed", run.RunEnd),
        };
    }
}
