using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Trees;

/// <summary>
/// Reads the activity runs of a pipeline run and, through its ExecutePipeline activities, of the child runs they
/// started, to any depth: one queryActivityruns (and its continuation pages) per pipeline run it reads, never one
/// request per activity. Child runs are read a few at a time; the result comes in tree order, each child's
/// activity runs right after the activity that started it. A child run that cannot be read becomes a
/// RunTreeFailure in its place, and the rest of the tree is still read.
/// </summary>
public sealed class RunTreeWalker
{
    public const int DefaultConcurrentQueries = 8;

    private static readonly TimeSpan WindowMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(45);
    private static readonly IReadOnlyList<QueryFilter> FailedOnly = new[] { new QueryFilter("Status", "In", new[] { RunStatus.Failed }) };

    private readonly AdfClient client;
    private readonly RunTarget target;
    private readonly RunTreeMode mode;
    private readonly IReadOnlyList<string>? activityNames;
    private readonly IReadOnlyList<string>? statuses;
    private readonly int concurrentQueries;
    private readonly Action<string>? runRead;
    private readonly Action<string>? reading;

    /// <param name="activityNames">Only these activities are returned (null: all). With GivenRunOnly, the service filters.</param>
    /// <param name="statuses">Only these statuses are returned (null: all), normalised. With GivenRunOnly, the service filters.</param>
    /// <param name="runRead">Told (on any thread) the id of each pipeline run whose activity runs were read.</param>
    /// <param name="reading">Told (on any thread), before a child run's activity runs are read, which run and why.</param>
    public RunTreeWalker(AdfClient client, RunTarget target, RunTreeMode mode, IReadOnlyList<string>? activityNames = null, IReadOnlyList<string>? statuses = null, Action<string>? runRead = null, Action<string>? reading = null, int concurrentQueries = DefaultConcurrentQueries)
    {
        this.runRead = runRead;
        this.reading = reading;
        this.client = client;
        this.target = target;
        this.mode = mode;
        this.activityNames = activityNames is { Count: > 0 } ? activityNames : null;
        this.statuses = statuses is { Count: > 0 } ? statuses : null;
        this.concurrentQueries = concurrentQueries;
    }

    /// <summary>
    /// Walks one run's tree, handing each item to <paramref name="emit"/> in tree order (the given run's own items
    /// as soon as what comes before them is read). Failing to read the given run itself throws.
    /// </summary>
    public async Task<RunTreeSummary> WalkAsync(RunTreeRoot root, Action<RunTreeItem> emit, CancellationToken cancellationToken)
    {
        var (window, run) = await RootWindowAsync(root, cancellationToken).ConfigureAwait(false);
        using var walk = new Walk(root.RunId, concurrentQueries);
        walk.Visited.TryAdd(root.RunId, 0);
        var level = await ReadLevelAsync(walk, new Place(root.RunId, root.PipelineName ?? run?.PipelineName, null, 0, window.After, window.Before, null), cancellationToken).ConfigureAwait(false);
        var found = 0;
        await FlattenAsync(level, item =>
        {
            found += item.Activity is null ? 0 : 1;
            if (item.Activity is null || Selected(item.Activity))
            {
                emit(item);
            }
        }).ConfigureAwait(false);
        return new RunTreeSummary(run, walk.PipelineRunsRead, walk.ActivityRunsRead, found);
    }

    private async Task<((DateTimeOffset After, DateTimeOffset Before) Window, PipelineRunData? Run)> RootWindowAsync(RunTreeRoot root, CancellationToken cancellationToken)
    {
        var runStart = root.RunStart;
        var runEnd = root.RunEnd;
        PipelineRunData? run = null;
        if (runStart is null)
        {
            run = await client.GetRunAsync(target, root.RunId, cancellationToken).ConfigureAwait(false);
            runStart = run.RunStart;
            runEnd = run.RunEnd;
        }

        var now = DateTimeOffset.UtcNow;
        return (((runStart ?? now - Retention) - WindowMargin, (runEnd ?? now) + WindowMargin), run);
    }

    /// <summary>One run's activity runs (those that matter for the mode), each with the child walk it starts, if any.</summary>
    private async Task<List<Entry>> ReadLevelAsync(Walk walk, Place place, CancellationToken cancellationToken)
    {
        var activities = await ReadActivitiesAsync(walk, place, cancellationToken).ConfigureAwait(false);
        var kept = mode == RunTreeMode.RootCause ? RootCauseRules.Candidates(activities) : activities;
        var onlySomeRead = mode == RunTreeMode.RootCause || (mode == RunTreeMode.GivenRunOnly && statuses is not null);
        var segments = ChildRunLabels.Segments(activities, onlySomeRead);
        var entries = new List<Entry>(kept.Count);
        foreach (var activity in kept)
        {
            activity.Depth = place.Depth;
            activity.RootPipelineRunId = walk.RootRunId;
            activity.PipelineParameters = place.Parameters;
            activity.Path = (place.ParentPath is null ? string.Empty : place.ParentPath + "/") + activity.PipelineName + "/" + segments[activity];
            Task<List<RunTreeItem>>? child = null;
            if (activity.ChildPipelineRunId is { } childRunId
                && (mode == RunTreeMode.Recurse || (mode == RunTreeMode.RootCause && activity.Status == RunStatus.Failed))
                && walk.Visited.TryAdd(childRunId, 0))
            {
                child = ReadChildAsync(walk, place, activity, childRunId, cancellationToken);
            }

            entries.Add(new Entry(activity, child));
        }

        return entries;
    }

