using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>Restart-AdfPipelineRun; its help (synopsis, parameters, examples) is docs/Restart-AdfPipelineRun.md.</summary>
[Cmdlet(VerbsLifecycle.Restart, "AdfPipelineRun", DefaultParameterSetName = ByInputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PipelineRun))]
public sealed class RestartAdfPipelineRunCommand : RunStarterBase
{
    private const string ByInputObjectSet = "ByInputObject";
    private const string ByRunIdSet = "ByRunId";

    /// <summary>The run to re-run (from Get-AdfPipelineRun or Start-AdfPipelineRun).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
    public PipelineRun? InputObject { get; set; }

    /// <summary>The id of the run to re-run; a piped string is a run id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByRunIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PipelineRunId", "ReferencePipelineRunId")]
    [ValidateNotNullOrEmpty]
    public string? RunId { get; set; }

    /// <summary>The run's pipeline; looked up from the run when not given.</summary>
    [Parameter(ParameterSetName = ByRunIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PipelineNameCompleter))]
    public string? PipelineName { get; set; }

    private readonly List<HeldRerun> held = new();
    private readonly NestedRerunPlan nested = new();

    /// <summary>Start from the activities that failed; those that succeeded are not run again.</summary>
    [Parameter]
    [Alias("StartFromFailure")]
    public SwitchParameter FromFailure { get; set; }

    /// <summary>Start from this activity.</summary>
    [Parameter]
    [Alias("StartActivityName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.ActivityNameCompleter))]
    public string? FromActivity { get; set; }

    /// <summary>Run again with the same parameters as a new run in a new group, not a recovery rerun.</summary>
    [Parameter]
    public SwitchParameter AsNewRun { get; set; }

    protected override void BeginProcessing()
    {
        if (FromFailure && FromActivity is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                new PSArgumentException("-FromFailure and -FromActivity cannot be used together: rerun either from the failed activities or from one named activity."),
                "ConflictingRestartModes",
                ErrorCategory.InvalidArgument,
                null));
        }

        if (AsNewRun && (FromFailure || FromActivity is not null))
        {
            ThrowTerminatingError(ErrorRecords.Create(
                new PSArgumentException("-AsNewRun starts a new run of the whole pipeline; it cannot be combined with -FromFailure or -FromActivity, which need a recovery rerun."),
                "ConflictingRestartModes",
                ErrorCategory.InvalidArgument,
                null));
        }
    }

    protected override void ProcessRecord()
    {
        var input = (object?)InputObject ?? RunId;
        // A piped run binds its own SubscriptionId, ResourceGroupName and FactoryName by property name.
        var rerun = new HeldRerun(input, ResolveTarget(), InputObject?.RunId ?? RunId!, InputObject?.PipelineName ?? PipelineName, InputObject?.ParentPipelineRunId, InputObject?.InvokedBy?.PipelineName);
        if (Mode == RunMode.RecoverFromActivity)
        {
            // An activity name belongs to one pipeline: a parent's rerun from it says nothing about its children's.
            Rerun(rerun);
            return;
        }

        held.Add(rerun);
        nested.Add(rerun.RunId, rerun.ParentRunId);
    }

    /// <summary>
    /// The runs are rerun top down, in rounds: a child whose parent is also given waits for the parent's rerun,
    /// which recovers it (see NestedRerunPlan); it is named in a warning instead of being rerun a second time.
    /// </summary>
    protected override void EndProcessing()
    {
        var reruns = new ConcurrentDictionary<int, string>();
        for (var round = nested.NextRound(); !round.IsEmpty; round = nested.NextRound())
        {
            foreach (var covered in round.Covered)
            {
                Warnings.Write(this, CoveredText(held[covered.Index], covered));
            }

            foreach (var index in round.ToRerun)
            {
                var rerun = held[index];
                if (rerun.ParentRunId is not null && !held.Exists(other => string.Equals(other.RunId, rerun.ParentRunId, StringComparison.OrdinalIgnoreCase)))
                {
                    Warnings.Write(this, $"Run {rerun.RunId} of pipeline '{rerun.KnownPipeline}' was started by run {rerun.ParentRunId}{(rerun.ParentPipeline is null ? string.Empty : $" of pipeline '{rerun.ParentPipeline}'")}, which this command does not rerun: it is rerun on its own, its parent keeps its status, and a later rerun of the parent runs this pipeline again. To recover the whole tree once, rerun its top run instead.");
                }

                Rerun(rerun, newRunId =>
                {
                    if (newRunId is null)
                    {
                        nested.MarkRerun(index, null);
                    }
                    else
                    {
                        reruns[index] = newRunId;
                    }
                });
            }

            FinishQueued();
            foreach (var done in reruns)
            {
                nested.MarkRerun(done.Key, done.Value);
            }

            reruns.Clear();
        }

        base.EndProcessing();
    }

    private RunMode Mode => AsNewRun ? RunMode.NewFromReference
        : FromFailure ? RunMode.RecoverFromFailure
        : FromActivity is not null ? RunMode.RecoverFromActivity
        : RunMode.Recover;

    private static string CoveredText(HeldRerun child, CoveredRun covered) =>
        $"Run {child.RunId} of pipeline '{child.KnownPipeline}' was not rerun on its own: it runs inside run {covered.AncestorRunId}, "
        + (covered.AncestorRerunId is null ? "whose rerun would recover it" : $"whose rerun {covered.AncestorRerunId} recovers it")
        + ". Nothing was sent for it.";

    private void Rerun(HeldRerun rerun, Action<string?>? started = null)
    {
        var (input, target, runId, knownPipeline) = (rerun.Input, rerun.Target, rerun.RunId, rerun.KnownPipeline);
        var startActivity = FromActivity;
        var mode = Mode;
        var action = mode switch
        {
            RunMode.RecoverFromFailure => "Rerun from the failed activities",
            RunMode.RecoverFromActivity => $"Rerun from activity '{FromActivity}'",
            RunMode.NewFromReference => "Run again as a new run",
            _ => "Rerun the whole pipeline",
        };
        StartOne(
            input,
            () => $"run {runId} of {(knownPipeline is null ? "its pipeline" : $"pipeline '{knownPipeline}'")} in {target.Describe()}",
            action,
            (starter, token) => starter.PrepareRerunAsync(target, runId, knownPipeline, mode, startActivity, token),
            mode == RunMode.RecoverFromFailure ? FailureOriginNamed : null,
            started);
    }

    /// <summary>One input, read when it was bound: the parameters are rebound for the next input.</summary>
    private sealed class HeldRerun
    {
        public HeldRerun(object? input, RunTarget target, string runId, string? knownPipeline, string? parentRunId, string? parentPipeline)
        {
            Input = input;
            Target = target;
            RunId = runId;
            KnownPipeline = knownPipeline;
            ParentRunId = parentRunId;
            ParentPipeline = parentPipeline;
        }

        public object? Input { get; }
        public RunTarget Target { get; }
        public string RunId { get; }
        public string? KnownPipeline { get; }
        public string? ParentRunId { get; }
        public string? ParentPipeline { get; }
    }

    /// <summary>Where -FromFailure becomes a rerun from the one failed activity (a workspace), -WhatIf and -Confirm name it.</summary>
    private static string? FailureOriginNamed(PreparedRun prepared) =>
        prepared.Request.Target.Capabilities.FromFailure == FromFailureRerun.FromFailedActivity && prepared.Request.Mode == RunMode.RecoverFromActivity && prepared.Request.StartActivityName is { } origin
            ? $"Rerun from activity '{origin}' (the failed activity; a {prepared.Request.Target.Noun} has no startFromFailure)"
            : null;
}
