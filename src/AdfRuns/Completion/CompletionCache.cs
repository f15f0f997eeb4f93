using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Completion;

/// <summary>
/// Short-lived cache behind tab completion: one request per target at most every 30 seconds, and a TAB never
/// waits more than a few seconds.
/// </summary>
internal static class CompletionCache
{
    private static readonly char[] CharactersToQuote = { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@' };
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);
    private static readonly ConcurrentDictionary<(Uri Endpoint, RunTarget Target), (DateTimeOffset Fetched, IReadOnlyList<PipelineData> Pipelines)> Pipelines = new();
    private static readonly ConcurrentDictionary<(Uri Endpoint, RunTarget Target, string RunId), string> RunPipelines = new();

    public static IReadOnlyList<PipelineData> PipelinesOf(RunTarget target)
    {
        var key = (AdfSession.Connection.Settings.ResourceManagerEndpoint, target);
        if (Pipelines.TryGetValue(key, out var entry) && DateTimeOffset.UtcNow - entry.Fetched < Lifetime)
        {
            return entry.Pipelines;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MaxWait);
            var client = new AdfClient(AdfSession.Connection, NullEngineLog.Instance);
            var pipelines = client.ListPipelinesAsync(target, timeout.Token).GetAwaiter().GetResult();
            Pipelines[key] = (DateTimeOffset.UtcNow, pipelines);
            return pipelines;
        }
        catch (Exception)
        {
            // Completion must never throw at the user; no suggestions is the honest answer.
            return Array.Empty<PipelineData>();
        }
    }

    /// <summary>The pipeline of a run, for completing its activities; null when the run cannot be read in time.</summary>
    public static string? PipelineOfRun(RunTarget target, string runId)
    {
        var key = (AdfSession.Connection.Settings.ResourceManagerEndpoint, target, runId);
        if (RunPipelines.TryGetValue(key, out var known))
        {
            return known;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MaxWait);
            var client = new AdfClient(AdfSession.Connection, NullEngineLog.Instance);
            var pipelineName = client.GetRunAsync(target, runId, timeout.Token).GetAwaiter().GetResult().PipelineName;
            // A run never moves to another pipeline, so this needs no expiry.
            RunPipelines[key] = pipelineName;
            return pipelineName;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The target the command line names, else Connect-AdfAccount's defaults (TargetResolver); null when unknown.</summary>
    public static RunTarget? TargetFrom(System.Collections.IDictionary boundParameters)
    {
        // Without Connect-AdfAccount a TAB would have to sign in first; it offers nothing instead.
        if (AdfSession.Current is not { } context)
        {
            return null;
        }

        return TargetResolver.TryResolve(
            new TargetNames
            {
                SubscriptionId = boundParameters["SubscriptionId"] as string,
                ResourceGroupName = boundParameters["ResourceGroupName"] as string,
                FactoryName = boundParameters["FactoryName"] as string ?? boundParameters["DataFactoryName"] as string,
                WorkspaceName = boundParameters["WorkspaceName"] as string,
            },
            context);
    }

    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string wordToComplete)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return candidates
            .Where(candidate => candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(candidate => candidate, StringComparer.OrdinalIgnoreCase)
            .Select(candidate => new CompletionResult(Quote(candidate), candidate, CompletionResultType.ParameterValue, candidate));
    }

    private static string Quote(string value) =>
        value.IndexOfAny(CharactersToQuote) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
}
