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

/// <summary>
/// Completes -ActivityName (and -FromActivity) from the activities of the pipeline the command line is about: its
/// -PipelineName, the run given to -InputObject or -RunId, or a run variable piped in (<c>$run | Restart-... -FromActivity</c>).
/// </summary>
public sealed class ActivityNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (CompletionCache.FactoryFrom(fakeBoundParameters) is not { } factory)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var pipelineNames = CompletionTarget.PipelineNames(factory, commandAst, fakeBoundParameters);
        var activities = CompletionCache.PipelinesOf(factory)
            .Where(pipeline => pipelineNames.Count == 0 || pipelineNames.Contains(pipeline.Name))
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

/// <summary>Completes -WorkspaceName with the connected default.</summary>
public sealed class WorkspaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        AdfSession.Current?.WorkspaceName is { } name ? CompletionCache.Matching(new[] { name }, wordToComplete) : Enumerable.Empty<CompletionResult>();
}
