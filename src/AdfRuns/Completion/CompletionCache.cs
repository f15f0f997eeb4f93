using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Completion;

/// <summary>
/// Short-lived cache behind tab completion: one request per factory at most every 30 seconds, and a TAB never
/// waits more than a few seconds.
/// </summary>
internal static class CompletionCache
{
    private static readonly char[] CharactersToQuote = { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '@' };
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);
    private static readonly ConcurrentDictionary<(Uri Endpoint, FactoryCoordinates Factory), (DateTimeOffset Fetched, IReadOnlyList<PipelineData> Pipelines)> Pipelines = new();
    private static readonly ConcurrentDictionary<(Uri Endpoint, FactoryCoordinates Factory, string RunId), string> RunPipelines = new();

    public static IReadOnlyList<PipelineData> PipelinesOf(FactoryCoordinates factory)
    {
        var key = (AdfSession.Client.Settings.ResourceManagerEndpoint, factory);
        if (Pipelines.TryGetValue(key, out var entry) && DateTimeOffset.UtcNow - entry.Fetched < Lifetime)
        {
            return entry.Pipelines;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MaxWait);
            var client = new AdfClient(AdfSession.Client, NullEngineLog.Instance);
            var pipelines = client.ListPipelinesAsync(factory, timeout.Token).GetAwaiter().GetResult();
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
    public static string? PipelineOfRun(FactoryCoordinates factory, string runId)
    {
        var key = (AdfSession.Client.Settings.ResourceManagerEndpoint, factory, runId);
        if (RunPipelines.TryGetValue(key, out var known))
        {
            return known;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MaxWait);
            var client = new AdfClient(AdfSession.Client, NullEngineLog.Instance);
            var pipelineName = client.GetRunAsync(factory, runId, timeout.Token).GetAwaiter().GetResult().PipelineName;
            // A run never moves to another pipeline, so this needs no expiry.
            RunPipelines[key] = pipelineName;
            return pipelineName;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The workspace or factory the command line names, else Connect-AdfAccount's defaults; null when unknown.</summary>
    public static FactoryCoordinates? FactoryFrom(System.Collections.IDictionary boundParameters)
    {
        // Without Connect-AdfAccount a TAB would have to sign in first; it offers nothing instead.
        if (AdfSession.Current is not { } context)
        {
            return null;
        }

        if (boundParameters["WorkspaceName"] is string { Length: > 0 } workspace)
        {
            return FactoryCoordinates.Workspace(workspace);
        }

        var namesFactory = boundParameters.Contains("SubscriptionId") || boundParameters.Contains("ResourceGroupName") || boundParameters.Contains("FactoryName") || boundParameters.Contains("DataFactoryName");
        if (!namesFactory && context.WorkspaceName is { } defaultWorkspace)
        {
            return FactoryCoordinates.Workspace(defaultWorkspace);
        }

        var subscription = boundParameters["SubscriptionId"] as string ?? context.SubscriptionId;
        var resourceGroup = boundParameters["ResourceGroupName"] as string ?? context.ResourceGroupName;
        var factory = boundParameters["FactoryName"] as string ?? boundParameters["DataFactoryName"] as string ?? context.FactoryName;
        return subscription is null || resourceGroup is null || factory is null ? null : new FactoryCoordinates(subscription, resourceGroup, factory);
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
