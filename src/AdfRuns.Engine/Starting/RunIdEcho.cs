using System.Threading;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// Whether this connection's service uses a createRun's x-ms-client-request-id as the new run's id. Every
/// recorded ADF and Synapse session shows it does (tests/contract/recordings.md), and it is what lets AdfRuns prove
/// that a run is the one its request created. A service seen to answer with other ids loses that proof.
/// </summary>
internal sealed class RunIdEcho
{
    private const int Unknown = 0, Seen = 1, Broken = 2;
    private int state;

    /// <summary>False only once a createRun has been answered with an id other than its request id.</summary>
    public bool CanProve => Volatile.Read(ref state) != Broken;

    public void Observe(string clientRequestId, string runId)
    {
        var echoed = string.Equals(clientRequestId, runId, System.StringComparison.OrdinalIgnoreCase);
        if (!echoed)
        {
            Volatile.Write(ref state, Broken);
        }
        else
        {
            Interlocked.CompareExchange(ref state, Seen, Unknown);
        }
    }
}
