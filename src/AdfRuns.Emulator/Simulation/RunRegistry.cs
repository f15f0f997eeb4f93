using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Simulation;

/// <summary>The runs of the factory by id, in creation order, and the latest run of each run group.</summary>
internal sealed class RunRegistry
{
    private readonly Dictionary<string, PipelineRunState> runs = new(StringComparer.OrdinalIgnoreCase);
    private List<PipelineRunState> runsInOrder = new();
    private readonly Dictionary<string, PipelineRunState> latestByGroup = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// GUESS: the most runs kept. The service keeps run data for 45 days (DOC: "Data Factory stores pipeline-run data
    /// for only 45 days"); an emulator that runs for weeks under a test suite needs a bound by count instead, so that its
    /// memory stays flat. Past it (with a tenth of slack, so eviction is a rare batch), the oldest finished runs are
    /// forgotten: they no longer answer a get, a query or a rerun, as runs past retention do not.
    /// </summary>
    public int Capacity { get; set; } = DefaultCapacity;

    public const int DefaultCapacity = 10_000;

    public int Count => runs.Count;

    public IReadOnlyList<PipelineRunState> InOrder => runsInOrder;

    public PipelineRunState? Find(string runId) => runs.TryGetValue(runId, out var run) ? run : null;

    public PipelineRunState FindReferenced(string runId) =>
        Find(runId) ?? throw new ServiceException(400, "ReferencedPipelineRunNotFound", $"Referenced pipeline run id {runId} does not exist.", "pipelinerun");

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
        if (runsInOrder.Count > Capacity + (Capacity / 10))
        {
            ForgetOldestFinished(runsInOrder.Count - Capacity);
        }
    }

    private void ForgetOldestFinished(int excess)
    {
        var kept = new List<PipelineRunState>(runsInOrder.Count);
        foreach (var run in runsInOrder)
        {
            if (excess > 0 && run.IsTerminal)
            {
                excess--;
                runs.Remove(run.RunId);
                if (latestByGroup.TryGetValue(run.RunGroupId, out var latest) && ReferenceEquals(latest, run))
                {
                    latestByGroup.Remove(run.RunGroupId);
                }

                continue;
            }

            kept.Add(run);
        }

        runsInOrder = kept;
    }
}
