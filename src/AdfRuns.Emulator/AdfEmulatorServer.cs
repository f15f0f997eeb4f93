using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using AdfRuns.Emulator.Arm;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Control;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Fabric;
using AdfRuns.Emulator.Faults;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Hosting.Tls;
using AdfRuns.Emulator.Identity;
using AdfRuns.Emulator.Limits;
using AdfRuns.Emulator.Simulation;
using AdfRuns.Emulator.Synapse;
using AdfRuns.Emulator.Triggers;

namespace AdfRuns.Emulator;

/// <summary>
/// An in-process HTTP server on loopback that answers like the ADF run API (ARM, api-version 2018-06-01), or in
/// Synapse mode like a Synapse workspace's pipeline data plane (api-version 2020-12-01), or in Fabric mode like Microsoft
/// Fabric's REST v1 job scheduler for a workspace's pipelines, over the same simulation.
/// </summary>
public sealed partial class AdfEmulatorServer : IDisposable
{
    public const string ApiVersion = ArmFrontDoor.ApiVersion;
    public const string IdentityApiVersion = ManagedIdentityEndpoint.ApiVersion;
    public const string SynapseApiVersion = SynapseFrontDoor.ApiVersion;

    private readonly ServiceScope scope;
    private readonly IReadOnlyList<RunSimulator> simulators;
    private readonly MonitoringQueryLimit monitoring;
    private readonly ManagedIdentityEndpoint identity;
    private readonly FaultInjector faults = new();
    private readonly RequestLog requestLog = new();
    private readonly IEmulatorListener listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Timer? ticker;
    private int stopped;
    private bool ownsCertificateFile;

