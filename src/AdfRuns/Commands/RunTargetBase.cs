using System.Collections.Generic;
using System.Management.Automation;

namespace AdfRuns.Commands;

/// <summary>Cmdlets that act on existing runs: piped run objects, or run ids with factory coordinates.</summary>
public abstract class RunTargetBase : TargetCmdletBase
{
    protected const string ByInputObjectSet = "ByInputObject";
    protected const string ByRunIdSet = "ByRunId";

    /// <summary>Runs from Get-AdfPipelineRun, Start-AdfPipelineRun or Restart-AdfPipelineRun.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObjectSet, ValueFromPipeline = true)]
    public PipelineRun[]? InputObject { get; set; }

    /// <summary>Run ids; a piped string is a run id (e.g. Az's Invoke-AzDataFactoryV2Pipeline output).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByRunIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PipelineRunId")]
    [ValidateNotNullOrEmpty]
    public string[]? RunId { get; set; }

    /// <summary>The current input's runs: each with the object to name in an error, and the run object when piped.</summary>
    internal IEnumerable<(object Input, string RunId, PipelineRun? Run)> Targets()
    {
        if (InputObject is not null)
        {
            foreach (var run in InputObject)
            {
                yield return (run, run.RunId, run);
            }

            yield break;
        }

        foreach (var runId in RunId!)
        {
            yield return (runId, runId, null);
        }
    }
}
