namespace AdfRuns.Emulator.Simulation;

/// <summary>Why an activity execution failed, as its activity run reports it.</summary>
internal sealed record ActivityFailure(string ErrorCode, string Message);
