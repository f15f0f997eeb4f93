using System;
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
        CompletionCache.TargetFrom(fakeBoundParameters) is { } target
            ? CompletionCache.Matching(CompletionCache.PipelinesOf(target).Select(pipeline => pipeline.Name), wordToComplete)
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
        if (CompletionCache.TargetFrom(fakeBoundParameters) is not { } target)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var pipelineNames = CompletionTarget.PipelineNames(target, commandAst, fakeBoundParameters);
        var pipelines = CompletionCache.PipelinesOf(target);
        if (pipelineNames.Count > 0 && (fakeBoundParameters.Contains("Recurse") || fakeBoundParameters.Contains("RootCause")))
        {
            pipelineNames = CalledFrom(pipelines, pipelineNames);
        }

        // Get-AdfActivityRun can select activities inside containers; Restart-AdfPipelineRun starts only from a top-level one.
        var inner = string.Equals(commandName, "Get-AdfActivityRun", StringComparison.OrdinalIgnoreCase);
        var activities = pipelines
            .Where(pipeline => pipelineNames.Count == 0 || pipelineNames.Contains(pipeline.Name))
            .SelectMany(pipeline => inner ? pipeline.Activities.Concat(pipeline.InnerActivities) : pipeline.Activities);
        return CompletionCache.Matching(activities, wordToComplete);
    }

    /// <summary>The given pipelines and every pipeline their ExecutePipeline activities call, to any depth (each once, so a cycle ends).</summary>
    private static HashSet<string> CalledFrom(IReadOnlyList<PipelineData> pipelines, HashSet<string> given)
    {
        var byName = pipelines.GroupBy(pipeline => pipeline.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
        var reached = new HashSet<string>(given, StringComparer.OrdinalIgnoreCase);
        var pending = new Queue<string>(given);
        while (pending.Count > 0)
        {
            if (!byName.TryGetValue(pending.Dequeue(), out var pipeline))
            {
                continue;
            }

            foreach (var called in pipeline.CalledPipelines.Where(reached.Add))
            {
                pending.Enqueue(called);
            }
        }

        return reached;
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

/// <summary>Completes -WorkspaceName with the connected default, then the workspaces of the running emulators (no request is sent).</summary>
public sealed class WorkspaceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        return CompletionCache.Matching(CompletionCache.ConnectedAndEmulators(AdfSession.Current?.WorkspaceName, emulator => emulator.WorkspaceName), wordToComplete);
    }
}

/// <summary>Completes -TriggerName from the triggers of the factory or Synapse workspace that ran in the last week.</summary>
public sealed class TriggerNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionCache.TargetFrom(fakeBoundParameters) is { } target
            ? CompletionCache.Matching(CompletionCache.TriggerNamesOf(target), wordToComplete)
            : Enumerable.Empty<CompletionResult>();
}

/// <summary>
/// Completes -FabricWorkspace with the connected default and the workspaces of the running Fabric emulators, then (when
/// the connection already has a Fabric workspace) the workspaces the service lists.
/// </summary>
public sealed class FabricWorkspaceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var names = CompletionCache.ConnectedAndEmulators(AdfSession.Current?.FabricWorkspace, emulator => emulator.FabricWorkspace)
            .Concat(CompletionCache.FabricWorkspaceNames());
        return CompletionCache.Matching(names, wordToComplete);
    }
}
