using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator;

public sealed class EmulatorOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Factory git folders (with pipeline/*.json), folders of *.json, or single .json files.
    /// Empty means the built-in sample factory.
    /// </summary>
    public IList<string> PipelinePaths { get; } = new List<string>();

    public TimeSpan ActivityDuration { get; set; } = TimeSpan.FromMilliseconds(500);

    public string SubscriptionId { get; set; } = "6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60";

    public string ResourceGroupName { get; set; } = "adfruns-rg";

    public string FactoryName { get; set; } = "adfruns-emulator";

    /// <summary>More factories served on the same endpoint, each with runs of its own and the same pipelines.</summary>
    public IList<string> MoreFactoryNames { get; } = new List<string>();

    /// <summary>Serve a Synapse workspace's data plane (its paths, shapes and token audience) instead of ARM's Data Factory routes.</summary>
    public bool Synapse { get; set; }

    /// <summary>The workspace name in Synapse mode (in the ids the runs and pipelines carry).</summary>
    public string WorkspaceName { get; set; } = DefaultWorkspaceName;

    public const string DefaultWorkspaceName = "emulatorws";

    /// <summary>The most runs kept (default 10,000): past it the oldest finished runs are forgotten, so a long-lived emulator's memory stays bounded.</summary>
    public int MaxRetainedRuns { get; set; } = Simulation.RunRegistry.DefaultCapacity;

    /// <summary>Serve https with a certificate made at start for 127.0.0.1 and localhost, instead of plain http.</summary>
    public bool Https { get; set; }

    /// <summary>Where the https certificate is written as PEM; a new file in the temp folder (deleted at stop) when null.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Serve Microsoft Fabric's REST v1 (workspaces, items, job instances) for the pipelines instead of ARM's routes.</summary>
    public bool Fabric { get; set; }

    /// <summary>The Fabric workspace's display name in Fabric mode (its id is derived from it).</summary>
    public string FabricWorkspace { get; set; } = DefaultFabricWorkspace;

    public const string DefaultFabricWorkspace = "emulatorfabric";

    /// <summary>
    /// How long a finished Fabric job still reads as not finished (InProgress; Cancelled without an end time), as
    /// recorded answers lagged the job's end by up to about 100 s. Zero (default) answers the end at once.
    /// </summary>
    public TimeSpan FabricStatusLag { get; set; }

    /// <summary>
    /// The Retry-After the Fabric front door sends on 202 answers and on a job that is not finished. The service sends 60 on
    /// a submit and 3 to 54 on job reads; the default 0 keeps tests fast (clients must still honour what is sent).
    /// </summary>
    public TimeSpan FabricRetryAfter { get; set; }

    /// <summary>ARM token buckets (writes 200 refill 10/s, reads 250 refill 25/s).</summary>
    public bool Throttling { get; set; }

    /// <summary>The read bucket's refill per second when Throttling is on; its size scales with it (10 s of refill).</summary>
    public double ArmReadsPerSecond { get; set; } = 25;

    /// <summary>The write bucket's refill per second when Throttling is on; its size scales with it (20 s of refill).</summary>
    public double ArmWritesPerSecond { get; set; } = 10;

    /// <summary>ADF's monitoring-query limit per factory: pipeline-run GETs and run queries beyond it get 429 TooManyPipelineRunQueryRequests.</summary>
    public bool MonitoringQueryLimit { get; set; }

    /// <summary>
    /// Fire the factory's triggers (those in runtimeState Started: the sample factory's, or a factory folder's
    /// trigger/*.json). Off by default, so that a factory's runs are only those a test starts.
    /// </summary>
    public bool StartTriggers { get; set; }

    /// <summary>Trigger seconds per real second once triggers start (60: an hourly window every minute).</summary>
    public double TriggerTimeScale { get; set; } = 60;

    /// <summary>The monitoring queries allowed in any 60 seconds when MonitoringQueryLimit is on (the service's is 1,000).</summary>
    public int MonitoringQueriesPerMinute { get; set; } = 1000;
}
