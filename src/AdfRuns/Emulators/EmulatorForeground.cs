using System;
using System.IO;
using System.Threading;
using AdfRuns.Emulator;

namespace AdfRuns.Emulators;

/// <summary>
/// Start-AdfEmulator -Wait: the emulator as a long-lived process for other languages' tests. Prints how to connect,
/// serves until Ctrl+C (StopProcessing) or SIGTERM (the runtime's ProcessExit), then stops the server and removes
/// the connection file, so a test runner that waits for the file to vanish knows the port is free.
/// </summary>
internal sealed class EmulatorForeground
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly AdfEmulator emulator;
    private readonly AdfEmulatorServer server;
    private readonly string? connectionFile;
    private readonly StopSignal stopRequested;
    private readonly StopSignal stoppedCleanly = new();
    private readonly object shutdownGate = new();

    public EmulatorForeground(AdfEmulator emulator, AdfEmulatorServer server, string? connectionFile, StopSignal stopRequested)
    {
        this.emulator = emulator;
        this.server = server;
        this.connectionFile = connectionFile;
        this.stopRequested = stopRequested;
    }

    public void Run(Action<string> writeLine)
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        using var sigterm = TerminationSignal.Register(stopRequested.Set);
        try
        {
            foreach (var fact in server.ConnectionFacts())
            {
                writeLine($"{fact.Key + ":",-18} {fact.Value}");
            }

            writeLine(connectionFile is null ? "Serving until Ctrl+C or SIGTERM." : $"Connection file: {connectionFile}. Serving until Ctrl+C or SIGTERM.");
            stopRequested.Wait(Timeout.InfiniteTimeSpan);
        }
        finally
        {
            Shutdown();
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // The process is ending anyway (a runtime without SIGTERM registration): give the pipeline thread a moment to stop the server.
        stopRequested.Set();
        if (!stoppedCleanly.Wait(ShutdownGrace))
        {
            Shutdown();
        }
    }

    private void Shutdown()
    {
        lock (shutdownGate)
        {
            if (stoppedCleanly.IsSet)
            {
                return;
            }

            EmulatorLifetime.Stop(emulator);
            if (connectionFile is not null)
            {
                try
                {
                    File.Delete(connectionFile);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Left behind; the next start overwrites it.
                }
            }

            stoppedCleanly.Set();
        }
    }
}

/// <summary>A one-way signal that needs no disposing: set once, waited on by any thread.</summary>
internal sealed class StopSignal
{
    private readonly object gate = new();
    private bool isSet;

    public bool IsSet
    {
        get
        {
            lock (gate)
            {
                return isSet;
            }
        }
    }

    public void Set()
    {
        lock (gate)
        {
            isSet = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>True when set within the timeout (Timeout.InfiniteTimeSpan waits for ever).</summary>
    public bool Wait(TimeSpan timeout)
    {
        lock (gate)
        {
            var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
            while (!isSet)
            {
                var left = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
                if (left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(gate, left);
            }

            return true;
        }
    }
}
