using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Expressions;

namespace AdfRuns.Emulator.Simulation;

/// <summary>
/// The failures Set-AdfEmulatorBehavior imposes on activities: always, or for their first N executions, in every
/// execution or only in those that match a condition (a run parameter, a ForEach item).
/// </summary>
internal sealed class OutcomeRules
{
    private readonly List<Rule> rules = new();

    public static bool ParseFails(string? outcome) => outcome?.Trim() switch
    {
        var text when string.Equals(text, RunStatus.Failed, StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, RunStatus.Succeeded, StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new ArgumentException($"Outcome must be 'Failed' or 'Succeeded', not '{outcome}'.", nameof(outcome)),
    };

    /// <summary>
    /// Fails the activity (<paramref name="times"/> 0 or less: always) where the condition holds, or removes the rule
    /// with the same condition when it should succeed.
    /// </summary>
    public void Set(PipelineDefinition pipeline, ActivityDefinition activity, bool fails, int times, string? errorCode, string? message, OutcomeCondition condition)
    {
        // Succeeded without a condition: the activity succeeds everywhere again.
        var clearsAll = !fails && condition.Signature == OutcomeCondition.Always.Signature;
        rules.RemoveAll(rule => clearsAll ? rule.Applies(pipeline.Name, activity.Name) : rule.Is(pipeline.Name, activity.Name, condition));

        if (fails)
        {
            rules.Add(new Rule(pipeline.Name, activity.Name, condition, times <= 0 ? null : times, errorCode, message));
        }
    }

    public void Clear() => rules.Clear();

    /// <summary>The failure the first matching rule imposes on this execution, using up one of its counted failures; null when none applies.</summary>
    public ActivityFailure? Take(PipelineRunState run, ActivityDefinition activity, ExpressionContext context)
    {
        var rule = rules.FirstOrDefault(r => r.Applies(run.Pipeline.Name, activity.Name) && r.Condition.Matches(run.Parameters, context));
        if (rule is null)
        {
            return null;
        }

        if (rule.RemainingFailures is { } remaining)
        {
            rule.RemainingFailures = remaining - 1;
            if (remaining <= 1)
            {
                rules.Remove(rule);
            }
        }

        return new ActivityFailure(
            rule.ErrorCode ?? ActivityOutputs.DefaultErrorCode(activity),
            rule.Message ?? $"Activity '{activity.Name}' failed (outcome set on the ADF emulator).");
    }

    private sealed class Rule
    {
        public Rule(string pipeline, string activity, OutcomeCondition condition, int? remainingFailures, string? errorCode, string? message)
        {
            Pipeline = pipeline;
            Activity = activity;
            Condition = condition;
            RemainingFailures = remainingFailures;
            ErrorCode = errorCode;
            Message = message;
        }

        public string Pipeline { get; }

        public string Activity { get; }

        public OutcomeCondition Condition { get; }

        public int? RemainingFailures { get; set; }

        public string? ErrorCode { get; }

        public string? Message { get; }

        public bool Applies(string pipeline, string activity) =>
            string.Equals(Pipeline, pipeline, StringComparison.OrdinalIgnoreCase) && string.Equals(Activity, activity, StringComparison.OrdinalIgnoreCase);

        public bool Is(string pipeline, string activity, OutcomeCondition condition) =>
            Applies(pipeline, activity) && string.Equals(Condition.Signature, condition.Signature, StringComparison.Ordinal);
    }
}
