using System;
using System.Collections.Generic;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Decides which of the runs given to one Restart-AdfPipelineRun are rerun on their own. A query such as
/// Get-AdfPipelineRun -Status Failed returns a failed child run beside its failed parent (in any order), and a
/// recovery rerun of the parent runs the child again: rerunning both would run the child's work once per level.
/// So the runs are taken in rounds, top down: a run whose parent is also given waits for the parent's round; if
/// the parent (or whatever covers the parent) was rerun, the child is covered and not rerun; if the parent's rerun
/// was refused or failed, the child is rerun on its own after all.
/// Only the parent named by each run (invokedBy) is known: a grandparent given without the parent between them
/// is not seen as covering the grandchild.
/// </summary>
public sealed class NestedRerunPlan
{
    private readonly List<Entry> entries = new();
    private readonly Dictionary<string, int> firstByRunId = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<int> lastRound = new();

    /// <summary>Adds a given run; returns its index (the order given).</summary>
    public int Add(string runId, string? parentRunId)
    {
        var index = entries.Count;
        entries.Add(new Entry(runId, parentRunId));
        if (!firstByRunId.ContainsKey(runId))
        {
            firstByRunId[runId] = index;
        }

        return index;
    }

    public int Count => entries.Count;

    /// <summary>The run at <paramref name="index"/> was rerun (<paramref name="newRunId"/> null when only shown by -WhatIf).</summary>
    public void MarkRerun(int index, string? newRunId)
    {
        entries[index].State = EntryState.Rerun;
        entries[index].NewRunId = newRunId;
    }

    /// <summary>
    /// The next round: the runs to rerun now, and those found covered by an ancestor's rerun. A run of the previous
    /// round not marked rerun since counts as not rerun. Empty when every run is decided.
    /// </summary>
    public NestedRerunRound NextRound()
    {
        foreach (var index in lastRound)
        {
            if (entries[index].State == EntryState.Undecided)
            {
                entries[index].State = EntryState.NotRerun;
            }
        }

        lastRound.Clear();
        var covered = new List<CoveredRun>();
        var waiting = false;
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            if (entry.State != EntryState.Undecided)
            {
                continue;
            }

            var parent = GivenParent(index);
            if (parent is null)
            {
                lastRound.Add(index);
            }
            else if (entries[parent.Value].State == EntryState.Undecided)
            {
                waiting = true;
            }
            else if (CoveringRun(parent.Value) is { } cover)
            {
                entry.State = EntryState.Covered;
                entry.CoveredBy = cover;
                covered.Add(new CoveredRun(index, entries[cover].RunId, entries[cover].NewRunId));
            }
            else
            {
                lastRound.Add(index);
            }
        }

        // Parents that name each other (never from the service) would wait forever: they are rerun as given.
        if (lastRound.Count == 0 && covered.Count == 0 && waiting)
        {
            for (var index = 0; index < entries.Count; index++)
            {
                if (entries[index].State == EntryState.Undecided)
                {
                    lastRound.Add(index);
                }
            }
        }

        return new NestedRerunRound(lastRound.ToArray(), covered);
    }

    /// <summary>The first given run that is this run's parent (not the run itself, not a later copy).</summary>
    private int? GivenParent(int index)
    {
        var parentRunId = entries[index].ParentRunId;
        return parentRunId is not null && firstByRunId.TryGetValue(parentRunId, out var parent) && parent != index ? parent : null;
    }

    /// <summary>The given run whose rerun recovers this one: itself when rerun, its cover when covered, else none.</summary>
    private int? CoveringRun(int index) => entries[index].State switch
    {
        EntryState.Rerun => index,
        EntryState.Covered => entries[index].CoveredBy,
        _ => null,
    };

    private enum EntryState
    {
        Undecided,
        Rerun,
        NotRerun,
        Covered,
    }

    private sealed class Entry
    {
        public Entry(string runId, string? parentRunId)
        {
            RunId = runId;
            ParentRunId = parentRunId;
        }

        public string RunId { get; }
        public string? ParentRunId { get; }
        public EntryState State { get; set; }
        public string? NewRunId { get; set; }
        public int? CoveredBy { get; set; }
    }
}

/// <summary>One round of a <see cref="NestedRerunPlan"/>: indexes to rerun now, and runs an ancestor's rerun covers.</summary>
public sealed class NestedRerunRound
{
    public NestedRerunRound(IReadOnlyList<int> toRerun, IReadOnlyList<CoveredRun> covered)
    {
        ToRerun = toRerun;
        Covered = covered;
    }

    public IReadOnlyList<int> ToRerun { get; }

    public IReadOnlyList<CoveredRun> Covered { get; }

    public bool IsEmpty => ToRerun.Count == 0 && Covered.Count == 0;
}

/// <summary>A given run not rerun on its own: the rerun of <see cref="AncestorRunId"/> (as <see cref="AncestorRerunId"/>) recovers it.</summary>
public sealed class CoveredRun
{
    public CoveredRun(int index, string ancestorRunId, string? ancestorRerunId)
    {
        Index = index;
        AncestorRunId = ancestorRunId;
        AncestorRerunId = ancestorRerunId;
    }

    public int Index { get; }

    public string AncestorRunId { get; }

    /// <summary>The ancestor's new (recovery) run; null under -WhatIf.</summary>
    public string? AncestorRerunId { get; }
}
