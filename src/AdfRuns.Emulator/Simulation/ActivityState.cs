namespace AdfRuns.Emulator.Simulation;

internal enum ActivityState
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    Cancelled,
}
