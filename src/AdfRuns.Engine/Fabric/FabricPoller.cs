using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Fabric;

/// <summary>What Fabric answered for some job instances, and the Retry-After it asked for (the next poll is not sooner).</summary>
public sealed class FabricAnswer
{
    public FabricAnswer(IReadOnlyList<PipelineRunData> runs, TimeSpan? retryAfter, string? continuationToken = null)
    {
        Runs = runs;
        RetryAfter = retryAfter;
        ContinuationToken = continuationToken;
    }

    public IReadOnlyList<PipelineRunData> Runs { get; }
    public TimeSpan? RetryAfter { get; }
    public string? ContinuationToken { get; }
}

/// <summary>
/// One poll of Fabric job instances. The list of an item's job instances holds every active job and the 100 most
/// recently finished (spec), so one list (all its pages) answers for all the waited runs of a pipeline; a run the list
/// does not hold (it finished beyond the 100, or is not listed yet) and a pipeline with one waited run are read by a
/// GET each. A run is finished only when its status is terminal, whatever its times say (recorded answers lag).
/// </summary>
public sealed class FabricPoller
{
    private readonly Func<PipelineRunData, string?, CancellationToken, Task<FabricAnswer>> listPage;
    private readonly Func<PipelineRunData, CancellationToken, Task<FabricAnswer>> getJob;

    /// <param name="listPage">A page of the job instances of a run's pipeline, from a continuation token (null for the first).</param>
    /// <param name="getJob">One job instance, read by its id.</param>
    public FabricPoller(Func<PipelineRunData, string?, CancellationToken, Task<FabricAnswer>> listPage, Func<PipelineRunData, CancellationToken, Task<FabricAnswer>> getJob)
    {
        this.listPage = listPage;
        this.getJob = getJob;
    }

    /// <summary>Reads the runs' current states, handing each on to <paramref name="update"/>; returns the longest Retry-After asked for.</summary>
    public async Task<TimeSpan?> PollAsync(IReadOnlyCollection<PipelineRunData> pending, Action<PipelineRunData> update, CancellationToken cancellationToken)
    {
        TimeSpan? retryAfter = null;
        void Heed(TimeSpan? asked)
        {
            if (asked is { } wait && (retryAfter is null || wait > retryAfter))
            {
                retryAfter = wait;
            }
        }

        foreach (var pipeline in pending.GroupBy(run => run.PipelineId ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            var unseen = pipeline.ToDictionary(run => run.RunId, StringComparer.OrdinalIgnoreCase);
            if (unseen.Count > 1 && pipeline.Key.Length > 0)
            {
                string? token = null;
                do
                {
                    var page = await listPage(pipeline.First(), token, cancellationToken).ConfigureAwait(false);
                    Heed(page.RetryAfter);
                    foreach (var run in page.Runs)
                    {
                        if (unseen.Remove(run.RunId))
                        {
                            update(run);
                        }
                    }

                    token = page.ContinuationToken;
                }
                while (token is not null && unseen.Count > 0);
            }

            foreach (var run in unseen.Values)
            {
                var answer = await getJob(run, cancellationToken).ConfigureAwait(false);
                Heed(answer.RetryAfter);
                foreach (var read in answer.Runs)
                {
                    update(read);
                }
            }
        }

        return retryAfter;
    }
}
