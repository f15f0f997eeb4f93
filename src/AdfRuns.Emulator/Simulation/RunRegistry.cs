using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Simulation;

/// <summary>The runs of the factory by id, in creation order, and the latest run of each run group.</summary>
internal sealed class RunRegistry
{
    private readonly Dictionary<string, PipelineRunState> runs = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PipelineRunState> runsInOrder = new();
    private readonly Dictionary<string, PipelineRunState> latestByGroup = new(StringComparer.OrdinalIgnoreCase);

    public int Count => runs.Count;

    public IReadOnlyList<PipelineRunState> InOrder => runsInOrder;

    public PipelineRunState? Find(string runId) => runs.TryGetValue(runId, out var run) ? run : null;

    public PipelineRunState FindReferenced(string runId) =>
        Find(runId) ?? throw new ArmException(400, "ReferencedPipelineRunNotFound", $"Referenced pipeline run id {runId} does not exist.", "pipelinerun");

    /// <summary>The client's request id when it is a GUID no run has yet (the service was seen to reuse it), else a new one.</summary>
    public string NewRunId(string? clientRequestId)
    {
        if (Guid.TryParse(clientRequestId, out var requested) && !runs.ContainsKey(requested.ToString()))
        {
            return requested.ToString();
        }

        string id;
        do
        {
            id = Guid.NewGuid().ToString();
        }
        while (runs.ContainsKey(id));
        return id;
    }

    /// <summary>Adds a run; it becomes the latest of its group.</summary>
    public void Add(PipelineRunState run)
    {
        if (latestByGroup.TryGetValue(run.RunGroupId, out var previousLatest))
        {
            // GUESS: flipping isLatest does not move the older run's lastUpdated.
            previousLatest.IsLatest = false;
        }

        latestByGroup[run.RunGroupId] = run;
        runs[run.RunId] = run;
        runsInOrder.Add(run);
    }
}
