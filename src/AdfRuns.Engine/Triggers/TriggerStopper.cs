using System;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Triggers;

/// <summary>
/// Stops windows: a waiting one is cancelled (the service cancels only windows waiting on their dependencies); a
/// running one, when asked to, by cancelling the pipeline runs it started (as the tumbling-window docs advise).
/// Anything else is refused before sending, naming the window.
/// </summary>
public sealed class TriggerStopper
{
    /// <summary>The start of the service's refusal to cancel a window that is not waiting (recorded).</summary>
    private const string NotWaitingMarker = "is not in WaitingOnDependency state";

    private readonly AdfClient client;

    public TriggerStopper(AdfClient client) => this.client = client;

    /// <summary>What a stop would do to the run, for -WhatIf; throws TriggerRunException when it would be refused.</summary>
    public static string Describe(TriggerRunData run, bool includePipelineRuns)
    {
        (run.Target ?? throw new InvalidInputException($"Trigger run {run.TriggerRunId} names no factory or workspace.")).Validate();
        if (TriggerRunStatus.IsWaiting(run.Status))
        {
            return "Cancel the waiting window";
        }

        if (includePipelineRuns && !run.IsTerminal && run.TriggeredPipelines.Count > 0)
        {
            return $"Cancel the pipeline run(s) it started: {string.Join(", ", PipelineRunsOf(run))}";
        }

        throw NotWaiting(run, includePipelineRuns);
    }

    public async Task StopAsync(TriggerRunData run, bool includePipelineRuns, CancellationToken cancellationToken)
    {
        Describe(run, includePipelineRuns);
        var target = run.Target!;
        if (!TriggerRunStatus.IsWaiting(run.Status))
        {
            foreach (var pipelineRun in run.TriggeredPipelines)
            {
                await client.CancelRunAsync(target, pipelineRun.Value, recursive: true, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        try
        {
            await client.SendTriggerRunActionAsync(target, run.TriggerName, run.TriggerRunId, rerun: false, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException refused) when (refused.Message.IndexOf(NotWaitingMarker, StringComparison.OrdinalIgnoreCase) >= 0)
        {
            // The window started (or ended) since it was read.
            throw NotWaiting(run, includePipelineRuns, refused.Message);
        }
    }

    private static string[] PipelineRunsOf(TriggerRunData run)
    {
        var names = new string[run.TriggeredPipelines.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = $"{run.TriggeredPipelines[i].Key} {run.TriggeredPipelines[i].Value}";
        }

        return names;
    }

    private static TriggerRunException NotWaiting(TriggerRunData run, bool includePipelineRuns, string? serviceSays = null) => new(
        $"{run.Describe()} is {(serviceSays is null ? run.Status : "no longer waiting")}: only a window that is waiting can be cancelled"
        + (run.IsTerminal || includePipelineRuns
            ? "."
            : "; a running window is stopped by cancelling its pipeline runs: add -IncludePipelineRuns.")
        + (serviceSays is null ? string.Empty : $" The service says: {serviceSays}"),
        "TriggerRunNotWaiting");
}
