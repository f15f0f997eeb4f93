using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Completion;

/// <summary>Which pipelines a command line being completed is about; empty when it does not say.</summary>
internal static class CompletionTarget
{
    private static readonly ScriptBlock ReadVariable = ScriptBlock.Create("param($name) Get-Variable -Name $name -ValueOnly -ErrorAction Ignore");

    public static HashSet<string> PipelineNames(RunTarget target, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in Strings(fakeBoundParameters["PipelineName"]))
        {
            names.Add(name);
        }

        if (names.Count > 0)
        {
            return names;
        }

        AddRunPipelines(names, fakeBoundParameters["InputObject"]);
        AddRunPipelines(names, PipedVariable(commandAst));
        if (names.Count == 0)
        {
            foreach (var runId in Strings(fakeBoundParameters["RunId"] ?? fakeBoundParameters["PipelineRunId"]))
            {
                if (CompletionCache.PipelineOfRun(target, runId) is { } pipelineName)
                {
                    names.Add(pipelineName);
                }
            }
        }

        return names;
    }

    private static void AddRunPipelines(HashSet<string> names, object? value)
    {
        foreach (var item in Items(value))
        {
            if (item is PipelineRun run)
            {
                names.Add(run.PipelineName);
            }
        }
    }

    /// <summary>The value of <c>$variable</c> when the command is fed by <c>$variable | ...</c>.</summary>
    private static object? PipedVariable(CommandAst commandAst)
    {
        if (commandAst.Parent is not PipelineAst pipeline)
        {
            return null;
        }

        var position = pipeline.PipelineElements.IndexOf(commandAst);
        if (position < 1 || pipeline.PipelineElements[position - 1] is not CommandExpressionAst { Expression: VariableExpressionAst variable })
        {
            return null;
        }

        try
        {
            // Completion runs on the runspace's own thread, so the variable is read as the command line would read it.
            var values = ReadVariable.Invoke(variable.VariablePath.UserPath);
            return values.Count == 1 ? values[0] : null;
        }
        catch (RuntimeException)
        {
            return null;
        }
    }

    private static IEnumerable<object?> Items(object? value)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                yield return item is PSObject element ? element.BaseObject : item;
            }
        }
        else if (value is not null)
        {
            yield return value;
        }
    }

    private static IEnumerable<string> Strings(object? value)
    {
        foreach (var item in Items(value))
        {
            if (item is string text && !string.IsNullOrWhiteSpace(text))
            {
                yield return text;
            }
        }
    }
}
