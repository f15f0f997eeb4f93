using System.Management.Automation;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Re-runs a pipeline run: the whole pipeline, from the failed activities, or from a named activity.</para>
/// </summary>
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
        var target = ResolveTarget();
        var runId = InputObject?.RunId ?? RunId!;
        var knownPipeline = InputObject?.PipelineName ?? PipelineName;
        var startActivity = FromActivity;
        var mode = AsNewRun ? RunMode.NewFromReference
            : FromFailure ? RunMode.RecoverFromFailure
            : FromActivity is not null ? RunMode.RecoverFromActivity
            : RunMode.Recover;
        var action = mode switch
        {
            RunMode.RecoverFromFailure => "Rerun from the failed activities",
            RunMode.RecoverFromActivity => $"Rerun from activity '{FromActivity}'",
            RunMode.NewFromReference => "Run again as a new run",
            _ => "Rerun the whole pipeline",
        };
        StartOne(
            input,
            $"run {runId} of {(knownPipeline is null ? "its pipeline" : $"pipeline '{knownPipeline}'")} in {target.Describe()}",
            action,
            (starter, token) => starter.PrepareRerunAsync(target, runId, knownPipeline, mode, startActivity, token),
            mode == RunMode.RecoverFromFailure ? FailureOriginNamed : null);
    }

    /// <summary>Where -FromFailure becomes a rerun from the one failed activity (a workspace), -WhatIf and -Confirm name it.</summary>
    private static string? FailureOriginNamed(PreparedRun prepared) =>
        prepared.Request.Target.Capabilities.FromFailure == FromFailureRerun.FromFailedActivity && prepared.Request.Mode == RunMode.RecoverFromActivity && prepared.Request.StartActivityName is { } origin
            ? $"Rerun from activity '{origin}' (the failed activity; a {prepared.Request.Target.Noun} has no startFromFailure)"
            : null;
}
