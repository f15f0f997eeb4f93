using System;
using System.Management.Automation;
using AdfRuns.Engine.Triggers;

namespace AdfRuns.Commands;

/// <summary>
/// <para type="synopsis">Gets trigger runs (tumbling windows and schedule trigger runs) of a factory or Synapse workspace.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "AdfTriggerRun")]
[OutputType(typeof(TriggerRun))]
public sealed class GetAdfTriggerRunCommand : TargetCmdletBase
{
    /// <summary>Only the runs of these triggers.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.TriggerNameCompleter))]
    public string[]? TriggerName { get; set; }

    /// <summary>Only runs with these statuses (the service's words: Succeeded, Failed, Running, Waiting, Canceled).</summary>
    [Parameter]
    [ValidateSet("Succeeded", "Failed", "Running", "Waiting", "Canceled", "Cancelled", "Inprogress", IgnoreCase = true)]
    public string[]? Status { get; set; }

    /// <summary>Runs updated at or after this time (default: 24 hours ago).</summary>
    [Parameter]
    public DateTime? LastUpdatedAfter { get; set; }

    /// <summary>Runs updated at or before this time (default: now).</summary>
    [Parameter]
    public DateTime? LastUpdatedBefore { get; set; }

    /// <summary>At most this many runs (newest first).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void ProcessRecord()
    {
        var target = ResolveTarget();
        var now = DateTimeOffset.UtcNow;
        var after = LastUpdatedAfter is { } from ? new DateTimeOffset(from.ToUniversalTime()) : now.AddHours(-24);
        var before = LastUpdatedBefore is { } to ? new DateTimeOffset(to.ToUniversalTime()) : now.AddMinutes(1);
        var query = TriggerQueries.For(after, before, TriggerName, Status);
        var first = First;
        TryRun(target.ErrorTarget, async (client, pump, token) =>
        {
            var written = 0;
            await client.QueryAllTriggerRunsAsync(target, query, item =>
            {
                var run = new TriggerRun(item);
                pump.Post(() => WriteObject(run));
                written++;
                return first is null || written < first;
            }, token).ConfigureAwait(false);
        });
    }
}
