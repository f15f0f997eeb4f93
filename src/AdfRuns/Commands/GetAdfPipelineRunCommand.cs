using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AdfRuns.Engine.Requests;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Gets pipeline runs by id, or queries a factory's runs by pipeline, status, group and time.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AdfPipelineRun", DefaultParameterSetName = ByQuerySet)]
[OutputType(typeof(PipelineRun))]
public sealed class GetAdfPipelineRunCommand : TargetCmdletBase
{
    private const string ByRunIdSet = "ByRunId";
    private const string ByQuerySet = "ByQuery";
    private static readonly string[] True = { "true" };

    /// <summary>The runs to get; a piped string is a run id.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByRunIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PipelineRunId")]
    [ValidateNotNullOrEmpty]
    public string[]? RunId { get; set; }

    /// <summary>Only runs of these pipelines.</summary>
    [Parameter(ParameterSetName = ByQuerySet)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.PipelineNameCompleter))]
    public string[]? PipelineName { get; set; }

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

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        if (ParameterSetName == ByRunIdSet)
        {
            foreach (var runId in RunId!)
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
        if (PipelineName is { Length: > 0 })
        {
            filters.Add(new QueryFilter("PipelineName", "In", PipelineName));
        }

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

        var query = new RunQuery(after, before, filters, "RunStart", descending: true);
        var first = First;
        TryRun(target.ErrorTarget, async (client, pump, token) =>
        {
            var written = 0;
            await client.QueryAllRunsAsync(target, query, item =>
            {
                var run = new PipelineRun(item);
                pump.Post(() => WriteObject(run));
                written++;
                return first is null || written < first;
            }, token).ConfigureAwait(false);
        });
    }
}
