using System;
using System.Collections;
using System.Management.Automation;
using AdfRuns.Completion;
using AdfRuns.Emulators;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>Set-AdfEmulatorBehavior; its help (synopsis, parameters, examples) is docs/Set-AdfEmulatorBehavior.md.</summary>
[Cmdlet(VerbsCommon.Set, "AdfEmulatorBehavior", DefaultParameterSetName = OutcomeSet)]
[OutputType(typeof(void))]
public sealed class SetAdfEmulatorBehaviorCommand : EmulatorCmdletBase
{
    private const string OutcomeSet = "Outcome";
    private const string ResetSet = "Reset";

    /// <summary>The pipeline whose activity is set.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = OutcomeSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EmulatorPipelineNameCompleter))]
    public string PipelineName { get; set; } = string.Empty;

    /// <summary>The activity.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = OutcomeSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(EmulatorActivityNameCompleter))]
    public string ActivityName { get; set; } = string.Empty;

    /// <summary>Failed or Succeeded.</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    [ValidateSet("Failed", "Succeeded")]
    public string Outcome { get; set; } = "Failed";

    /// <summary>Fail only the first N executions, then succeed (so a rerun from failure can succeed); 0 = always.</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Times { get; set; }

    /// <summary>The activity error's code (default 2200-style).</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    public string? ErrorCode { get; set; }

    /// <summary>The activity error's message.</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    public string? Message { get; set; }

    /// <summary>Only in runs whose parameters have these values (e.g. the child run one ForEach iteration started).</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    [ValidateNotNullOrEmpty]
    public Hashtable? WhenParameter { get; set; }

    /// <summary>Only in the ForEach iteration whose item is this value (or, for a hashtable, has these fields).</summary>
    [Parameter(ParameterSetName = OutcomeSet)]
    [ValidateNotNull]
    public object? WhenItem { get; set; }

    /// <summary>Forget every behaviour set so far.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ResetSet)]
    public SwitchParameter Reset { get; set; }

    protected override void ProcessRecord()
    {
        var server = Server();
        if (Reset)
        {
            server.ClearActivityOutcomes();
            return;
        }

        try
        {
            var item = WhenItem is PSObject wrapped ? wrapped.BaseObject : WhenItem;
            server.SetActivityOutcome(
                PipelineName,
                ActivityName,
                Outcome,
                Times,
                ErrorCode,
                Message,
                WhenParameter is null ? null : EmulatorConditionText.Pairs(WhenParameter),
                item is null or IDictionary ? null : EmulatorConditionText.Value(WhenItem),
                item is IDictionary fields ? EmulatorConditionText.Pairs(fields) : null);
        }
        catch (ArgumentException exception)
        {
            WriteError(ErrorRecords.Create(ErrorRecords.WithoutParameterName(exception), "UnknownPipelineOrActivity", ErrorCategory.ObjectNotFound, $"{PipelineName}/{ActivityName}"));
            return;
        }

        if (WhenItem is not null && !server.IsInForEach(PipelineName, ActivityName))
        {
            Warnings.Write(this, $"Activity '{ActivityName}' of pipeline '{PipelineName}' is in no ForEach, so it has no item and -WhenItem can never match: the behavior is set, but it will never apply.");
        }
    }
}
