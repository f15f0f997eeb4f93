using System;

namespace AdfRuns.Emulator.Simulation;

internal sealed class InvokedBy
{
    public InvokedBy(string id, string name, string invokedByType, string? pipelineName = null, string? pipelineRunId = null)
    {
        Id = id;
        Name = name;
        InvokedByType = invokedByType;
        PipelineName = pipelineName;
        PipelineRunId = pipelineRunId;
    }

    public string Id { get; }

    public string Name { get; }

    public string InvokedByType { get; }

    public string? PipelineName { get; }

    public string? PipelineRunId { get; }

    public static InvokedBy Manual() => new(Guid.NewGuid().ToString("N"), "Manual", "Manual");
}
