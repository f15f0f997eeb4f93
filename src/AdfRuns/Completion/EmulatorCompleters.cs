using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AdfRuns.Commands;
using AdfRuns.Emulator;

namespace AdfRuns.Completion;

/// <summary>Completes -PipelineName of the emulator cmdlets from the pipelines the emulator loaded (no request is sent).</summary>
public sealed class EmulatorPipelineNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        EmulatorCompletion.ServerFrom(fakeBoundParameters) is { } server
            ? CompletionCache.Matching(server.PipelineNames, wordToComplete)
            : Enumerable.Empty<CompletionResult>();
}

/// <summary>Completes -ActivityName of the emulator cmdlets from the activities of the pipeline named by -PipelineName.</summary>
public sealed class EmulatorActivityNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        if (EmulatorCompletion.ServerFrom(fakeBoundParameters) is not { } server)
        {
            return Enumerable.Empty<CompletionResult>();
        }

        var pipelineName = fakeBoundParameters["PipelineName"] as string;
        var pipelines = pipelineName is null ? server.PipelineNames : new[] { pipelineName };
        return CompletionCache.Matching(pipelines.SelectMany(server.ActivityNames), wordToComplete);
    }
}

internal static class EmulatorCompletion
{
    /// <summary>The emulator the command line names with -Emulator, else the one the cmdlet would act on.</summary>
    public static AdfEmulatorServer? ServerFrom(IDictionary fakeBoundParameters)
    {
        var named = fakeBoundParameters["Emulator"];
        var emulator = (named is PSObject wrapped ? wrapped.BaseObject : named) as AdfEmulator ?? EmulatorCmdletBase.Default();
        return emulator is { IsRunning: true } ? emulator.Server as AdfEmulatorServer : null;
    }
}
