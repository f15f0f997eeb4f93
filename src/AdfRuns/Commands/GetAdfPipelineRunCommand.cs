using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Binding;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>Get-AdfPipelineRun; its help (synopsis, parameters, examples) is docs/Get-AdfPipelineRun.md.</summary>
[Cmdlet(VerbsCommon.Get, "AdfPipelineRun", DefaultParameterSetName = ByQuerySet)]
[OutputType(typeof(PipelineRun))]
public sealed class GetAdfPipelineRunCommand : TargetCmdletBase
{
    private const string ByRunIdSet = "ByRunId";
    private const string ByQuerySet = "ByQuery";
    private const string ByTriggerRunSet = "ByTriggerRun";
    private static readonly string[] True = { "true" };

    // Read by one input's work at a time (TryRun waits for it), so no lock.
    private readonly Dictionary<RunTarget, IReadOnlyList<string>?> pipelineLists = new();

    /// <summary>The runs to get; a piped string is a run id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByRunIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PipelineRunId")]
    [ValidateNotNullOrEmpty]
    public string[]? RunId { get; set; }

    /// <summary>Trigger runs (from Get-AdfTriggerRun): the pipeline runs each started.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByTriggerRunSet, ValueFromPipeline = true)]
    public TriggerRun[]? TriggerRun { get; set; }

    /// <summary>Only runs of these pipelines; wildcards are expanded against the factory's pipelines.</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.PipelineNameCompleter))]
    public string[]? PipelineName { get; set; }

    /// <summary>
    /// A piped pipeline (Get-AdfPipeline): its runs. Bound by value, not by a PipelineName property, so that a piped
    /// run still binds to -RunId.
    /// </summary>
    [Parameter(ParameterSetName = ByQuerySet, ValueFromPipeline = true, DontShow = true)]
    public Pipeline? InputObject { get; set; }

    /// <summary>Only runs with these statuses (Queued, InProgress, Succeeded, Failed, Canceling, Cancelled).</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    [ValidateRunStatus]
    [ArgumentCompleter(typeof(Completion.StatusCompleter))]
    public string[]? Status { get; set; }

    /// <summary>Only the runs of this rerun group.</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    [ValidateNotNullOrEmpty]
    public string? RunGroupId { get; set; }

    /// <summary>Only the latest run of each rerun group.</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    public SwitchParameter LatestOnly { get; set; }

    /// <summary>Runs updated at or after this time (default: 24 hours ago).</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    public DateTime? LastUpdatedAfter { get; set; }

    /// <summary>Runs updated at or before this time (default: now).</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    public DateTime? LastUpdatedBefore { get; set; }

    /// <summary>At most this many runs, newest first.</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void BeginProcessing() => TimeWindow.RefuseInverted(this, LastUpdatedAfter, LastUpdatedBefore, nameof(LastUpdatedAfter), nameof(LastUpdatedBefore));

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        if (ParameterSetName is ByRunIdSet or ByTriggerRunSet)
        {
            foreach (var runId in RunId ?? TriggerRun!.SelectMany(PipelineRunsOf).ToArray())
            {
                TryRun(runId, async (client, pump, token) =>
                {
                    var run = new PipelineRun(await client.GetRunAsync(target, runId, token).ConfigureAwait(false));
                    pump.Post(() => WriteObject(run));
                });
            }

            return;
        }

        var now = DateTimeOffset.UtcNow;
        var after = LastUpdatedAfter is { } from ? new DateTimeOffset(from.ToUniversalTime()) : now.AddHours(-24);
        var before = LastUpdatedBefore is { } to ? new DateTimeOffset(to.ToUniversalTime()) : now.AddMinutes(1);
        var filters = new List<QueryFilter>();
        if (Status is { Length: > 0 })
        {
            filters.Add(new QueryFilter("Status", "In", Status.Select(status => Engine.Model.RunStatus.Normalize(status)).ToList()));
        }

        if (RunGroupId is not null)
        {
            filters.Add(new QueryFilter("RunGroupId", "Equals", new[] { RunGroupId }));
        }

        if (LatestOnly)
        {
            filters.Add(new QueryFilter("LatestOnly", "Equals", True));
        }

        var names = InputObject is { } piped ? new[] { piped.Name } : PipelineName;
        var first = First;
        TryRun(target.ErrorTarget, async (client, pump, token) =>
        {
            PipelineNameResolution? resolution = null;
            if (names is { Length: > 0 })
            {
                resolution = PipelineNameResolution.Resolve(names, await PipelineNamesAsync(client, target, pump, token).ConfigureAwait(false), PatternOf);
                if (resolution.Names.Count == 0)
                {
                    pump.Verbose($"No pipeline in {target.Describe()} matches {string.Join(", ", names)}: nothing to query.");
                    return;
                }

                filters.Insert(0, new QueryFilter("PipelineName", "In", resolution.Names));
            }

            var written = 0;
            var pipelinesSeen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await client.QueryAllRunsAsync(target, new RunQuery(after, before, filters, "RunStart", descending: true), item =>
            {
                var run = new PipelineRun(item);
                pump.Post(() => WriteObject(run));
                pipelinesSeen.Add(item.PipelineName);
                written++;
                return first is null || written < first;
            }, token).ConfigureAwait(false);

            // A name the factory does not list and no run answers to is most likely a typo; runs of a deleted pipeline still come back.
            if (resolution is not null && (first is null || written < first) && pipelineLists.TryGetValue(target, out var known) && known is not null)
            {
                foreach (var unknown in resolution.Unknown.Where(name => !pipelinesSeen.Contains(name)))
                {
                    var record = ErrorRecords.Create(
                        new ItemNotFoundException($"{MissingPipeline.NotFoundText(target, unknown, known)} No run of it was found either."),
                        "PipelineNotFound",
                        ErrorCategory.ObjectNotFound,
                        unknown);
                    pump.Post(() => WriteError(record));
                }
            }
        });
    }

    /// <summary>The factory's pipeline names, listed once per target per invocation; null when they cannot be listed.</summary>
    private async Task<IReadOnlyList<string>?> PipelineNamesAsync(AdfClient client, RunTarget target, PipelineThreadPump pump, CancellationToken token)
    {
        if (!pipelineLists.TryGetValue(target, out var names))
        {
            try
            {
                names = (await client.ListPipelinesAsync(target, token).ConfigureAwait(false)).Select(pipeline => pipeline.Name).ToList();
            }
            catch (AdfServiceException exception)
            {
                pump.Verbose($"Could not list the pipelines of {target.Describe()} ({exception.Message}); -PipelineName is taken as given.");
                names = null;
            }

            pipelineLists[target] = names;
        }

        return names;
    }

    private static Func<string, bool>? PatternOf(string name) =>
        WildcardPattern.ContainsWildcardCharacters(name) ? new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch : null;

    /// <summary>A trigger run's pipeline runs; a window still waiting has none yet, which -Verbose says.</summary>
    private IEnumerable<string> PipelineRunsOf(TriggerRun run)
    {
        if (run.PipelineRunId.Length == 0)
        {
            WriteVerbose($"Trigger run {run.TriggerRunId} of trigger '{run.TriggerName}' ({run.Status}) has started no pipeline run.");
        }

        return run.PipelineRunId;
    }
}
