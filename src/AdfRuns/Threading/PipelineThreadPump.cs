using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;

namespace AdfRuns.Threading;

/// <summary>
/// Runs engine work in the background while the pipeline thread writes what it reports: PowerShell allows
/// Write* calls only on the pipeline thread, so everything the engine says comes back through this queue.
/// </summary>
internal sealed class PipelineThreadPump : IEngineLog
{
    private readonly PipelineInbox inbox = new();
    private readonly Cmdlet cmdlet;

    public PipelineThreadPump(Cmdlet cmdlet)
    {
        this.cmdlet = cmdlet;
        if (cmdlet is PSCmdlet host)
        {
            VerboseEnabled = StreamPreferences.Verbose(host);
            DebugEnabled = StreamPreferences.Debug(host);
        }
    }

    public bool VerboseEnabled { get; }

    public bool DebugEnabled { get; }

    public static T Run<T>(Cmdlet cmdlet, Func<PipelineThreadPump, Task<T>> work)
    {
        var pump = new PipelineThreadPump(cmdlet);
        var task = Task.Run(() => work(pump));
        task.ContinueWith(_ => pump.inbox.Signal(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        pump.inbox.RunUntil(() => task.IsCompleted);
        pump.inbox.Close();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Queues an action for the pipeline thread (WriteObject, WriteError, WriteProgress...).</summary>
    public void Post(Action action) => inbox.Post(action);

    public void Verbose(string message) => Post(() => cmdlet.WriteVerbose(message));

    public void Debug(string message) => Post(() => cmdlet.WriteDebug(message));

    public void Warning(string message) => Post(() => Warnings.Write(cmdlet, message));
}
