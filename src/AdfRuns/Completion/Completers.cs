using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Completion;

/// <summary>Completes -PipelineName from the factory's pipelines.</summary>
public sealed class PipelineNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionCache.FactoryFrom(fakeBoundParameters) is { } factory
            ? CompletionCache.Matching(CompletionCache.PipelinesOf(factory).Select(pipeline => pipeline.Name), wordToComplete)
            : Enumerable.Empty<CompletionResult>();
}

/// <summary>Completes -ActivityName (and -FromActivity) from the named pipeline's activities.</summary>
public sealed class ActivityNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (CompletionCache.FactoryFrom(fakeBoundParameters) is not { } factory)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var pipelineName = fakeBoundParameters["PipelineName"] as string;
        var activities = CompletionCache.PipelinesOf(factory)
            .Where(pipeline => pipelineName is null || string.Equals(pipeline.Name, pipelineName, System.StringComparison.OrdinalIgnoreCase))
            .SelectMany(pipeline => pipeline.Activities);
        return CompletionCache.Matching(activities, wordToComplete);
    }
}

/// <summary>Completes -Status with the service's statuses.</summary>
public sealed class StatusCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionCache.Matching(RunStatus.All, wordToComplete);
}

/// <summary>Completes -FactoryName with the connected default.</summary>
public sealed class FactoryNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        AdfSession.Current?.FactoryName is { } name ? CompletionCache.Matching(new[] { name }, wordToComplete) : Enumerable.Empty<CompletionResult>();
}

/// <summary>Completes -ResourceGroupName with the connected default.</summary>
public sealed class ResourceGroupNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        AdfSession.Current?.ResourceGroupName is { } name ? CompletionCache.Matching(new[] { name }, wordToComplete) : Enumerable.Empty<CompletionResult>();
}
