using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Expressions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// Which executions of an activity a Set-AdfEmulatorBehavior rule applies to: those whose pipeline run has the given
/// parameter values, and (inside a ForEach) those whose iteration item is the given value or has the given fields.
/// No condition: every execution.
/// </summary>
internal sealed class OutcomeCondition
{
    public static readonly OutcomeCondition Always = new(null, null, null);

    private readonly IReadOnlyList<KeyValuePair<string, string>> parameters;
    private readonly string? item;
    private readonly IReadOnlyList<KeyValuePair<string, string>> itemFields;

    public OutcomeCondition(
        IEnumerable<KeyValuePair<string, string>>? parameters,
        string? item,
        IEnumerable<KeyValuePair<string, string>>? itemFields)
    {
        this.parameters = Sorted(parameters);
        this.item = item;
        this.itemFields = Sorted(itemFields);
        Signature = string.Join(
            "\u001f",
            parameters is null ? string.Empty : string.Join("\u001e", this.parameters.Select(p => p.Key.ToUpperInvariant() + "=" + p.Value)),
            item ?? "\u0000",
            string.Join("\u001e", this.itemFields.Select(p => p.Key.ToUpperInvariant() + "=" + p.Value)));
    }

    /// <summary>Equal for equal conditions, so setting a rule again replaces it.</summary>
    public string Signature { get; }

    public bool Matches(IReadOnlyList<KeyValuePair<string, string>> runParameters, ExpressionContext context)
    {
        foreach (var wanted in parameters)
        {
            // Values compare as ADF reports them (the run's parameters as strings), exactly; names case-insensitively.
            var actual = runParameters.FirstOrDefault(p => string.Equals(p.Key, wanted.Key, StringComparison.OrdinalIgnoreCase));
            if (actual.Key is null || !string.Equals(actual.Value, wanted.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (item is not null && (!context.HasItem || !string.Equals(ExpressionValues.ToText(context.Item), item, StringComparison.Ordinal)))
        {
            return false;
        }

        foreach (var field in itemFields)
        {
            if (!context.HasItem || context.Item is not Dictionary<string, object?> fields
                || !fields.TryGetValue(field.Key, out var value) || !string.Equals(ExpressionValues.ToText(value), field.Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>>? pairs) =>
        pairs?.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToList() ?? new List<KeyValuePair<string, string>>();
}
