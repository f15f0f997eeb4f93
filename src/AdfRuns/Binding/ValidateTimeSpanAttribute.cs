using System;
using System.Globalization;
using System.Management.Automation;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Binding;

/// <summary>What a time parameter accepts.</summary>
internal enum TimeSpanRule
{
    /// <summary>Zero or more (emulator delays and durations).</summary>
    NotNegative,

    /// <summary>More than zero (wait timeouts).</summary>
    Positive,

    /// <summary>One second or more; more than zero against a loopback endpoint (the emulator).</summary>
    PollingInterval,
}

/// <summary>Refuses time values that cannot be meant: zero or negative waits, and polling faster than ARM's read quota allows.</summary>
internal sealed class ValidateTimeSpanAttribute : ValidateArgumentsAttribute
{
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromSeconds(1);

    public ValidateTimeSpanAttribute(TimeSpanRule rule)
    {
        Rule = rule;
    }

    public TimeSpanRule Rule { get; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if ((arguments is PSObject wrapped ? wrapped.BaseObject : arguments) is not TimeSpan value)
        {
            return;
        }

        var given = Describe(value);
        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && Rule != TimeSpanRule.NotNegative))
        {
            var least = Rule == TimeSpanRule.NotNegative ? "zero or more" : "longer than zero";
            throw new ValidationMetadataException($"The value must be {least}, and {given} was given. A bare number means seconds: 5 is five seconds, the same as '00:00:05'.");
        }

        if (Rule == TimeSpanRule.PollingInterval && value < MinimumPollingInterval && !IsLoopback())
        {
            throw new ValidationMetadataException(
                $"A polling interval under one second ({given}) is refused: every poll is a read request against Azure Resource Manager, " +
                "whose read quota the whole subscription shares. Use 1 (second) or more; only a loopback endpoint such as the emulator may be polled faster.");
        }
    }

    private static bool IsLoopback() =>
        AdfSession.Current is { } context
        && (context.ResourceManagerEndpoint.IsLoopback || TargetResolver.DefaultOf(context)?.KnownEndpointOf(context) is { IsLoopback: true });

    private static string Describe(TimeSpan value) =>
        Math.Abs(value.TotalSeconds) < 60
            ? value.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture) + " s"
            : value.ToString("c", CultureInfo.InvariantCulture);
}
