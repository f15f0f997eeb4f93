using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Trees;

namespace AdfRuns.Commands;

/// <summary>Get-AdfActivityRun; its help (synopsis, parameters, examples) is docs/Get-AdfActivityRun.md.</summary>
[Cmdlet(VerbsCommon.Get, "AdfActivityRun", DefaultParameterSetName = ByInputObjectSet)]
[OutputType(typeof(ActivityRun))]
public sealed class GetAdfActivityRunCommand : RunTargetBase
{
    // Runs whose activity runs this invocation has read, and piped child runs kept for the end: a query such as
    // Get-AdfPipelineRun -Status Failed returns a failed child run beside (and, newest first, before) its failed
    // parent, whose tree already holds it, so each activity run is written once.
    private readonly ConcurrentDictionary<string, byte> readRuns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(PipelineRun Run, RunTarget Target)> pipedChildRuns = new();

    /// <summary>Only these activities.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ActivityNameCompleter))]
    public string[]? ActivityName { get; set; }

    /// <summary>Only activity runs with these statuses.</summary>
    [Parameter]
    [ValidateRunStatus]
    [ArgumentCompleter(typeof(Completion.StatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>Also the activity runs of every child run that ExecutePipeline activities started, to any depth.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Only the deepest failed activities, followed down through failed ExecutePipeline activities.</summary>
    [Parameter]
    public SwitchParameter RootCause { get; set; }

    /// <summary>The activity-run query window starts here (Az's -RunStartedAfter); by default at the run's start.</summary>
    [Parameter]
    public DateTime? RunStartedAfter { get; set; }

    /// <summary>The activity-run query window ends here (Az's -RunStartedBefore); by default at the run's end.</summary>
    [Parameter]
    public DateTime? RunStartedBefore { get; set; }

    protected override void BeginProcessing()
    {
        TimeWindow.RefuseInverted(this, RunStartedAfter, RunStartedBefore, nameof(RunStartedAfter), nameof(RunStartedBefore));
        if (Recurse && RootCause)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                new PSArgumentException("-Recurse and -RootCause cannot be used together: -Recurse gets every activity run of the tree, -RootCause only the failed activities that explain the failure."),
                "ConflictingTreeModes",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (RootCause && Status?.Select(status => RunStatus.Normalize(status)).FirstOrDefault(status => status != RunStatus.Failed) is { } never)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                new PSArgumentException($"-RootCause returns only failed activities, so -Status {never} would never match: leave -Status out, or use -Recurse -Status {never} to see the tree's {never} activities."),
                "RootCauseStatusNeverMatches",
                ErrorCategory.InvalidArgument,
                null));
        }
    }

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        foreach (var (input, runId, known) in Targets())
        {
            if (Mode != RunTreeMode.GivenRunOnly && known?.ParentPipelineRunId is not null)
            {
                pipedChildRuns.Add((known, target));
                continue;
            }

            Walk(input, runId, known, target);
        }
    }

    protected override void EndProcessing()
    {
        foreach (var (run, target) in pipedChildRuns.Where(child => !readRuns.ContainsKey(child.Run.RunId)))
        {
            Walk(run, run.RunId, run, target);
        }
    }

    private RunTreeMode Mode => RootCause ? RunTreeMode.RootCause : Recurse ? RunTreeMode.Recurse : RunTreeMode.GivenRunOnly;

    private void Walk(object input, string runId, PipelineRun? known, RunTarget target)
    {
        var statuses = Status?.Select(status => RunStatus.Normalize(status)).ToList();
        TryRun(input, async (client, pump, token) =>
        {
            var walker = new RunTreeWalker(client, target, Mode, ActivityName, statuses, read => readRuns.TryAdd(read, 0), pump.Verbose);
            var root = new RunTreeRoot(runId, known?.RunStart, known?.RunEnd, known?.PipelineName, Utc(RunStartedAfter), Utc(RunStartedBefore));
            var summary = await walker.WalkAsync(root, item => pump.Post(() => Write(item, input)), token).ConfigureAwait(false);
            if (Mode != RunTreeMode.GivenRunOnly)
            {
                pump.Verbose($"Read {summary.PipelineRunsRead} pipeline run(s), {summary.ActivityRunsRead} activity run(s).");
            }

            if (Mode == RunTreeMode.RootCause && summary.Found == 0 && (summary.Run ?? known?.Data) is { } run)
            {
                // A piped run that was still going says how it was then, not now: the warning tells the run's current status.
                if (summary.Run is null && !run.IsTerminal)
                {
                    run = await client.GetRunAsync(target, runId, token).ConfigureAwait(false);
                }

                pump.Warning(RootCauseRules.NothingToExplain(run));
            }
        });
    }

    private void Write(RunTreeItem item, object input)
    {
        if (item.Activity is { } activity)
        {
            WriteObject(new ActivityRun(activity));
            return;
        }

        var failure = item.Failure!;
        var record = ErrorRecords.From(failure.Error, input);
        record.ErrorDetails = new ErrorDetails(failure.Describe()) { RecommendedAction = record.ErrorDetails?.RecommendedAction };
        WriteError(record);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } value ? new DateTimeOffset(value.ToUniversalTime()) : null;
}
