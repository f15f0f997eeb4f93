using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Triggers;

namespace AdfRuns.Emulator.Simulation;

/// <summary>queryTriggerRuns: the operands and order fields of RunFilterParameters that trigger runs have (2018-06-01 spec).</summary>
internal sealed partial class RunFilter
{
    private static readonly string[] TriggerRunOperands = { "TriggerName", "TriggerRunTimestamp", "Status" };
    private static readonly string[] TriggerRunOrderFields = { "TriggerRunTimestamp", "TriggerName", "Status" };

    private static string[] OperandsOf(RunQueryKind kind) => kind switch
    {
        RunQueryKind.PipelineRuns => PipelineRunOperands,
        RunQueryKind.TriggerRuns => TriggerRunOperands,
        _ => ActivityRunOperands,
    };

    private static string[] OrderFieldsOf(RunQueryKind kind) => kind switch
    {
        RunQueryKind.PipelineRuns => PipelineRunOrderFields,
        RunQueryKind.TriggerRuns => TriggerRunOrderFields,
        _ => ActivityRunOrderFields,
    };

    /// <summary>
    /// The trigger runs updated in the window that match every filter, oldest first unless ordered (GUESS: the default
    /// order and the lastUpdated the window compares with are not documented), 100 a page.
    /// </summary>
    public RunPage<TriggerRunView> ApplyToTriggerRuns(IEnumerable<TriggerRunView> runs)
    {
        var matching = runs.Where(r => InWindow(r.LastUpdated) && Filters.All(f => f.Matches(r)));
        IOrderedEnumerable<TriggerRunView>? ordered = null;
        foreach (var (field, descending) in OrderBy)
        {
            ordered = field switch
            {
                "TriggerName" => Order(ordered, matching, r => r.TriggerName.ToUpperInvariant(), descending),
                "Status" => Order(ordered, matching, r => r.Status, descending),
                _ => Order(ordered, matching, r => r.TriggerRunTimestamp, descending),
            };
        }

        ordered = ordered is null ? matching.OrderBy(r => r.TriggerRunTimestamp) : ordered.ThenBy(r => r.TriggerRunTimestamp);
        return Page(ordered.ThenBy(r => r.Sequence).ToList());
    }

    internal sealed partial class FilterClause
    {
        public bool Matches(TriggerRunView run)
        {
            var hit = Operand switch
            {
                "TriggerName" => AnyText(run.TriggerName),
                "Status" => AnyStatus(run.Status),
                "TriggerRunTimestamp" => AnyTime(run.TriggerRunTimestamp),
                _ => false,
            };
            return hit != Negated;
        }
    }
}
