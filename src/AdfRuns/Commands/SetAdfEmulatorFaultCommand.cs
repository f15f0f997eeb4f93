using System;
using System.Management.Automation;
using AdfRuns.Binding;
using AdfRuns.Emulator;

namespace AdfRuns.Commands;

/// <summary>Set-AdfEmulatorFault; its help (synopsis, parameters, examples) is docs/Set-AdfEmulatorFault.md.</summary>
[Cmdlet(VerbsCommon.Set, "AdfEmulatorFault", DefaultParameterSetName = FaultSet)]
[OutputType(typeof(void))]
public sealed class SetAdfEmulatorFaultCommand : EmulatorCmdletBase
{
    private const string FaultSet = "Fault";
    private const string ClearSet = "Clear";

    /// <summary>Which requests the fault hits.</summary>
    [Parameter(ParameterSetName = FaultSet)]
    [ValidateSet("CreateRun", "GetRun", "QueryRuns", "QueryActivityRuns", "Cancel", "GetPipeline", "ListPipelines", "GetFactory", "QueryTriggerRuns", "RerunTriggerRun", "CancelTriggerRun", "Token", "Any")]
    public string Operation { get; set; } = "Any";

    /// <summary>Answer with this status (429, 500, 503, ...).</summary>
    [Parameter(ParameterSetName = FaultSet)]
    [ValidateRange(400, 599)]
    public int? StatusCode { get; set; }

    /// <summary>Send a Retry-After header; a bare number is seconds.</summary>
    [Parameter(ParameterSetName = FaultSet)]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.NotNegative)]
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>How many matching requests it hits (default 1; 0 = every one).</summary>
    [Parameter(ParameterSetName = FaultSet)]
    [ValidateRange(0, int.MaxValue)]
    public int Count { get; set; } = 1;

    /// <summary>Close the connection without answering.</summary>
    [Parameter(ParameterSetName = FaultSet)]
    public SwitchParameter DropConnection { get; set; }

    /// <summary>Wait this long before answering; a bare number is seconds.</summary>
    [Parameter(ParameterSetName = FaultSet)]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.NotNegative)]
    public TimeSpan? Delay { get; set; }

    /// <summary>Do the work (e.g. create the run), then fail the response: the ambiguous case.</summary>
    [Parameter(ParameterSetName = FaultSet)]
    public SwitchParameter AfterCommit { get; set; }

    /// <summary>Remove every fault.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
    public SwitchParameter Clear { get; set; }

    protected override void ProcessRecord()
    {
        var server = Server();
        if (Clear)
        {
            server.ClearFaults();
            return;
        }

        if (StatusCode is null && !DropConnection && Delay is null && !AfterCommit)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException("Say what the fault does: -StatusCode, -DropConnection or -Delay (with -AfterCommit, -StatusCode defaults to 500)."),
                "FaultWithoutEffect",
                ErrorCategory.InvalidArgument,
                null));
        }

        server.AddFault(new EmulatorFault
        {
            Operation = (EmulatorOperation)Enum.Parse(typeof(EmulatorOperation), Operation, ignoreCase: true),
            StatusCode = StatusCode,
            RetryAfter = RetryAfter,
            Count = Count,
            DropConnection = DropConnection,
            Delay = Delay,
            AfterCommit = AfterCommit,
        });
    }
}
