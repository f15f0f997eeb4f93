using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Waiting;

namespace AdfRuns.Internal;

/// <summary>The wait shared by Wait-AdfPipelineRun and -Wait on Start, Restart and Stop.</summary>
internal static class RunWaiting
{
    public static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromSeconds(15);

    /// <summary>Writes each run when it reaches a terminal state; a run still going at the timeout is written with a WaitTimeout error.</summary>
    /// <param name="originals">Run objects the caller piped in, written back as they were when the service never reported a change.</param>
    /// <param name="writeRuns">False for Stop-AdfPipelineRun -Wait without -PassThru.</param>
    public static Task WaitAsync(Cmdlet cmdlet, AdfClient client, PipelineThreadPump pump, IReadOnlyList<PipelineRunData> runs, TimeSpan? pollingInterval, TimeSpan? timeout, CancellationToken cancellationToken, IReadOnlyDictionary<PipelineRunData, PipelineRun>? originals = null, bool writeRuns = true)
    {
        var observer = new Observer(cmdlet, pump, originals, writeRuns, cmdlet is PSCmdlet host && ProgressGate.IsInteractive(host));
        return new RunWaiter(client).WaitAsync(runs, pollingInterval ?? DefaultPollingInterval, timeout, observer, cancellationToken);
    }

    private sealed class Observer : IWaitObserver
    {
        private static int nextActivityId = 1000;
        private readonly Cmdlet cmdlet;
        private readonly PipelineThreadPump pump;
        private readonly int activityId = Interlocked.Increment(ref nextActivityId);

        private readonly IReadOnlyDictionary<PipelineRunData, PipelineRun>? originals;
        private readonly bool writeRuns;
        private readonly bool showProgress;

        public Observer(Cmdlet cmdlet, PipelineThreadPump pump, IReadOnlyDictionary<PipelineRunData, PipelineRun>? originals, bool writeRuns, bool showProgress)
        {
            this.showProgress = showProgress;
            this.cmdlet = cmdlet;
            this.pump = pump;
            this.originals = originals;
            this.writeRuns = writeRuns;
        }

        public void Finished(PipelineRunData run)
        {
            if (writeRuns)
            {
                var output = ToOutput(run);
                pump.Post(() => cmdlet.WriteObject(output));
            }
        }

        public void TimedOut(PipelineRunData lastKnown)
        {
            var output = ToOutput(lastKnown);
            var record = ErrorRecords.Create(
                new TimeoutException($"Run {output.RunId} of pipeline '{output.PipelineName}' is still {output.Status} after the wait timed out."),
                "WaitTimeout",
                ErrorCategory.OperationTimeout,
                output);
            pump.Post(() =>
            {
                cmdlet.WriteError(record);
                if (writeRuns)
                {
                    cmdlet.WriteObject(output);
                }
            });
        }

        private PipelineRun ToOutput(PipelineRunData run) =>
            originals is not null && originals.TryGetValue(run, out var original) ? original : OutputMapper.ToPipelineRun(run);

        public void Progress(WaitProgress progress)
        {
            if (!showProgress)
            {
                return;
            }

            var counts = string.Join(", ", progress.ByStatus.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"));
            var record = new ProgressRecord(activityId, "Waiting for pipeline runs", $"{progress.Finished} of {progress.Total} finished ({counts})")
            {
                PercentComplete = progress.Total == 0 ? 100 : (int)(100.0 * progress.Finished / progress.Total),
                CurrentOperation = $"elapsed {progress.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}",
                RecordType = progress.Finished == progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            pump.Post(() => cmdlet.WriteProgress(record));
        }
    }
}
