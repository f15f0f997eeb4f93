using System;
using System.Collections.Generic;

namespace AdfRuns.Engine.Requests;

/// <summary>One RunQueryFilter: operand, operator (Equals, NotEquals, In, NotIn) and values.</summary>
public sealed class QueryFilter
{
    public QueryFilter(string operand, string @operator, IReadOnlyList<string> values)
    {
        Operand = operand;
        Operator = @operator;
        Values = values;
    }

    public string Operand { get; }
    public string Operator { get; }
    public IReadOnlyList<string> Values { get; }
}

/// <summary>RunFilterParameters for queryPipelineRuns and queryActivityruns.</summary>
public sealed class RunQuery
{
    public RunQuery(DateTimeOffset lastUpdatedAfter, DateTimeOffset lastUpdatedBefore, IReadOnlyList<QueryFilter>? filters = null, string? orderBy = null, bool descending = false)
    {
        LastUpdatedAfter = lastUpdatedAfter;
        LastUpdatedBefore = lastUpdatedBefore;
        Filters = filters ?? Array.Empty<QueryFilter>();
        OrderBy = orderBy;
        Descending = descending;
    }

    public DateTimeOffset LastUpdatedAfter { get; }
    public DateTimeOffset LastUpdatedBefore { get; }
    public IReadOnlyList<QueryFilter> Filters { get; }
    public string? OrderBy { get; }
    public bool Descending { get; }
}