    private async Task<List<RunTreeItem>> ReadChildAsync(Walk walk, Place parent, ActivityRunData startedBy, string childRunId, CancellationToken cancellationToken)
    {
        // The child started after the activity that started it, so its activity runs were updated after that
        // activity's start: the window needs no GET of the child run. Its end is open (now), because an
        // ExecutePipeline activity that does not wait ends before its child does.
        var after = (startedBy.ActivityRunStart ?? parent.After + WindowMargin) - WindowMargin;
        var place = new Place(childRunId, startedBy.ChildPipelineName, startedBy.Path, parent.Depth + 1, after, DateTimeOffset.UtcNow + WindowMargin, ChildRunLabels.ParametersOf(startedBy));
        reading?.Invoke($"Reading the activity runs of {place.PipelineName ?? "child pipeline"} run {childRunId} (depth {place.Depth}, started by {startedBy.Path}).");
        var items = new List<RunTreeItem>();
        try
        {
            var level = await ReadLevelAsync(walk, place, cancellationToken).ConfigureAwait(false);
            await FlattenAsync(level, items.Add).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            items.Add(new RunTreeItem(new RunTreeFailure(childRunId, startedBy.Path!, exception)));
        }

        return items;
    }

    private async Task<List<ActivityRunData>> ReadActivitiesAsync(Walk walk, Place place, CancellationToken cancellationToken)
    {
        var filters = mode switch
        {
            RunTreeMode.GivenRunOnly => SingleRunFilters(),
            RunTreeMode.RootCause => FailedOnly,
            _ => Array.Empty<QueryFilter>(),
        };
        var query = new RunQuery(place.After, place.Before, filters, "ActivityRunStart");
        var activities = new List<ActivityRunData>();
        string? continuation = null;
        var pipelineName = place.PipelineName;
        do
        {
            await walk.Queries.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // A workspace's query names the run's pipeline: known from the ExecutePipeline activity that started
                // the run (or the given run), else told by the first page's activities for the next pages.
                var page = await client.QueryActivityRunsAsync(target, place.RunId, query, continuation, cancellationToken, pipelineName).ConfigureAwait(false);
                pipelineName ??= page.Items.Count > 0 ? page.Items[0].PipelineName : null;
                activities.AddRange(page.Items);
                continuation = page.ContinuationToken;
            }
            finally
            {
                walk.Queries.Release();
            }
        }
        while (continuation is not null);

        walk.Count(activities.Count);
        runRead?.Invoke(place.RunId);
        return activities;
    }

    /// <summary>Hands out a level's items in tree order, waiting for each child walk when its turn comes.</summary>
    private async Task FlattenAsync(List<Entry> level, Action<RunTreeItem> emit)
    {
        foreach (var entry in level)
        {
            var children = entry.Child is null ? null : await entry.Child.ConfigureAwait(false);
            if (mode == RunTreeMode.RootCause && children is not null && children.Any(item => item.Activity is not null))
            {
                // The child's own failed activities explain this ExecutePipeline activity's failure.
                children.ForEach(emit);
                continue;
            }

            emit(new RunTreeItem(entry.Activity));
            children?.ForEach(emit);
        }
    }

    private IReadOnlyList<QueryFilter> SingleRunFilters()
    {
        var filters = new List<QueryFilter>();
        if (activityNames is not null)
        {
            filters.Add(new QueryFilter("ActivityName", "In", activityNames));
        }

        if (statuses is not null)
        {
            filters.Add(new QueryFilter("Status", "In", statuses));
        }

        return filters;
    }

    private bool Selected(ActivityRunData activity) =>
        (activityNames is null || activityNames.Contains(activity.ActivityName, StringComparer.OrdinalIgnoreCase))
        && (statuses is null || statuses.Contains(activity.Status, StringComparer.OrdinalIgnoreCase));

    /// <summary>What one walk shares: its root, the child runs already read (each is read once), the queries in flight.</summary>
    private sealed class Walk : IDisposable
    {
        public Walk(string rootRunId, int concurrentQueries)
        {
            RootRunId = rootRunId;
            Queries = new SemaphoreSlim(concurrentQueries, concurrentQueries);
        }

        private int pipelineRunsRead;
        private int activityRunsRead;

        public string RootRunId { get; }

        public SemaphoreSlim Queries { get; }

        public int PipelineRunsRead => Volatile.Read(ref pipelineRunsRead);

        public int ActivityRunsRead => Volatile.Read(ref activityRunsRead);

        public void Count(int activityRuns)
        {
            Interlocked.Increment(ref pipelineRunsRead);
            Interlocked.Add(ref activityRunsRead, activityRuns);
        }

        public void Dispose() => Queries.Dispose();

        public ConcurrentDictionary<string, byte> Visited { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A pipeline run in the tree: its id, its pipeline (when known), the Path of the activity that started it, its depth, query window and the parameters it was given.</summary>
    private sealed class Place
    {
        public Place(string runId, string? pipelineName, string? parentPath, int depth, DateTimeOffset after, DateTimeOffset before, JsonTreeObject? parameters)
        {
            RunId = runId;
            PipelineName = pipelineName;
            ParentPath = parentPath;
            Depth = depth;
            After = after;
            Before = before;
            Parameters = parameters;
        }

        public string RunId { get; }
        public string? PipelineName { get; }
        public string? ParentPath { get; }
        public int Depth { get; }
        public DateTimeOffset After { get; }
        public DateTimeOffset Before { get; }
        public JsonTreeObject? Parameters { get; }
    }

    private sealed class Entry
    {
        public Entry(ActivityRunData activity, Task<List<RunTreeItem>>? child)
        {
            Activity = activity;
            Child = child;
        }

        public ActivityRunData Activity { get; }
        public Task<List<RunTreeItem>>? Child { get; }
    }
}
