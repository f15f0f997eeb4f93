namespace AdfRuns.Emulator.Simulation;

internal sealed class CreateRunRequest
{
    public string PipelineName { get; init; } = string.Empty;

    public string? Body { get; init; }

    public string? ReferencePipelineRunId { get; init; }

    public bool IsRecovery { get; init; }

    public string? StartActivityName { get; init; }

    public bool StartFromFailure { get; init; }

    /// <summary>x-ms-client-request-id; the real service was seen to reuse it as the run id.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>A declared parameter without a default may be left out (Fabric accepts such a submit; ADF refuses it).</summary>
    public bool RequiredParametersOptional { get; init; }
}
