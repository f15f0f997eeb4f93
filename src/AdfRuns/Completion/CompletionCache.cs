using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Triggers;

namespace AdfRuns.Completion;

/// <summary>
/// Short-lived cache behind tab completion: one request per target at most every 30 seconds, and a TAB never
/// waits more than a few seconds.
/// </summary>
internal static class CompletionCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);
    private static readonly ConcurrentDictionary<(Uri Endpoint, RunTarget Target), (DateTimeOffset Fetched, IReadOnlyList<PipelineData> Values)> Pipelines = new();
    private static readonly ConcurrentDictionary<(Uri Endpoint, RunTarget Target), (DateTimeOffset Fetched, IReadOnlyList<string> Values)> TriggerNames = new();
    private static readonly ConcurrentDictionary<(Uri Endpoint, RunTarget Target, string RunId), string> RunPipelines = new();
    private static readonly TimeSpan QuietAfterNoAnswer = TimeSpan.FromSeconds(15);
    private static readonly ConcurrentDictionary<Uri, DateTimeOffset> NoAnswerSince = new();

    /// <summary>Trigger runs looked through for their triggers' names: the newest of the last week, this many at most.</summary>
    private const int TriggerRunsScanned = 1000;

    public static IReadOnlyList<PipelineData> PipelinesOf(RunTarget target) =>
        Fresh(Pipelines, target, (client, token) => client.ListPipelinesAsync(target, token));

    /// <summary>
    /// The triggers that ran in the last week: -TriggerName picks trigger runs, so a trigger without any has nothing to
    /// offer. One query (a page or a few), the newest <see cref="TriggerRunsScanned"/> runs at most.
    /// </summary>
    public static IReadOnlyList<string> TriggerNamesOf(RunTarget target) =>
        !target.Capabilities.TriggerRuns ? Array.Empty<string>() : Fresh(TriggerNames, target, async (client, token) =>
        {
            var now = DateTimeOffset.UtcNow;
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var scanned = 0;
            await client.QueryAllTriggerRunsAsync(target, TriggerQueries.For(now.AddDays(-7), now.AddMinutes(1)), run =>
            {
                names.Add(run.TriggerName);
                return ++scanned < TriggerRunsScanned;
            }, token).ConfigureAwait(false);
            return (IReadOnlyList<string>)names.ToList();
        });

    /// <summary>
    /// The display names of the Fabric workspaces this sign-in sees, only when the connection already works with Fabric
    /// (a default Fabric workspace): otherwise a TAB would have to get a Fabric token, perhaps by asking the user to sign in.
    /// </summary>
    public static IReadOnlyList<string> FabricWorkspaceNames()
    {
        if (AdfSession.Current?.FabricWorkspace is null)
        {
            return Array.Empty<string>();
        }

        return Read(async (client, token) =>
            (IReadOnlyList<string>)(await client.Fabric.WorkspacesAsync(token).ConfigureAwait(false)).Select(workspace => workspace.DisplayName).ToList()) ?? Array.Empty<string>();
    }

    /// <summary>What <paramref name="read"/> answers for the target, kept for <see cref="Lifetime"/>; empty when it cannot be read in time.</summary>
    private static IReadOnlyList<T> Fresh<T>(ConcurrentDictionary<(Uri Endpoint, RunTarget Target), (DateTimeOffset Fetched, IReadOnlyList<T> Values)> cache, RunTarget target, Func<AdfClient, CancellationToken, Task<IReadOnlyList<T>>> read)
    {
        var key = (AdfSession.Connection.Settings.ResourceManagerEndpoint, target);
        if (cache.TryGetValue(key, out var entry) && DateTimeOffset.UtcNow - entry.Fetched < Lifetime)
        {
            return entry.Values;
        }

        if (Read(read) is not { } values)
        {
            return Array.Empty<T>();
        }

        cache[key] = (DateTimeOffset.UtcNow, values);
        return values;
    }

    /// <summary>
    /// One read for a TAB, given <see cref="MaxWait"/>; null when it fails or takes longer. A service that did not answer
    /// in time (or at all) is not asked again for <see cref="QuietAfterNoAnswer"/>: each TAB would wait as long again.
    /// </summary>
    private static T? Read<T>(Func<AdfClient, CancellationToken, Task<T>> read)
        where T : class
    {
        var connection = AdfSession.Connection;
        if (NoAnswerSince.TryGetValue(connection.Settings.ResourceManagerEndpoint, out var since) && DateTimeOffset.UtcNow - since < QuietAfterNoAnswer)
        {
            return null;
        }

        try
        {
            using var timeout = new CancellationTokenSource(MaxWait);
            var client = new AdfClient(connection, NullEngineLog.Instance);
            return read(client, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception exception)
        {
            if (exception is OperationCanceledException || exception is AdfServiceException { Kind: FailureKind.ConnectionFailed or FailureKind.Timeout or FailureKind.ServiceUnavailable })
            {
                NoAnswerSince[connection.Settings.ResourceManagerEndpoint] = DateTimeOffset.UtcNow;
            }

            // Completion must never throw at the user; no suggestions is the honest answer.
            return null;
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

        var pipelineName = Read(async (client, token) => (await client.GetRunAsync(target, runId, token).ConfigureAwait(false)).PipelineName);
        if (pipelineName is not null)
        {
            // A run never moves to another pipeline, so this needs no expiry.
            RunPipelines[key] = pipelineName;
        }

        return pipelineName;
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
                FabricWorkspace = boundParameters["FabricWorkspace"] as string,
            },
            context);
    }

    /// <summary>The connection's default and the running emulators' names of a kind (no request is sent).</summary>
    public static IEnumerable<string> ConnectedAndEmulators(string? connected, Func<AdfEmulator, string?> ofEmulator) =>
        new[] { connected }.Concat(Commands.EmulatorCmdletBase.RunningEmulators().Select(ofEmulator)).OfType<string>();

    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> candidates, string wordToComplete)
    {
        var prefix = wordToComplete.Trim('\'', '"');
        return candidates
            .Where(candidate => candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(candidate => candidate, StringComparer.OrdinalIgnoreCase)
            .Select(candidate => new CompletionResult(Quote(candidate), candidate, CompletionResultType.ParameterValue, candidate));
    }

    /// <summary>
    /// As it must be typed: bare when it is a plain word (a letter or _ first, then letters, digits, _ . -), else in
    /// single quotes with every kind of single quote doubled. A name such as #Nightly, ops|eu, -Sandbox or 1kb would
    /// otherwise be read as a comment, a pipe, a parameter or a number.
    /// </summary>
    private static string Quote(string value) =>
        IsPlainWord(value) ? value : "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";

    private static bool IsPlainWord(string value) =>
        value.Length > 0 && (char.IsLetter(value[0]) || value[0] == '_') && value.All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '-');
}
