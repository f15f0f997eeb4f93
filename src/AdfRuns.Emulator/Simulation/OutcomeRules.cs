using System;
using System.Collections.Generic;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>The failures Set-AdfEmulatorBehavior imposes on activities: always, or for their first N executions.</summary>
internal sealed class OutcomeRules
{
    private readonly Dictionary<(string Pipeline, string Activity), Rule> rules = new();

    public static bool ParseFails(string? outcome) => outcome?.Trim() switch
    {
        var text when string.Equals(text, RunStatus.Failed, StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, RunStatus.Succeeded, StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new ArgumentException($"Outcome must be 'Failed' or 'Succeeded', not '{outcome}'.", nameof(outcome)),
    };

    /// <summary>Fails the activity (<paramref name="times"/> 0 or less: always), or removes its rule when it should succeed.</summary>
    public void Set(PipelineDefinition pipeline, ActivityDefinition activity, bool fails, int times, string? errorCode, string? message)
    {
        var key = Key(pipeline.Name, activity.Name);
        if (fails)
        {
            rules[key] = new Rule(times <= 0 ? null : times, errorCode, message);
        }
        else
        {
            rules.Remove(key);
        }
    }

    public void Clear() => rules.Clear();

    /// <summary>The failure a rule imposes on this execution, using up one of its counted failures; null when none applies.</summary>
    public ActivityFailure? Take(string pipelineName, ActivityDefinition activity)
    {
        var key = Key(pipelineName, activity.Name);
        if (!rules.TryGetValue(key, out var rule))
        {
            return null;
        }

        if (rule.RemainingFailures is { } remaining)
        {
            if (remaining <= 1)
            {
                rules.Remove(key);
            }
            else
            {
                rules[key] = rule with { RemainingFailures = remaining - 1 };
            }
        }

        return new ActivityFailure(
            rule.ErrorCode ?? ActivityOutputs.DefaultErrorCode(activity),
            rule.Message ?? $"Activity '{activity.Name}' failed (outcome set on the ADF emulator).");
    }

    private static (string, string) Key(string pipeline, string activity) => (pipeline.ToUpperInvariant(), activity.ToUpperInvariant());

    private sealed record Rule(int? RemainingFailures, string? ErrorCode, string? Message);
}
