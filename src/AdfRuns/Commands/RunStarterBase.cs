using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// What Start- and Restart-AdfPipelineRun share: each input becomes one RunRequest sent through the one request
/// builder, up to -ThrottleLimit at once, results in input order; -Wait waits for all started runs together.
/// </summary>
public abstract class RunStarterBase : FactoryCmdletBase
{
    private readonly List<PipelineRunData> started = new();
    private OrderedRunner? runner;

    /// <summary>Wait until every started run has finished, and write it in its terminal state.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: how long to wait before giving up (a WaitTimeout error per unfinished run).</summary>
    [Parameter]
    public TimeSpan? Timeout { get; set; }

    /// <summary>With -Wait: how often to ask the service (default 15 seconds).</summary>
    [Parameter]
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>How many requests may be in flight when many inputs are piped (default 8).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 8;

    private OrderedRunner Runner => runner ??= new OrderedRunner(this, ThrottleLimit, Cancellation, ProgressGate.IsInteractive(this) ? "Starting pipeline runs" : null);

    /// <summary>Queues one createRun for the current input; its run (or an error naming the input) is written in input order.</summary>
    internal void StartOne(object? input, string target, string action, Func<AdfClient, IEngineLog, CancellationToken, Task<RunRequest>> prepare)
    {
        if (!ShouldProcess(target, action))
        {
            return;
        }

        var log = Runner;
        var wait = Wait.IsPresent;
        Runner.Enqueue(input, async (client, token) =>
        {
            var request = await prepare(client, log, token).ConfigureAwait(false);
            var run = await client.StartRunAsync(request, token, readBack: !wait).ConfigureAwait(false);
            if (wait)
            {
                return () => started.Add(run);
            }

            var output = OutputMapper.ToPipelineRun(run);
            return () => WriteObject(output);
        });
    }

    protected override void EndProcessing()
    {
        runner?.WriteFinished(waitForAll: true);
        if (Wait && started.Count > 0)
        {
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, started, PollingInterval, Timeout, token));
        }
    }
}