    private AdfEmulatorServer(EmulatorOptions options, IEmulatorClock clock, IReadOnlyList<PipelineDefinition> pipelines, IReadOnlyList<TriggerDefinition> triggers)
    {
        scope = new ServiceScope(options.SubscriptionId, options.ResourceGroupName, options.FactoryName);
        Simulator = new RunSimulator(pipelines, clock, options.ActivityDuration) { MaxRetainedRuns = options.MaxRetainedRuns };
        var more = options.Synapse ? new List<string>() : options.MoreFactoryNames.ToList();
        var moreSimulators = more.Select(_ => new RunSimulator(pipelines, clock, options.ActivityDuration) { MaxRetainedRuns = options.MaxRetainedRuns }).ToList();
        simulators = new[] { Simulator }.Concat(moreSimulators).ToList();
        FactoryNames = options.Synapse ? Array.Empty<string>() : new[] { options.FactoryName }.Concat(more).ToList();
        foreach (var simulator in simulators)
        {
            simulator.StartTriggers(options.StartTriggers ? triggers : Array.Empty<TriggerDefinition>(), options.TriggerTimeScale);
        }

        TriggerNames = triggers.Select(t => t.Name).ToList();
        identity = new ManagedIdentityEndpoint(clock, TenantId, IdentityClientId);
        var throttle = new ThrottleBuckets(clock, options.Throttling, options.ArmReadsPerSecond, options.ArmWritesPerSecond);
        IFrontDoor door;
        if (options.Fabric)
        {
            var catalog = new FabricCatalog(options.FabricWorkspace, Simulator.PipelineList);
            Service = EmulatedService.Fabric;
            FabricWorkspace = catalog.WorkspaceName;
            FabricWorkspaceId = catalog.WorkspaceId;
            AccessToken = identity.NewToken(FabricFrontDoor.Audience);
            monitoring = new MonitoringQueryLimit(clock, null, options.FabricWorkspace, "workspace");
            door = new FabricFrontDoor(
                catalog,
                throttle,
                new FabricOperations(Simulator, catalog, clock, options, () => Endpoint),
                clock,
                token => EmulatorAccessKeys.IsKey(token) ? FabricFrontDoor.Audience : identity.AudienceOf(token));
        }
        else if (options.Synapse)
        {
            Service = EmulatedService.Synapse;
            WorkspaceName = options.WorkspaceName;
            AccessToken = identity.NewToken(SynapseFrontDoor.Audiences[0]);
            var workspace = ServiceScope.ForWorkspace(options.SubscriptionId, options.ResourceGroupName, options.WorkspaceName);
            // GUESS: a workspace's pipelines have ADF's monitoring-query limit (no Synapse figure was found).
            monitoring = new MonitoringQueryLimit(clock, options.MonitoringQueryLimit ? options.MonitoringQueriesPerMinute : null, options.WorkspaceName, "workspace");
            door = new SynapseFrontDoor(
                workspace,
                throttle,
                monitoring,
                new SynapseOperations(Simulator, workspace, clock.UtcNow),
                token => EmulatorAccessKeys.IsKey(token) ? SynapseFrontDoor.Audiences[0] : identity.AudienceOf(token));
        }
        else
        {
            AccessToken = identity.NewToken("https://management.azure.com/");
            monitoring = new MonitoringQueryLimit(clock, options.MonitoringQueryLimit ? options.MonitoringQueriesPerMinute : null, scope.Name);
            var factories = new Dictionary<string, ArmOperations>(StringComparer.OrdinalIgnoreCase)
            {
                [scope.Name] = new ArmOperations(Simulator, scope, clock.UtcNow),
            };
            for (var i = 0; i < more.Count; i++)
            {
                // Each factory has runs of its own; ARM's throttling and ADF's monitoring limit stay the endpoint's (GUESS:
                // ADF counts monitoring queries per factory; one count for all keeps the emulator simple).
                var other = new ServiceScope(options.SubscriptionId, options.ResourceGroupName, more[i]);
                factories[other.Name] = new ArmOperations(moreSimulators[i], other, clock.UtcNow);
            }

            door = new ArmFrontDoor(
                scope,
                throttle,
                monitoring,
                clock,
                factories,
                token => EmulatorAccessKeys.IsKey(token) || identity.Issued(token),
                TenantId,
                IdentityClientId);
        }

        if (options.Https)
        {
            Certificate = EmulatorCertificate.Create();
            listener = new TlsLoopbackListener(options.Port, Certificate);
            CertificatePath = WriteCertificate(options.CertificatePath, Certificate, listener.Endpoint);
        }
        else
        {
            listener = new LoopbackListener(options.Port);
        }

        IdentityEndpoint = new Uri(Endpoint, ManagedIdentityEndpoint.Path.TrimStart('/'));
        listener.Start(new RequestHandler(clock, door, identity, faults, requestLog, Simulator, new ControlApi(this), stopping.Token).HandleAsync);
        EmulatorAccessKeys.Add(AccessToken);

        // Runs advance lazily on every request; the timer only keeps lastUpdated-driven queries current in real time.
        if (clock is SystemEmulatorClock)
        {
            ticker = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(25));
        }
    }

    public Uri Endpoint => listener.Endpoint;

    public string SubscriptionId => scope.SubscriptionId;

    public string ResourceGroupName => scope.ResourceGroupName;

    public string FactoryName => scope.Name;

    /// <summary>Every factory served, the first being <see cref="FactoryName"/>; empty in Synapse mode.</summary>
    public IReadOnlyList<string> FactoryNames { get; }

    /// <summary>The https certificate (public part and key, in memory only); null over plain http.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The certificate as PEM, for clients to trust (NODE_EXTRA_CA_CERTS, REQUESTS_CA_BUNDLE, SSL_CERT_FILE); null over plain http.</summary>
    public string? CertificatePath { get; }

    /// <summary>The control API's root (behaviours, faults, the request log, reset) on the same port.</summary>
    public Uri ControlEndpoint => new(Endpoint, ControlApi.Root.TrimStart('/') + "/");

    /// <summary>The workspace served in Synapse mode; null when the emulator serves a factory.</summary>
    public string? WorkspaceName { get; }

    /// <summary>The service emulated: a factory (the default), a Synapse workspace or a Fabric workspace.</summary>
    public EmulatedService Service { get; }

    /// <summary>The workspace's data-plane endpoint in Synapse mode (the server's root, as https://{workspace}.dev.azuresynapse.net is); else null.</summary>
    public Uri? WorkspaceEndpoint => Service == EmulatedService.Synapse ? Endpoint : null;

    /// <summary>The Fabric workspace's display name in Fabric mode; else null.</summary>
    public string? FabricWorkspace { get; }

    /// <summary>The Fabric workspace's id (a GUID derived from its name) in Fabric mode; else null.</summary>
    public string? FabricWorkspaceId { get; }

    /// <summary>The Fabric API's root in Fabric mode (the server's root, as https://api.fabric.microsoft.com is; paths start /v1/); else null.</summary>
    public Uri? FabricEndpoint => Service == EmulatedService.Fabric ? Endpoint : null;

    /// <summary>The tenant named in the tokens the emulator issues.</summary>
    public string TenantId { get; } = "72f988bf-0000-4000-8000-adf0e3a1a7e5";

    /// <summary>The client id reported for the system-assigned identity when a token request names none.</summary>
    public string IdentityClientId { get; } = Guid.NewGuid().ToString();

    /// <summary>
    /// A random bearer token the routes accept, issued at start (for ARM, or in Synapse mode for
    /// https://dev.azuresynapse.net); every emulator running in this process accepts it too.
    /// </summary>
    public string AccessToken { get; }

    /// <summary>The managed-identity token endpoint (IDENTITY_ENDPOINT protocol) on the same server.</summary>
    public Uri IdentityEndpoint { get; }

    /// <summary>The secret that must come as X-IDENTITY-HEADER (IDENTITY_HEADER).</summary>
    public string IdentityHeader => identity.Secret;

    public IReadOnlyList<string> PipelineNames => Simulator.PipelineList.Select(p => p.Name).ToList();

    public int RunCount => simulators.Sum(simulator => simulator.RunCount);

    /// <summary>The factory's triggers (they fire only when started with EmulatorOptions.StartTriggers).</summary>
    public IReadOnlyList<string> TriggerNames { get; }

    /// <summary>The most runs that ever waited Queued at once for a pipeline's concurrency, by pipeline (those that declare one).</summary>
    public IReadOnlyDictionary<string, int> PeakQueuedRuns() => Simulator.PeakQueuedRuns();

    /// <summary>The most monitoring queries (run GETs, run and activity-run queries) received in any 60 seconds, refused ones included.</summary>
    public int PeakMonitoringQueriesPerMinute => monitoring.PeakPerMinute;

    internal RunSimulator Simulator { get; }

    public static AdfEmulatorServer Start(EmulatorOptions options) => Start(options, SystemEmulatorClock.Instance);

    internal static AdfEmulatorServer Start(EmulatorOptions options, IEmulatorClock clock)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        if (options.Synapse && options.Fabric)
        {
            throw new ArgumentException("An emulator serves Synapse or Fabric, not both.", nameof(options));
        }

        if (options.Fabric && string.IsNullOrWhiteSpace(options.FabricWorkspace))
        {
            throw new ArgumentException("A Fabric emulator needs a workspace name.", nameof(options));
        }

        if (options.Synapse && string.IsNullOrWhiteSpace(options.WorkspaceName))
        {
            throw new ArgumentException("A Synapse emulator needs a workspace name.", nameof(options));
        }

        var factoryNames = new[] { options.FactoryName }.Concat(options.MoreFactoryNames).ToList();
        if (factoryNames.Distinct(StringComparer.OrdinalIgnoreCase).Count() != factoryNames.Count)
        {
            throw new ArgumentException($"Each factory is served once; '{string.Join("', '", factoryNames)}' names one twice.", nameof(options));
        }

        var pipelines = options.PipelinePaths.Count == 0
            ? PipelineLoader.LoadSampleFactory()
            : PipelineLoader.LoadFromPaths(options.PipelinePaths);
        var triggers = options.PipelinePaths.Count == 0
            ? SampleTriggers(clock.UtcNow)
            : TriggerLoader.LoadFromPaths(options.PipelinePaths);
        return new AdfEmulatorServer(options, clock, pipelines, triggers);
    }

    /// <summary>
    /// The activities of a pipeline in definition order, inner activities of ForEach, If, Switch and Until after their
    /// container; empty when there is no such pipeline.
    /// </summary>
    public IReadOnlyList<string> ActivityNames(string pipelineName) =>
        Simulator.FindPipeline(pipelineName)?.AllActivities().Select(activity => activity.Name).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>Whether the pipeline's activity runs inside a ForEach, so that a condition on the item can match; false when there is no such pipeline or activity.</summary>
    public bool IsInForEach(string pipelineName, string activityName) =>
        Simulator.FindPipeline(pipelineName)?.IsInForEach(activityName) ?? false;

    public void SetActivityOutcome(string pipelineName, string activityName, string outcome, int times, string? errorCode = null, string? message = null) =>
        SetActivityOutcome(pipelineName, activityName, outcome, times, errorCode, message, null);

    /// <summary>
    /// Sets the outcome of the activity's executions that match: those in runs whose parameters have the given values
    /// (<paramref name="whenParameters"/>), and inside a ForEach those whose item is <paramref name="whenItem"/> (as
    /// text: strings as themselves, numbers as digits, arrays and objects as compact JSON) or has the given field values
    /// (<paramref name="whenItemFields"/>). A null condition is not checked.
    /// </summary>
    public void SetActivityOutcome(
        string pipelineName,
        string activityName,
        string outcome,
        int times,
        string? errorCode,
        string? message,
        IEnumerable<KeyValuePair<string, string>>? whenParameters,
        string? whenItem = null,
        IEnumerable<KeyValuePair<string, string>>? whenItemFields = null)
    {
        // Every factory of the emulator has the same pipelines, and a behaviour applies in each of them.
        foreach (var simulator in simulators)
        {
            simulator.SetActivityOutcome(pipelineName, activityName, outcome, times, errorCode, message, new OutcomeCondition(whenParameters, whenItem, whenItemFields));
        }
    }

    public void ClearActivityOutcomes()
    {
        foreach (var simulator in simulators)
        {
            simulator.ClearActivityOutcomes();
        }
    }

    public void AddFault(EmulatorFault fault) => faults.Add(fault ?? throw new ArgumentNullException(nameof(fault)));

    public void ClearFaults() => faults.Clear();

    public IReadOnlyList<RecordedRequest> GetRequests() => requestLog.Snapshot();

    public void ClearRequests() => requestLog.Clear();

    /// <summary>Forgets activity outcomes, faults and the request log (runs stay), as tests do between cases.</summary>
    public void Reset()
    {
        ClearActivityOutcomes();
        ClearFaults();
        ClearRequests();
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        EmulatorAccessKeys.Remove(AccessToken);
        stopping.Cancel();
        ticker?.Dispose();
        listener.Stop();
        if (ownsCertificateFile && CertificatePath is not null)
        {
            TryDelete(CertificatePath);
        }
    }

    public void Dispose() => Stop();

    private string WriteCertificate(string? requestedPath, X509Certificate2 certificate, Uri endpoint)
    {
        ownsCertificateFile = requestedPath is null;
        var path = requestedPath ?? Path.Combine(Path.GetTempPath(), $"adfruns-emulator-{endpoint.Port.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, EmulatorCertificate.ToPem(certificate));
        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A certificate file left in the temp folder holds only a public certificate.
        }
    }

    /// <summary>
    /// The sample factory's triggers, their start moved to 24 periods before the current one, so that a started
    /// emulator has last night's windows to show at once (a fixed date would backfill ever more windows).
    /// </summary>
    private static IReadOnlyList<TriggerDefinition> SampleTriggers(DateTimeOffset now) =>
        TriggerLoader.LoadSampleFactory()
            .Select(trigger => trigger.StartingAt(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % trigger.Period.Ticks), TimeSpan.Zero) - TimeSpan.FromTicks(trigger.Period.Ticks * 24)))
            .ToList();

    private void Tick()
    {
        try
        {
            foreach (var simulator in simulators)
            {
                simulator.Advance();
            }
        }
        catch (Exception)
        {
            // A timer callback must never take the host process down; the next request re-runs Advance and surfaces the error.
        }
    }
}
