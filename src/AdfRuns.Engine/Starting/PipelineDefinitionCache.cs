using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Pipeline definitions of one connection, cached for a few minutes, so that checking the parameters of 1,000
/// runs of one pipeline costs one GET. The GET belongs to no invocation: several (runspaces, ForEach-Object
/// -Parallel) may await it, each with its own cancellation, and it writes its log lines only to the invocation that
/// asked first, and only while that one still awaits it.
/// </summary>
internal sealed class PipelineDefinitionCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(RunTarget Target, string Pipeline), (DateTimeOffset Fetched, Lazy<Task<PipelineData?>> Definition)> cache = new(TargetPipelineComparer.Instance);

    /// <summary>The definition, or null when it cannot be read for a reason other than "not found" (e.g. no permission).</summary>
    public Task<PipelineData?> GetAsync(AdfClient client, RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        var key = (target, pipelineName);
        return cache.TryGetValue(key, out var cached) && IsUsable(cached)
            ? WithCancellation(cached.Definition.Value, cancellationToken)
            : RefreshAsync(key, client, target, pipelineName, cancellationToken);
    }

    private async Task<PipelineData?> RefreshAsync((RunTarget, string) key, AdfClient client, RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        // Concurrent inputs of the same pipeline share one request: the cache holds the task, not its result.
        var asker = new AskerLog(client.Log);
        try
        {
            var entry = cache.AddOrUpdate(key, _ => Fresh(), (_, existing) => IsUsable(existing) ? existing : Fresh());
            return await WithCancellation(entry.Definition.Value, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            asker.Detach();
        }

        // Lazy: ConcurrentDictionary may build a value it then throws away; only the stored one ever sends.
        (DateTimeOffset, Lazy<Task<PipelineData?>>) Fresh() =>
            (DateTimeOffset.UtcNow, new Lazy<Task<PipelineData?>>(() => FetchAsync(new AdfClient(client.Connection, asker), target, pipelineName)));
    }

    private static bool IsUsable((DateTimeOffset Fetched, Lazy<Task<PipelineData?>> Definition) entry) =>
        DateTimeOffset.UtcNow - entry.Fetched < Lifetime
        && (!entry.Definition.IsValueCreated || (!entry.Definition.Value.IsFaulted && !entry.Definition.Value.IsCanceled));

    /// <summary>Sent with no invocation's cancellation: the request timeout and retry budget bound it.</summary>
    private static async Task<PipelineData?> FetchAsync(AdfClient client, RunTarget target, string pipelineName)
    {
        try
        {
            return await client.GetPipelineAsync(target, pipelineName, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AdfServiceException exception) when (exception.Kind != FailureKind.NotFound)
        {
            client.Log.Verbose($"The definition of pipeline '{pipelineName}' could not be read ({exception.Code}); its parameters are sent unchecked.");
            return null;
        }
    }

    /// <summary>The shared task's result, or OperationCanceledException as soon as this caller is cancelled (the task goes on).</summary>
    private static Task<PipelineData?> WithCancellation(Task<PipelineData?> shared, CancellationToken cancellationToken) =>
        shared.IsCompleted || !cancellationToken.CanBeCanceled ? shared : WaitCancellableAsync(shared, cancellationToken);

    private static async Task<PipelineData?> WaitCancellableAsync(Task<PipelineData?> shared, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(shared, cancelled.Task).ConfigureAwait(false) != shared)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await shared.ConfigureAwait(false);
    }

    /// <summary>The log of the invocation that asked first, until it stops awaiting; after that, lines go nowhere.</summary>
    private sealed class AskerLog : IEngineLog
    {
        private volatile IEngineLog log;

        public AskerLog(IEngineLog log)
        {
            this.log = log;
        }

        public bool VerboseEnabled => log.VerboseEnabled;

        public bool DebugEnabled => log.DebugEnabled;

        public void Detach() => log = NullEngineLog.Instance;

        public void Verbose(string message) => log.Verbose(message);

        public void Debug(string message) => log.Debug(message);

        public void Warning(string message) => log.Warning(message);
    }
}
