using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AdfRuns.Emulator.Simulation;

internal enum RunQueryKind
{
    PipelineRuns,
    ActivityRuns,
    TriggerRuns,
}

/// <summary>A parsed and validated RunFilterParameters body.</summary>
internal sealed partial class RunFilter
{
    public const int PageSize = 100;

    private static readonly string[] PipelineRunOperands = { "PipelineName", "Status", "RunStart", "RunEnd", "RunGroupId", "LatestOnly" };
    private static readonly string[] ActivityRunOperands = { "ActivityName", "ActivityType", "Status", "ActivityRunStart", "ActivityRunEnd" };
    private static readonly string[] PipelineRunOrderFields = { "RunStart", "RunEnd", "PipelineName", "Status" };
    private static readonly string[] ActivityRunOrderFields = { "ActivityName", "ActivityRunStart", "ActivityRunEnd", "Status" };

    private RunFilter(DateTimeOffset lastUpdatedAfter, DateTimeOffset lastUpdatedBefore, int offset)
    {
        LastUpdatedAfter = lastUpdatedAfter;
        LastUpdatedBefore = lastUpdatedBefore;
        Offset = offset;
    }

    public DateTimeOffset LastUpdatedAfter { get; }

    public DateTimeOffset LastUpdatedBefore { get; }

    public int Offset { get; }

    public List<FilterClause> Filters { get; } = new();

    public List<(string Field, bool Descending)> OrderBy { get; } = new();

