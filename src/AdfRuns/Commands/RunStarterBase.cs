using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Internal;

namespace AdfRuns.Commands;

/// <summary>
/// What Start- and Restart-AdfPipelineRun share: each input becomes one RunRequest sent through the one request
/// builder, and -Wait waits for all started runs together.
/// </summary>
public abstract class RunStarterBase : FactoryCmdletBase
{
    private readonly List<PipelineRunData> started = new();

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

    /// <summary>Sends one createRun for the current input; the run (or an error naming the input) is written.</summary>
    internal void StartOne(object? input, string target, string action, Func<AdfClient, PipelineThreadPump, CancellationToken, Task<RunRequest>> prepare)
    {
        if (!ShouldProcess(target, action))
        {
            return;
        }

        TryRun(input, async (client, pump, token) =>
        {
            var request = await prepare(client, pump, token).ConfigureAwait(false);
            var run = await client.StartRunAsync(request, token).ConfigureAwait(false);
            if (Wait)
            {
                started.Add(run);
            }
            else
            {
                var output = OutputMapper.ToPipelineRun(run);
                pump.Post(() => WriteObject(output));
            }
        });
    }

    protected override void EndProcessing()
    {
        if (Wait && started.Count > 0)
        {
            Run((client, pump, token) => RunWaiting.WaitAsync(this, client, pump, started, PollingInterval, Timeout, token));
        }
    }
}
