using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Threading;

namespace AdfRuns.Commands;

/// <summary>
/// Shared plumbing: one cancellation source per invocation (cancelled by Ctrl+C), engine work run off the
/// pipeline thread with its messages written back on it, and per-input errors that never stop the pipeline.
/// </summary>
public abstract class AdfCmdletBase : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();

    protected CancellationToken Cancellation => cancellation.Token;

    /// <summary>What this invocation's inputs share while retrying (a dead endpoint fails them all fast).</summary>
    internal SharedRetryBudget RetryBudget { get; } = new();

    protected override void StopProcessing() => cancellation.Cancel();

    /// <summary>PowerShell calls this once the pipeline has ended (finished, failed or stopped).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            cancellation.Dispose();
        }
    }

    /// <summary>Runs engine work; what it logs reaches -Verbose/-Debug/warnings on the pipeline thread.</summary>
    internal T Run<T>(Func<AdfClient, PipelineThreadPump, CancellationToken, Task<T>> work)
    {
        try
        {
            return PipelineThreadPump.Run(this, pump => work(new AdfClient(AdfSession.Connection, pump, RetryBudget), pump, cancellation.Token));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    internal void Run(Func<AdfClient, PipelineThreadPump, CancellationToken, Task> work) =>
        Run<bool>(async (client, pump, token) =>
        {
            await work(client, pump, token).ConfigureAwait(false);
            return true;
        });

    /// <summary>
    /// Runs one input's work; a failure becomes a non-terminating error naming that input, so one bad input
    /// never stops the rest.
    /// </summary>
    internal void TryRun(object? input, Func<AdfClient, PipelineThreadPump, CancellationToken, Task> work)
    {
        try
        {
            Run(work);
        }
        catch (Exception exception) when (exception is not PipelineStoppedException)
        {
            WriteError(ErrorRecords.From(Unwrap(exception), input));
        }
    }

    /// <summary>-WhatIf, by switch or by $WhatIfPreference.</summary>
    internal bool WhatIfRequested() => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
        ? IsSet(whatIf)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    internal static bool IsSet(object value) => value is SwitchParameter { IsPresent: true } || LanguagePrimitives.IsTrue(value);

    private static Exception Unwrap(Exception exception) =>
        exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
}