    public static RunFilter Parse(string? body, RunQueryKind kind)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw ServiceException.BadRequest("The request body must be a RunFilterParameters object with lastUpdatedAfter and lastUpdatedBefore.");
        }

        using (var document = JsonText.ParseRequestBody(body!))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ServiceException.BadRequest("The request body must be a RunFilterParameters object.");
            }

            var after = RequiredTime(root, "lastUpdatedAfter");
            var before = RequiredTime(root, "lastUpdatedBefore");
            var offset = 0;
            if (Property(root, "continuationToken") is { ValueKind: JsonValueKind.String } token)
            {
                offset = DecodeToken(token.GetString()!);
            }

            var filter = new RunFilter(after, before, offset);
            if (Property(root, "filters") is { ValueKind: JsonValueKind.Array } filters)
            {
                foreach (var clause in filters.EnumerateArray())
                {
                    filter.Filters.Add(FilterClause.Parse(clause, OperandsOf(kind), kind));
                }
            }

            if (Property(root, "orderBy") is { ValueKind: JsonValueKind.Array } orderBy)
            {
                var allowed = OrderFieldsOf(kind);
                foreach (var order in orderBy.EnumerateArray())
                {
                    var field = order.ValueKind == JsonValueKind.Object ? Property(order, "orderBy")?.GetString() : null;
                    var canonical = allowed.FirstOrDefault(f => string.Equals(f, field, StringComparison.OrdinalIgnoreCase));
                    if (canonical is null)
                    {
                        // GUESS: ordering by a field the query does not have -> 400 BadRequest.
                        throw ServiceException.BadRequest(
                            $"orderBy '{field}' is not supported for {Describe(kind)}. Supported: {string.Join(", ", allowed)}.");
                    }

                    var direction = Property(order, "order")?.GetString() ?? "ASC";
                    if (!direction.Equals("ASC", StringComparison.OrdinalIgnoreCase) && !direction.Equals("DESC", StringComparison.OrdinalIgnoreCase))
                    {
                        throw ServiceException.BadRequest($"order '{direction}' is not supported. Use ASC or DESC.");
                    }

                    filter.OrderBy.Add((canonical, direction.Equals("DESC", StringComparison.OrdinalIgnoreCase)));
                }
            }

            return filter;
        }
    }

    public RunPage<PipelineRunView> ApplyToPipelineRuns(IEnumerable<PipelineRunView> runs)
    {
        var matching = runs.Where(r => InWindow(r.LastUpdated) && Filters.All(f => f.Matches(r)));
        IOrderedEnumerable<PipelineRunView>? ordered = null;
        foreach (var (field, descending) in OrderBy)
        {
            ordered = field switch
            {
                "RunEnd" => Order(ordered, matching, r => r.RunEnd, descending),
                "PipelineName" => Order(ordered, matching, r => r.PipelineName.ToUpperInvariant(), descending),
                "Status" => Order(ordered, matching, r => r.Status, descending),
                _ => Order(ordered, matching, r => r.RunStart, descending),
            };
        }

        // The default order (and every tie-breaker) is RunStart then creation order, so pages are stable.
        ordered = ordered is null ? matching.OrderBy(r => r.RunStart) : ordered.ThenBy(r => r.RunStart);
        return Page(ordered.ThenBy(r => r.Sequence).ToList());
    }

    public RunPage<ActivityRunView> ApplyToActivityRuns(IEnumerable<ActivityRunView> activityRuns)
    {
        var matching = activityRuns.Where(a => InWindow(a.LastUpdated) && Filters.All(f => f.Matches(a)));
        IOrderedEnumerable<ActivityRunView>? ordered = null;
        foreach (var (field, descending) in OrderBy)
        {
            ordered = field switch
            {
                "ActivityName" => Order(ordered, matching, a => a.ActivityName.ToUpperInvariant(), descending),
                "ActivityRunEnd" => Order(ordered, matching, a => a.ActivityRunEnd, descending),
                "Status" => Order(ordered, matching, a => a.Status, descending),
                _ => Order(ordered, matching, a => a.ActivityRunStart, descending),
            };
        }

        ordered = ordered is null ? matching.OrderBy(a => a.ActivityRunStart) : ordered.ThenBy(a => a.ActivityRunStart);
        return Page(ordered.ThenBy(a => a.Sequence).ToList());
    }

    private static IOrderedEnumerable<T> Order<T, TKey>(IOrderedEnumerable<T>? ordered, IEnumerable<T> source, Func<T, TKey> key, bool descending)
    {
        if (ordered is null)
        {
            return descending ? source.OrderByDescending(key) : source.OrderBy(key);
        }

        return descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
    }

    private bool InWindow(DateTimeOffset lastUpdated) => lastUpdated >= LastUpdatedAfter && lastUpdated <= LastUpdatedBefore;

    private RunPage<T> Page<T>(List<T> all)
    {
        var page = all.Skip(Offset).Take(PageSize).ToList();
        var next = Offset + PageSize;
        return new RunPage<T>(page, next < all.Count ? EncodeToken(next) : null);
    }

    private static string EncodeToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("adfemu:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static int DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("adfemu:", StringComparison.Ordinal)
                && int.TryParse(text.Substring("adfemu:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        // GUESS: a token the service did not issue -> 400 BadRequest.
        throw ServiceException.BadRequest("The continuationToken is not valid.");
    }

    private static DateTimeOffset RequiredTime(JsonElement root, string name)
    {
        var element = Property(root, name);
        if (element is not { ValueKind: JsonValueKind.String } value)
        {
            // GUESS: wording of the missing-window error (the spec marks both bounds required).
            throw ServiceException.BadRequest($"The '{name}' field is required.", name);
        }

        if (!TryParseTime(value.GetString()!, out var time))
        {
            throw ServiceException.BadRequest($"The '{name}' value '{value.GetString()}' is not a valid ISO 8601 date-time.", name);
        }

        return time;
    }

    internal static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    internal static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string Describe(RunQueryKind kind) => kind switch
    {
        RunQueryKind.PipelineRuns => "pipeline runs",
        RunQueryKind.TriggerRuns => "trigger runs",
        _ => "activity runs",
    };

    internal sealed partial class FilterClause
    {
        private FilterClause(string operand, bool negated, IReadOnlyList<string> values)
        {
            Operand = operand;
            Negated = negated;
            Values = values;
        }

        public string Operand { get; }

        public bool Negated { get; }

        public IReadOnlyList<string> Values { get; }

        public static FilterClause Parse(JsonElement clause, string[] allowedOperands, RunQueryKind kind)
        {
            if (clause.ValueKind != JsonValueKind.Object)
            {
                throw ServiceException.BadRequest("Every filter must be an object with operand, operator and values.");
            }

            var operandText = Property(clause, "operand")?.GetString();
            var operand = allowedOperands.FirstOrDefault(o => string.Equals(o, operandText, StringComparison.OrdinalIgnoreCase));
            if (operand is null)
            {
                // GUESS: operands the query does not support (e.g. RunId) -> 400 BadRequest.
                throw ServiceException.BadRequest(
                    $"Filter operand '{operandText}' is not supported for {Describe(kind)}. Supported: {string.Join(", ", allowedOperands)}.");
            }

            var operatorText = Property(clause, "operator")?.GetString() ?? string.Empty;
            var negated = operatorText.ToUpperInvariant() switch
            {
                "EQUALS" or "IN" => false,
                "NOTEQUALS" or "NOTIN" => true,
                _ => throw ServiceException.BadRequest($"Filter operator '{operatorText}' is not supported. Use Equals, NotEquals, In or NotIn."),
            };

            var values = new List<string>();
            if (Property(clause, "values") is { ValueKind: JsonValueKind.Array } valuesElement)
            {
                values.AddRange(valuesElement.EnumerateArray().Select(JsonText.ToParameterString));
            }

            if (operand == "RunGroupId" && values.Count != 1)
            {
                // Verbatim service text, typo included (Azure/azure-sdk-for-net#22025).
                throw ServiceException.BadRequest("Filter operand 'RunGroupId' does not support and array of values. Make sure to provide only one.");
            }

            if (values.Count == 0)
            {
                throw ServiceException.BadRequest($"Filter operand '{operand}' needs at least one value.");
            }

            // GUESS: Equals/NotEquals with several values behave like In/NotIn rather than failing.
            if (operand is "RunStart" or "RunEnd" or "ActivityRunStart" or "ActivityRunEnd" or "TriggerRunTimestamp")
            {
                foreach (var value in values)
                {
                    if (!TryParseTime(value, out _))
                    {
                        throw ServiceException.BadRequest($"Filter value '{value}' for operand '{operand}' is not a valid date-time.");
                    }
                }
            }

            if (operand == "LatestOnly" && values.Any(v => !bool.TryParse(v, out _)))
            {
                throw ServiceException.BadRequest("Filter operand 'LatestOnly' takes the value \"true\" or \"false\".");
            }

            return new FilterClause(operand, negated, values);
        }

        public bool Matches(PipelineRunView run)
        {
            if (Operand == "LatestOnly")
            {
                // GUESS: LatestOnly "true" keeps only the latest run of each group; "false" does not restrict.
                var wantsLatest = Values.Any(v => bool.Parse(v)) != Negated;
                return !wantsLatest || run.IsLatest;
            }

            var hit = Operand switch
            {
                "PipelineName" => AnyText(run.PipelineName),
                "Status" => AnyStatus(run.Status),
                "RunGroupId" => AnyText(run.RunGroupId),
                "RunStart" => AnyTime(run.RunStart),
                "RunEnd" => AnyTime(run.RunEnd),
                _ => false,
            };
            return hit != Negated;
        }

        public bool Matches(ActivityRunView activityRun)
        {
            var hit = Operand switch
            {
                "ActivityName" => AnyText(activityRun.ActivityName),
                "ActivityType" => AnyText(activityRun.ActivityType),
                "Status" => AnyStatus(activityRun.Status),
                "ActivityRunStart" => AnyTime(activityRun.ActivityRunStart),
                "ActivityRunEnd" => AnyTime(activityRun.ActivityRunEnd),
                _ => false,
            };
            return hit != Negated;
        }

        private bool AnyText(string actual) => Values.Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase));

        private bool AnyStatus(string actual) =>
            Values.Any(v => string.Equals(RunStatus.Normalize(v), RunStatus.Normalize(actual), StringComparison.OrdinalIgnoreCase));

        private bool AnyTime(DateTimeOffset? actual) =>
            actual is { } time && Values.Any(v => TryParseTime(v, out var wanted) && wanted == time);
    }
}
