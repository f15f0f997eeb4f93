using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;

namespace AdfRuns.Engine.Fabric;

/// <summary>A Fabric workspace as resolved: its id (what paths take) and its display name (what outputs show).</summary>
public sealed class FabricWorkspaceRef
{
    public FabricWorkspaceRef(string id, string displayName)
    {
        Id = id;
        DisplayName = displayName;
    }

    public string Id { get; }
    public string DisplayName { get; }
}

/// <summary>
/// Where Fabric's names lead: a workspace's display name (or id) to its id, a pipeline's display name (or item id) to
/// its item id, and back. One list of workspaces per connection and one list of items per workspace answer every
/// input, however many are in flight; a name missing from a list older than <see cref="Freshness"/> reads the list
/// again once (a pipeline made since), never once per input.
/// </summary>
public sealed class FabricDirectory
{
    /// <summary>How old a list may be before a name it lacks makes it read again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    private readonly Func<DateTimeOffset> clock;
    private readonly object gate = new();
    private readonly Dictionary<string, Listing> lists = new(StringComparer.OrdinalIgnoreCase);

    public FabricDirectory(Func<DateTimeOffset>? clock = null)
    {
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    private const string WorkspacesKey = "workspaces";

    /// <summary>The workspace named by display name or id, from the list <paramref name="listWorkspaces"/> reads (all pages).</summary>
    public async Task<FabricWorkspaceRef> WorkspaceAsync(string nameOrId, Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> listWorkspaces, CancellationToken cancellationToken)
    {
        var entry = await FindAsync(WorkspacesKey, nameOrId, listWorkspaces, cancellationToken).ConfigureAwait(false)
            ?? throw new AdfServiceException(
                "WorkspaceNotFound",
                $"No Fabric workspace named '{nameOrId}' (by display name or id) is visible to this sign-in. Connect-AdfAccount -FabricWorkspace takes either.",
                FailureKind.NotFound,
                404,
                nameOrId);
        return new FabricWorkspaceRef(entry.Id, entry.DisplayName);
    }

    /// <summary>The DataPipeline item named by display name (or item id) in the workspace, from the list <paramref name="listItems"/> reads.</summary>
    public async Task<FabricEntry> PipelineAsync(FabricWorkspaceRef workspace, string nameOrId, Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> listItems, CancellationToken cancellationToken) =>
        await FindAsync("items/" + workspace.Id, nameOrId, listItems, cancellationToken).ConfigureAwait(false)
            ?? throw new AdfServiceException(
                "PipelineNotFound",
                $"Fabric workspace '{workspace.DisplayName}' has no pipeline '{nameOrId}'.",
                FailureKind.NotFound,
                404,
                nameOrId);

    /// <summary>Every workspace, from the same list <see cref="WorkspaceAsync"/> reads, read again when older than <see cref="Freshness"/>.</summary>
    public Task<IReadOnlyList<FabricEntry>> WorkspacesAsync(Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> listWorkspaces, CancellationToken cancellationToken)
    {
        var listing = Current(WorkspacesKey, listWorkspaces, cancellationToken);
        return clock() - listing.Read < Freshness ? listing.Entries : Reread(WorkspacesKey, listing, listWorkspaces, cancellationToken).Entries;
    }

    /// <summary>The pipelines of the workspace as last listed; empty when it was never listed.</summary>
    public IReadOnlyList<FabricEntry> KnownPipelines(string workspaceId)
    {
        lock (gate)
        {
            return lists.TryGetValue("items/" + workspaceId, out var listing) && listing.Entries.Status == TaskStatus.RanToCompletion
                ? listing.Entries.Result
                : Array.Empty<FabricEntry>();
        }
    }

    private async Task<FabricEntry?> FindAsync(string key, string nameOrId, Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> list, CancellationToken cancellationToken)
    {
        var listing = Current(key, list, cancellationToken);
        var found = Match(await listing.Entries.ConfigureAwait(false), nameOrId);
        if (found is not null || clock() - listing.Read < Freshness)
        {
            return found;
        }

        var fresh = Reread(key, listing, list, cancellationToken);
        return Match(await fresh.Entries.ConfigureAwait(false), nameOrId);
    }

    private Listing Current(string key, Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> list, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // A failed read is not kept: the next input asks again (its error reached the inputs that shared it).
            if (!lists.TryGetValue(key, out var listing) || listing.Entries.IsFaulted || listing.Entries.IsCanceled)
            {
                listing = new Listing(clock(), list(cancellationToken));
                lists[key] = listing;
            }

            return listing;
        }
    }

    private Listing Reread(string key, Listing stale, Func<CancellationToken, Task<IReadOnlyList<FabricEntry>>> list, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Inputs that missed at once share one read: only the first replaces the stale listing.
            if (ReferenceEquals(lists[key], stale))
            {
                lists[key] = new Listing(clock(), list(cancellationToken));
            }

            return lists[key];
        }
    }

    /// <summary>Display names are unique per type in a workspace (spec); an id matches too.</summary>
    private static FabricEntry? Match(IReadOnlyList<FabricEntry> entries, string nameOrId) =>
        entries.FirstOrDefault(entry => string.Equals(entry.DisplayName, nameOrId, StringComparison.Ordinal))
        ?? entries.FirstOrDefault(entry => string.Equals(entry.DisplayName, nameOrId, StringComparison.OrdinalIgnoreCase))
        ?? entries.FirstOrDefault(entry => string.Equals(entry.Id, nameOrId, StringComparison.OrdinalIgnoreCase));

    private sealed class Listing
    {
        public Listing(DateTimeOffset read, Task<IReadOnlyList<FabricEntry>> entries)
        {
            Read = read;
            Entries = entries;
        }

        public DateTimeOffset Read { get; }
        public Task<IReadOnlyList<FabricEntry>> Entries { get; }
    }
}
