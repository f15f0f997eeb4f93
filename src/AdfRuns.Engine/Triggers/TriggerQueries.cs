using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Requests;

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
}
