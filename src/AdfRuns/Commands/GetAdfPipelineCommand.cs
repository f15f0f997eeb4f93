using System.Management.Automation;
using AdfRuns.Engine.Starting;

namespace AdfRuns.Commands;

/// <summary>Get-AdfPipeline; its help (synopsis, parameters, examples) is docs/Get-AdfPipeline.md.</summary>
[Cmdlet(VerbsCommon.Get, "AdfPipeline")]
[OutputType(typeof(Pipeline))]
public sealed class GetAdfPipelineCommand : TargetCmdletBase
{
    private static readonly string[] AllPipelines = { "*" };

    /// <summary>Pipeline names; wildcards allowed. All pipelines when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PipelineName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.PipelineNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        if (Name is { Length: > 0 } && !System.Array.Exists(Name, WildcardPattern.ContainsWildcardCharacters))
        {
            foreach (var name in Name)
            {
                TryRun(name, async (client, pump, token) =>
                {
                    var pipeline = new Pipeline(await MissingPipeline.GetAsync(client, target, name, token).ConfigureAwait(false));
                    pump.Post(() => WriteObject(pipeline));
                });
            }

            return;
        }

        var patterns = System.Array.ConvertAll(Name ?? AllPipelines, name => new WildcardPattern(name, WildcardOptions.IgnoreCase));
        TryRun(target.ErrorTarget, async (client, pump, token) =>
        {
            foreach (var data in await client.ListPipelinesAsync(target, token).ConfigureAwait(false))
            {
                if (System.Array.Exists(patterns, pattern => pattern.IsMatch(data.Name)))
                {
                    var pipeline = new Pipeline(data);
                    pump.Post(() => WriteObject(pipeline));
                }
            }
        });
    }
}
