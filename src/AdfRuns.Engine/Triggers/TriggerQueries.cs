using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Triggers;

/// <summary>RunFilterParameters for queryTriggerRuns: the operands trigger runs have (TriggerName, Status), newest first.</summary>
public static class TriggerQueries
{
    public static RunQuery For(DateTimeOffset lastUpdatedAfter, DateTimeOffset lastUpdatedBefore, IEnumerable<string>? triggerNames = null, IEnumerable<string>? statuses = null)
    {
        var filters = new List<QueryFilter>();
        if (triggerNames?.Distinct(StringComparer.OrdinalIgnoreCase).ToList() is { Count: > 0 } names)
        {
            filters.Add(new QueryFilter("TriggerName", names.Count == 1 ? "Equals" : "In", names));
        }

        if (statuses?.Distinct(StringComparer.OrdinalIgnoreCase).ToList() is { Count: > 0 } wanted)
        {
            filters.Add(new QueryFilter("Status", wanted.Count == 1 ? "Equals" : "In", wanted));
        }

        return new RunQuery(lastUpdatedAfter, lastUpdatedBefore, filters, "TriggerRunTimestamp", descending: true);
    }

    /// <summary>How far back a trigger run given by id is looked for (the service keeps run history for 45 days).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(45);

    /// <summary>A trigger run given by trigger name and id: its trigger's runs are read, newest first, until it turns up.</summary>
    public static async Task<TriggerRunData> FindAsync(AdfClient client, RunTarget target, string triggerName, string triggerRunId, CancellationToken cancellationToken)
    {
        Require(NameRules.CheckTriggerName(triggerName));
        Require(NameRules.CheckTriggerRunId(triggerRunId));
        TriggerRunData? found = null;
        var now = DateTimeOffset.UtcNow;
        await client.QueryAllTriggerRunsAsync(
            target,
            For(now - LookBack, now + TimeSpan.FromDays(1), new[] { triggerName }),
            run =>
            {
                found = string.Equals(run.TriggerRunId, triggerRunId, StringComparison.OrdinalIgnoreCase) ? run : null;
                return found is null;
            },
            cancellationToken).ConfigureAwait(false);
        return found ?? throw new TriggerRunException(
            $"Trigger '{triggerName}' of {target.Describe()} has no run {triggerRunId} in the last {LookBack.TotalDays:0} days.",
            "TriggerRunNotFound",
            notFound: true);
    }

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }
}
