namespace AdfRuns.Emulator;

/// <summary>
/// The operation a request was routed to. <see cref="Any"/> matches every operation in a fault rule,
/// and marks a recorded request that matched no known route.
/// </summary>
public enum EmulatorOperation
{
    CreateRun,
    GetRun,
    QueryRuns,
    QueryActivityRuns,
    Cancel,
    GetPipeline,
    ListPipelines,
    GetFactory,
    QueryTriggerRuns,
    RerunTriggerRun,
    CancelTriggerRun,
    Token,
    Any,
}
