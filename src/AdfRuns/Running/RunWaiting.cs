using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Waiting;
using AdfRuns.Threading;

namespace AdfRuns.Running;

/// <summary>The wait shared by Wait-AdfPipelineRun and -Wait on Start, Restart and Stop.</summary>
internal static class RunWaiting
{
    public static readonly TimeSpan DefaultPollingInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Writes each run when it reaches a terminal state. A run still going at the timeout is written with a
    /// WaitTimeout error; one the service can no longer be asked about, with that error (ConnectionFailed...).
    /// On Ctrl+C a warning names the runs that go on unwatched.
    /// </summary>
    /// <param name="writeRuns">False for Stop-AdfPipelineRun -Wait without -PassThru.</param>
    public static Task WaitAsync(Cmdlet cmdlet, AdfClient client, PipelineThreadPump pump, IReadOnlyList<PipelineRunData> runs, TimeSpan? pollingInterval, TimeSpan? timeout, CancellationToken cancellationToken, bool writeRuns = true)
    {
        var observer = new Observer(cmdlet, pump, writeRuns, cmdlet is PSCmdlet host && ProgressGate.IsInteractive(host), CopiesOf(runs));
        return new RunWaiter(client).WaitAsync(runs, pollingInterval ?? DefaultPollingInterval, timeout, observer, cancellationToken);
    }

    /// <summary>
    /// Runs given more than once ($run, $run | Wait-AdfPipelineRun), with how many times: the waiter waits for each run
    /// once, but every input ends as its own output (or error), as for every other cmdlet.
    /// </summary>
    private static Dictionary<string, int>? CopiesOf(IReadOnlyList<PipelineRunData> runs)
    {
        Dictionary<string, int>? copies = null;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var run in runs)
        {
            if (!seen.Add(run.RunId))
            {
                copies ??= new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                copies[run.RunId] = copies.TryGetValue(run.RunId, out var count) ? count + 1 : 2;
            }
        }

