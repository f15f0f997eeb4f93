using System.Collections.Generic;
using System.Management.Automation;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Triggers;

namespace AdfRuns.Commands;

/// <summary>Cmdlets that act on trigger runs: piped TriggerRun objects, or -TriggerName with -TriggerRunId.</summary>
public abstract class TriggerRunTargetBase : TargetCmdletBase
{
    protected const string ByInputObjectSet = "ByInputObject";
    protected const string ByTriggerRunIdSet = "ByTriggerRunId";

    /// <summary>Trigger runs from Get-AdfTriggerRun (or Restart-AdfTriggerRun).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
    public TriggerRun[]? InputObject { get; set; }

    /// <summary>The trigger whose runs -TriggerRunId names.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByTriggerRunIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TriggerNameCompleter))]
    public string? TriggerName { get; set; }

    /// <summary>Trigger run ids (such as 08586001811587302486644506085CU07); each is looked up among the trigger's runs of the last 45 days.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByTriggerRunIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? TriggerRunId { get; set; }

    /// <summary>
    /// The current input's trigger runs, each with the object to name in an error: a piped run as it is, a run given by
    /// id read from the service first (a read, also under -WhatIf, so the question can name the window). A run that
    /// cannot be read is an error naming it, and is not returned.
    /// </summary>
    internal IEnumerable<(object Input, TriggerRunData Run)> Targets()
    {
        if (InputObject is not null)
        {
            foreach (var run in InputObject)
            {
                yield return (run, run.Data);
            }

            yield break;
        }

        var target = ResolveTarget();
        var triggerName = TriggerName!;
        foreach (var id in TriggerRunId!)
        {
            TriggerRunData? found = null;
            TryRun(id, async (client, _, token) => found = await TriggerQueries.FindAsync(client, target, triggerName, id, token).ConfigureAwait(false));
            if (found is not null)
            {
                yield return (id, found);
            }
        }
    }

    /// <summary>"trigger 'T' window ... in factory 'f'", for -WhatIf and -Confirm.</summary>
    internal static string Describe(TriggerRunData run) =>
        run.Describe() + (run.Target is { } target ? " in " + target.Describe() : string.Empty);
}
