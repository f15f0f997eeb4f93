using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Commands;

/// <summary>
/// Pipeline definitions cached per factory for a few minutes, so that checking the parameters of 1,000 runs
/// of one pipeline costs one GET.
/// </summary>
internal static class PipelineDefinitions
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly ConcurrentDictionary<(FactoryCoordinates Factory, string Pipeline), (DateTimeOffset Fetched, PipelineData? Definition)> Cache = new();

    /// <summary>The definition, or null when it cannot be read for a reason other than "not found" (e.g. no permission).</summary>
    public static async Task<PipelineData?> GetAsync(AdfClient client, IEngineLog log, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        var key = (factory, pipelineName.ToUpperInvariant());
        if (Cache.TryGetValue(key, out var entry) && DateTimeOffset.UtcNow - entry.Fetched < Lifetime)
        {
            return entry.Definition;
        }

        PipelineData? definition;
        try
        {
            definition = await client.GetPipelineAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException exception) when (exception.Kind != FailureKind.NotFound)
        {
            log.Verbose($"The definition of pipeline '{pipelineName}' could not be read ({exception.Code}); its parameters are sent unchecked.");
            definition = null;
        }

        Cache[key] = (DateTimeOffset.UtcNow, definition);
        return definition;
    }
}
