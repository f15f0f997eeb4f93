using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Waiting;

/// <summary>Where a wait stands: counts by status, the time spent, and the unfinished runs when they are few.</summary>
public sealed class WaitProgress
{
    /// <summary>Up to this many unfinished runs are named in the progress text.</summary>
    public const int NamedRunLimit = 3;

    public WaitProgress(int total, int finished, IReadOnlyDictionary<string, int> byStatus, TimeSpan elapsed, IReadOnlyList<PipelineRunData>? unfinished = null)
    {
        Total = total;
        Finished = finished;
        ByStatus = byStatus;
        Elapsed = elapsed;
        Unfinished = unfinished ?? Array.Empty<PipelineRunData>();
    }

    public int Total { get; }
    public int Finished { get; }
    public IReadOnlyDictionary<string, int> ByStatus { get; }
    public TimeSpan Elapsed { get; }

    /// <summary>The runs still going, in the order given, when there are at most <see cref="NamedRunLimit"/>; else empty.</summary>
    public IReadOnlyList<PipelineRunData> Unfinished { get; }

    /// <summary>
    /// One line for a progress bar, most telling first, so that a narrow bar (PowerShell 7's minimal view cuts
    /// the line at the console width) still shows the time and the pipeline: "00:01:05 elapsed: CopySales
    /// InProgress 6a92e60f-..." for one run, "00:01:05 elapsed, 1 of 3 finished: CopySales InProgress 6a92...,
    /// Hello Queued 0b1c..." for a few, and the counts by status for many.
    /// </summary>
    public string Status
    {
        get
        {
            var elapsed = FormatElapsed(Elapsed) + " elapsed";
            if (Unfinished.Count == 0)
            {
                var counts = string.Join(", ", ByStatus.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));
                return $"{elapsed}, {Finished} of {Total} finished ({counts})";
            }

            var runs = string.Join(", ", Unfinished.Select(run => $"{run.PipelineName} {run.Status} {run.RunId}"));
            return Total == 1 ? $"{elapsed}: {runs}" : $"{elapsed}, {Finished} of {Total} finished: {runs}";
        }
    }

    private static string FormatElapsed(TimeSpan elapsed) =>
        elapsed.TotalDays >= 1
            ? elapsed.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture)
            : elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}

/// <summary>Callbacks of a wait; all are called from the waiting task, the caller marshals them.</summary>
public interface IWaitObserver
{
    void Finished(PipelineRunData run);

    void TimedOut(PipelineRunData lastKnown);

    /// <summary>The service could not be asked about the run any more (endpoint gone, sign-in rejected...): the wait for it ends.</summary>
    void Failed(PipelineRunData lastKnown, Exception failure);

    /// <summary>The wait was cancelled (Ctrl+C) while these runs were still going; they go on in the service.</summary>
    void Interrupted(IReadOnlyList<PipelineRunData> unfinished);

    void Progress(WaitProgress progress);
}
