using System;
using System.Collections;
using System.Management.Automation;
using System.Threading.Tasks;
using AdfRuns.Binding;

namespace AdfRuns.Commands;

/// <summary>Start-AdfPipelineRun; its help (synopsis, parameters, examples) is docs/Start-AdfPipelineRun.md.</summary>
[Cmdlet(VerbsLifecycle.Start, "AdfPipelineRun", DefaultParameterSetName = ByParameterSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PipelineRun))]
public sealed class StartAdfPipelineRunCommand : RunStarterBase
{
    private const string ByParameterSet = "ByParameter";
    private const string ByParameterFileSet = "ByParameterFile";
    private const string ByReferenceSet = "ByReference";

    /// <summary>The pipeline to run; several names start one run of each, with the same parameters.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PipelineNameCompleter))]
    public string[] PipelineName { get; set; } = Array.Empty<string>();

    /// <summary>Parameter values by name; values keep their JSON types (string, number, bool, array, object).</summary>
    [Parameter(ParameterSetName = ByParameterSet, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Parameters", "ParameterObject")]
    [ParameterTableTransformation]
    public IDictionary? Parameter { get; set; }

    /// <summary>A JSON file of parameter values: {"name": value} or {"parameters": {...}}.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByParameterFileSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ParameterFile { get; set; }

    /// <summary>Start a new, ungrouped run that takes its parameters from this earlier run.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByReferenceSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? ReferencePipelineRunId { get; set; }

    /// <summary>The piped object, kept so that an error names the input it came from.</summary>
    [Parameter(ValueFromPipeline = true, DontShow = true)]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        // Everything this input needs is read now: the parameters are rebound for the next input while its
        // request may still be in flight.
        var target = ResolveTarget();
        var referenceRunId = ParameterSetName == ByReferenceSet ? ReferencePipelineRunId : null;
        var parameterFile = ParameterSetName == ByParameterFileSet ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(ParameterFile) : null;
        var table = Parameter;
        foreach (var pipelineName in PipelineName)
        {
            // With several names, each is its own input: an error names the pipeline it is about.
            var input = PipelineName.Length > 1 ? pipelineName : (object?)InputObject ?? pipelineName;
            StartOne(input, () => $"pipeline '{pipelineName}' in {target.Describe()}", "Start pipeline run", (starter, token) =>
            {
                if (referenceRunId is not null)
                {
                    return Task.FromResult(starter.PrepareFromReference(target, pipelineName, referenceRunId));
                }

                var values = parameterFile is not null ? ParameterFileReader.Read(parameterFile) : table;
                return starter.PrepareNewAsync(target, pipelineName, values is null ? null : PowerShellJson.ToParameterTree(values), token);
            });
        }
    }
}