        return copies;
    }

    /// <summary>
    /// Hands the wait's events to the pipeline thread. Once the pipeline is stopping, PowerShell refuses output
    /// and errors (they throw), but a warning still reaches the user: so while stopping, runs are not written but
    /// kept, and named in the one warning the interruption writes.
    /// </summary>
    private sealed class Observer : IWaitObserver
    {
        private static int nextActivityId = 1000;
        private readonly Cmdlet cmdlet;
        private readonly PipelineThreadPump pump;
        private readonly int activityId = Interlocked.Increment(ref nextActivityId);
        private readonly bool writeRuns;
        private readonly bool showProgress;

        // Touched on the pipeline thread only: finished runs that could not be written because the pipeline was stopping.
        private readonly List<PipelineRun> unwritten = new();

        private readonly Dictionary<string, int>? copies;

        public Observer(Cmdlet cmdlet, PipelineThreadPump pump, bool writeRuns, bool showProgress, Dictionary<string, int>? copies)
        {
            this.copies = copies;
            this.showProgress = showProgress;
            this.cmdlet = cmdlet;
            this.pump = pump;
            this.writeRuns = writeRuns;
        }

        public void Finished(PipelineRunData run)
        {
            if (writeRuns)
            {
                var output = new PipelineRun(run);
                pump.Post(() =>
                {
                    for (var copy = 0; copy < CopiesOf(output); copy++)
                    {
                        Write(output);
                    }
                });
            }
        }

        private int CopiesOf(PipelineRun run) => copies is not null && copies.TryGetValue(run.RunId, out var count) ? count : 1;

        public void TimedOut(PipelineRunData lastKnown)
        {
            var output = new PipelineRun(lastKnown);
            var record = ErrorRecords.Create(
                new TimeoutException($"Run {output.RunId} of pipeline '{output.PipelineName}' is still {output.Status} after the wait timed out."),
                "WaitTimeout",
                ErrorCategory.OperationTimeout,
                output);
            PostErrorAndRun(record, output);
        }

        public void Failed(PipelineRunData lastKnown, Exception failure)
        {
            var output = new PipelineRun(lastKnown);
            var record = ErrorRecords.From(failure is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : failure, output);
            record.ErrorDetails = new ErrorDetails(
                $"Stopped waiting for run {output.RunId} of pipeline '{output.PipelineName}' (last seen {output.Status}): {record.ErrorDetails?.Message ?? failure.Message}");
            PostErrorAndRun(record, output);
        }

        public void Interrupted(IReadOnlyList<PipelineRunData> unfinished)
        {
            var going = unfinished.Select(run => new PipelineRun(run)).ToList();
            pump.Post(() => ReportInterruption(going));
        }

        // PowerShell refuses every stream once the pipeline is stopping (WriteWarning throws PipelineStoppedException),
        // so the runs that go on are told where a stop still lets them through: on the host, as the warning line
        // PowerShell itself would print, and in $Error, whose TargetObject holds the runs to wait for again.
        /// <summary>"factory" or "workspace" when every run lives in one kind of target, else "service".</summary>
        private static string CommonNoun(IReadOnlyList<PipelineRun> runs)
        {
            var nouns = runs.Select(run => run.Data.Target?.Noun).Distinct().ToList();
            return nouns.Count == 1 && nouns[0] is { } noun ? noun : "service";
        }

        private void ReportInterruption(IReadOnlyList<PipelineRun> going)
        {
            var lines = new List<string> { $"The wait was stopped; {going.Count} run(s) go on in the {CommonNoun(going)}, unwatched:" };
            lines.AddRange(going.Select(Describe));
            if (unwritten.Count > 0)
            {
                lines.Add("Finished, but not written because of the stop:");
                lines.AddRange(unwritten.Select(Describe));
            }

            var runs = going.Concat(unwritten).ToArray();
            lines.Add($"See them with: Get-AdfPipelineRun -RunId {string.Join(",", runs.Select(run => run.RunId))}");
            lines.Add("or wait again with: $Error[0].TargetObject | Wait-AdfPipelineRun");
            var text = string.Join(Environment.NewLine, lines);
            if (cmdlet is not PSCmdlet host)
            {
                return;
            }

            var record = ErrorRecords.Create(new OperationCanceledException(text), "WaitInterrupted", ErrorCategory.OperationStopped, runs);
            StoppedPipelineWarning.AddToErrorVariable(host, record);

            // Start- and Restart-AdfPipelineRun already name every run they started when stopped: one warning is enough.
            if (cmdlet is Commands.RunStarterBase)
            {
                return;
            }

            StoppedPipelineWarning.Write(host.Host, text);   // $Error holds it too

            static string Describe(PipelineRun run) => $"  {run.RunId}  {run.PipelineName} ({run.Status})";
        }

        public void Progress(WaitProgress progress)
        {
            if (!showProgress)
            {
                return;
            }

            var record = new ProgressRecord(activityId, "Waiting for pipeline runs", progress.Status)
            {
                PercentComplete = progress.Total == 0 ? 100 : (int)(100.0 * progress.Finished / progress.Total),
                RecordType = progress.Finished == progress.Total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            pump.Post(() =>
            {
                if (!cmdlet.Stopping)
                {
                    cmdlet.WriteProgress(record);
                }
            });
        }

        private void PostErrorAndRun(ErrorRecord record, PipelineRun output) =>
            pump.Post(() =>
            {
                for (var copy = 0; copy < CopiesOf(output); copy++)
                {
                    if (!cmdlet.Stopping)
                    {
                        cmdlet.WriteError(record);
                    }

                    if (writeRuns)
                    {
                        Write(output);
                    }
                }
            });

        private void Write(PipelineRun output)
        {
            if (cmdlet.Stopping)
            {
                unwritten.Add(output);
                return;
            }

            cmdlet.WriteObject(output);
        }
    }
}
