using System;
using System.Management.Automation;

namespace AdfRuns.Commands;

/// <summary>Get-AdfEmulatorRequest; its help (synopsis, parameters, examples) is docs/Get-AdfEmulatorRequest.md.</summary>
[Cmdlet(VerbsCommon.Get, "AdfEmulatorRequest")]
[OutputType(typeof(AdfEmulatorRequest))]
public sealed class GetAdfEmulatorRequestCommand : EmulatorCmdletBase
{
    /// <summary>Only requests of these operations.</summary>
    [Parameter(Position = 0)]
    [ValidateSet("CreateRun", "GetRun", "QueryRuns", "QueryActivityRuns", "Cancel", "GetPipeline", "ListPipelines", "GetFactory", "QueryTriggerRuns", "RerunTriggerRun", "CancelTriggerRun", "Token")]
    public string[]? Operation { get; set; }

    /// <summary>Forget the requests received so far (after writing nothing).</summary>
    [Parameter]
    public SwitchParameter Clear { get; set; }

    protected override void ProcessRecord()
    {
        var server = Server();
        if (Clear)
        {
            server.ClearRequests();
            return;
        }

        foreach (var request in server.GetRequests())
        {
            var operation = request.Operation.ToString();
            if (Operation is null || Array.FindIndex(Operation, wanted => string.Equals(wanted, operation, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                WriteObject(new AdfEmulatorRequest(request));
            }
        }
    }
}
