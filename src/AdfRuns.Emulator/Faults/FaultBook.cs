using System.Collections.Generic;

namespace AdfRuns.Emulator.Faults;

internal sealed class FaultBook
{
    private readonly object gate = new();
    private readonly List<ArmedFault> faults = new();

    public void Add(EmulatorFault fault)
    {
        // Copied so that later changes to the caller's object do not alter a rule already in play.
        var copy = new EmulatorFault
        {
            Operation = fault.Operation,
            StatusCode = fault.StatusCode,
            RetryAfter = fault.RetryAfter,
            Count = fault.Count,
            DropConnection = fault.DropConnection,
            Delay = fault.Delay,
            AfterCommit = fault.AfterCommit,
        };
        lock (gate)
        {
            faults.Add(new ArmedFault(copy, fault.Count <= 0 ? null : fault.Count));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    /// <summary>The first rule that matches the operation and still has hits left, consuming one hit.</summary>
    public EmulatorFault? Take(EmulatorOperation operation)
    {
        lock (gate)
        {
            foreach (var armed in faults)
            {
                if (armed.Fault.Operation != EmulatorOperation.Any && armed.Fault.Operation != operation)
                {
                    continue;
                }

                if (armed.Remaining is { } remaining)
                {
                    if (remaining <= 0)
                    {
                        continue;
                    }

                    armed.Remaining = remaining - 1;
                }

                return armed.Fault;
            }

            return null;
        }
    }

    private sealed class ArmedFault
    {
        public ArmedFault(EmulatorFault fault, int? remaining)
        {
            Fault = fault;
            Remaining = remaining;
        }

        public EmulatorFault Fault { get; }

        public int? Remaining { get; set; }
    }
}
