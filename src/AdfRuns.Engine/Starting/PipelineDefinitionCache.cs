using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Pipeline definitions of one connection, cached for a few minutes, so that checking the parameters of 1,000
/// runs of one pipeline costs one GET.
/// </summary>
internal sealed class PipelineDefinitionCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(FactoryCoordinates Factory, string Pipeline), (DateTimeOffset Fetched, Lazy<Task<PipelineData?>> Definition)> cache = new();

    /// <summary>The definition, or null when it cannot be read for a reason other than "not found" (e.g. no permission).</summary>
    public Task<PipelineData?> GetAsync(AdfClient client, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        var key = (factory, pipelineName.ToUpperInvariant());
        return cache.TryGetValue(key, out var cached) && IsUsable(cached)
            ? cached.Definition.Value
            : Refresh(key, client, factory, pipelineName, cancellationToken);
    }

    private Task<PipelineData?> Refresh((FactoryCoordinates, string) key, AdfClient client, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        // Concurrent inputs of the same pipeline share one request: the cache holds the task, not its result.
        var entry = cache.AddOrUpdate(
            key,
            _ => Fresh(),
            (_, existing) => IsUsable(existing) ? existing : Fresh());
        return entry.Definition.Value;

        // Lazy: ConcurrentDictionary may build a value it then throws away; only the stored one ever sends.
        (DateTimeOffset, Lazy<Task<PipelineData?>>) Fresh() =>
            (DateTimeOffset.UtcNow, new Lazy<Task<PipelineData?>>(() => FetchAsync(client, factory, pipelineName, cancellationToken)));
    }

    private static bool IsUsable((DateTimeOffset Fetched, Lazy<Task<PipelineData?>> Definition) entry) =>
        DateTimeOffset.UtcNow - entry.Fetched < Lifetime
        && (!entry.Definition.IsValueCreated || (!entry.Definition.Value.IsFaulted && !entry.Definition.Value.IsCanceled));

    private static async Task<PipelineData?> FetchAsync(AdfClient client, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetPipelineAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException exception) when (exception.Kind != FailureKind.NotFound)
        {
            client.Log.Verbose($"The definition of pipeline '{pipelineName}' could not be read ({exception.Code}); its parameters are sent unchecked.");
            return null;
        }
    }
}
