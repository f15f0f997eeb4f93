using System;
using System.Collections.Concurrent;

namespace AdfRuns.Engine;

/// <summary>
/// Which run ids this process already owns, and which createRun requests are still in flight. A run that a
/// duplicate check finds is adopted only when neither says it belongs to another input of ours.
/// </summary>
public static class RunLedger
{
    private static readonly TimeSpan Memory = TimeSpan.FromHours(2);
    private static readonly ConcurrentDictionary<string, DateTimeOffset> Claimed = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConcurrentDictionary<string, byte> InFlight = new(StringComparer.OrdinalIgnoreCase);
    private static int claimsSincePrune;

    /// <summary>Records a run as answered to one input; false when another input already has it.</summary>
    public static bool Claim(string runId)
    {
        if (System.Threading.Interlocked.Increment(ref claimsSincePrune) % 1024 == 0)
        {
            Prune();
        }

        return Claimed.TryAdd(runId, DateTimeOffset.UtcNow);
    }

    public static bool IsClaimed(string runId) => Claimed.ContainsKey(runId);

    public static void BeginRequest(string clientRequestId) => InFlight[clientRequestId] = 0;

    public static void EndRequest(string clientRequestId) => InFlight.TryRemove(clientRequestId, out _);

    /// <summary>True when the id is the client request id of another createRun still waiting for its answer.</summary>
    public static bool IsInFlight(string id) => InFlight.ContainsKey(id);

    private static void Prune()
    {
        var cutoff = DateTimeOffset.UtcNow - Memory;
        foreach (var entry in Claimed)
        {
            if (entry.Value < cutoff)
            {
                Claimed.TryRemove(entry.Key, out _);
            }
        }
    }
}
