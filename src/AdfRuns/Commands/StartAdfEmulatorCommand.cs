using System;
using System.Management.Automation;
using System.Security;
using AdfRuns.Binding;
using AdfRuns.Emulator;
using AdfRuns.Emulators;

namespace AdfRuns.Commands;

/// <summary>Start-AdfEmulator; its help (synopsis, parameters, examples) is docs/Start-AdfEmulator.md.</summary>
[Cmdlet(VerbsLifecycle.Start, "AdfEmulator", DefaultParameterSetName = FactorySet)]
[OutputType(typeof(AdfEmulator))]
public sealed class StartAdfEmulatorCommand : PSCmdlet
{
    private const string FactorySet = "Factory";
    private const string SynapseSet = "Synapse";
    private const string FabricSet = "Fabric";

    /// <summary>The port on 127.0.0.1; 0 (default) picks a free one.</summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Pipeline definitions: a factory's git folder (pipeline/*.json), a folder of *.json, or files. The built-in sample factory when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? PipelinePath { get; set; }

    /// <summary>How long each activity takes (default 0.5 s); a bare number is seconds.</summary>
    [Parameter]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.NotNegative)]
    public TimeSpan? ActivityDuration { get; set; }

    /// <summary>Throttle like ARM (token buckets: writes 200 refilling 10/s, reads 250 refilling 25/s).</summary>
    [Parameter]
    public SwitchParameter Throttling { get; set; }

    /// <summary>The ARM read bucket's refill per second (default 25); its size scales with it. Turns -Throttling on.</summary>
    [Parameter]
    [ValidateRange(0.001, 1000000)]
    public double? ArmReadsPerSecond { get; set; }

    /// <summary>The ARM write bucket's refill per second (default 10); its size scales with it. Turns -Throttling on.</summary>
    [Parameter]
    [ValidateRange(0.001, 1000000)]
    public double? ArmWritesPerSecond { get; set; }

    /// <summary>Limit monitoring queries (run GETs, run and activity-run queries) per factory as ADF does: 1,000 a minute, then 429.</summary>
    [Parameter]
    public SwitchParameter MonitoringQueryLimit { get; set; }

    /// <summary>The monitoring queries allowed in any 60 seconds (default 1,000). Turns -MonitoringQueryLimit on.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MonitoringQueriesPerMinute { get; set; }

    /// <summary>All of the service's request limits at once: -Throttling and -MonitoringQueryLimit.</summary>
    [Parameter]
    public SwitchParameter ServiceLimits { get; set; }

    /// <summary>The factory names the emulator serves on its one endpoint, each with runs of its own; the first is its FactoryName.</summary>
    [Parameter(ParameterSetName = FactorySet)]
    [ValidateNotNullOrEmpty]
    public string[]? FactoryName { get; set; }

    /// <summary>Serve a Synapse workspace's pipeline data plane (api-version 2020-12-01) instead of a factory's ARM routes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SynapseSet)]
    public SwitchParameter Synapse { get; set; }

    /// <summary>The workspace name the Synapse emulator serves (default 'emulatorws').</summary>
    [Parameter(ParameterSetName = SynapseSet)]
    [ValidateNotNullOrEmpty]
    public string? WorkspaceName { get; set; }

    /// <summary>Serve https (a certificate made for 127.0.0.1 and localhost, written as PEM to CertificatePath) instead of plain http.</summary>
    [Parameter]
    public SwitchParameter Https { get; set; }

    /// <summary>Where -Https writes its certificate as PEM; a new file in the temp folder (removed at stop) when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>Writes what a client needs to connect (endpoint, token, certificate path, coordinates, control API) to this file as JSON.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConnectionFile { get; set; }

    /// <summary>Runs in the foreground for other processes' tests: prints the connection facts, serves until Ctrl+C or SIGTERM, then stops.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    private readonly StopSignal stopRequested = new();

    protected override void StopProcessing() => stopRequested.Set();

    /// <summary>Fire the factory's started triggers (the sample's HourlyLoad and QuarterHourly, or a factory folder's trigger/*.json).</summary>
    [Parameter]
    public SwitchParameter StartTriggers { get; set; }

    /// <summary>Trigger seconds per real second (default 60: an hourly window every minute). Turns -StartTriggers on.</summary>
    [Parameter]
    [ValidateRange(0.001, 100000000)]
    public double? TriggerTimeScale { get; set; }

    /// <summary>Serve Microsoft Fabric's REST v1 job scheduler for a workspace's pipelines instead of a factory's ARM routes.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FabricSet)]
    public SwitchParameter Fabric { get; set; }

    /// <summary>The display name of the workspace the Fabric emulator serves (default 'emulatorfabric'); its id is derived from it.</summary>
    [Parameter(ParameterSetName = FabricSet)]
    [ValidateNotNullOrEmpty]
    public string? FabricWorkspace { get; set; }

    /// <summary>How long a finished Fabric job still reads as unfinished, as the service's answers lag (default 0); a bare number is seconds.</summary>
    [Parameter(ParameterSetName = FabricSet)]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.NotNegative)]
    public TimeSpan? FabricStatusLag { get; set; }

    /// <summary>The Retry-After the Fabric emulator sends on 202 answers and unfinished jobs (the service: 60 s on a submit); default 0.</summary>
    [Parameter(ParameterSetName = FabricSet)]
    [TimeSpanTransformation]
    [ValidateTimeSpan(TimeSpanRule.NotNegative)]
    public TimeSpan? FabricRetryAfter { get; set; }

    protected override void EndProcessing()
    {
        var options = new EmulatorOptions
        {
            Port = Port,
            Throttling = Throttling || ServiceLimits || ArmReadsPerSecond is not null || ArmWritesPerSecond is not null,
            MonitoringQueryLimit = MonitoringQueryLimit || ServiceLimits || MonitoringQueriesPerMinute is not null,
        };
        options.ArmReadsPerSecond = ArmReadsPerSecond ?? options.ArmReadsPerSecond;
        options.ArmWritesPerSecond = ArmWritesPerSecond ?? options.ArmWritesPerSecond;
        options.MonitoringQueriesPerMinute = MonitoringQueriesPerMinute ?? options.MonitoringQueriesPerMinute;
        options.StartTriggers = StartTriggers || TriggerTimeScale is not null;
        options.TriggerTimeScale = TriggerTimeScale ?? options.TriggerTimeScale;
        if (ActivityDuration is { } duration)
        {
            options.ActivityDuration = duration;
        }

        if (FactoryName is { Length: > 0 })
        {
            options.FactoryName = FactoryName[0];
            for (var i = 1; i < FactoryName.Length; i++)
            {
                options.MoreFactoryNames.Add(FactoryName[i]);
            }
        }

        options.Synapse = Synapse;
        options.Https = Https || CertificatePath is not null;
        options.CertificatePath = CertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath);
        options.WorkspaceName = WorkspaceName ?? options.WorkspaceName;
        options.Fabric = Fabric;
        options.FabricWorkspace = FabricWorkspace ?? options.FabricWorkspace;
        options.FabricStatusLag = FabricStatusLag ?? options.FabricStatusLag;
        options.FabricRetryAfter = FabricRetryAfter ?? options.FabricRetryAfter;

        foreach (var path in PipelinePath ?? Array.Empty<string>())
        {
            options.PipelinePaths.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
        }

        AdfEmulatorServer server;
        try
        {
            server = AdfEmulatorServer.Start(options);
        }
        catch (Exception exception) when (exception is not PipelineStoppedException)
        {
            ThrowTerminatingError(ErrorRecords.Create(exception, "EmulatorStartFailed", ErrorCategory.ResourceUnavailable, options.Port));
            return;
        }

        var token = new SecureString();
        foreach (var character in server.AccessToken)
        {
            token.AppendChar(character);
        }

        token.MakeReadOnly();
        var names = new string[server.PipelineNames.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = server.PipelineNames[i];
        }

        var emulator = AdfEmulator.From(server, token, names);
        EmulatorLifetime.Started(emulator, server);
        WriteVerbose(server.Service switch
        {
            EmulatedService.Fabric => $"Fabric emulator listening on {server.Endpoint} (workspace '{server.FabricWorkspace}' {server.FabricWorkspaceId}, {names.Length} pipelines).",
            EmulatedService.Synapse => $"Synapse emulator listening on {server.Endpoint} (workspace '{server.WorkspaceName}', {names.Length} pipelines).",
            _ => $"ADF emulator listening on {server.Endpoint} (factory '{string.Join("', '", server.FactoryNames)}', {names.Length} pipelines).",
        });
        var connectionFile = ConnectionFile is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConnectionFile);
        if (connectionFile is not null && !TryWriteConnectionFile(emulator, server, connectionFile))
        {
            return;
        }

        if (Wait)
        {
            var foreground = new EmulatorForeground(emulator, server, connectionFile, stopRequested);
            foreground.Run(line => Host.UI.WriteLine(line));
            return;
        }

        WriteObject(emulator);
    }

    private bool TryWriteConnectionFile(AdfEmulator emulator, AdfEmulatorServer server, string path)
    {
        try
        {
            System.IO.File.WriteAllBytes(path, server.ConnectionJson());
            return true;
        }
        catch (Exception exception) when (exception is System.IO.IOException or UnauthorizedAccessException or NotSupportedException)
        {
            EmulatorLifetime.Stop(emulator);
            ThrowTerminatingError(ErrorRecords.Create(exception, "EmulatorConnectionFileFailed", ErrorCategory.WriteError, path));
            return false;
        }
    }
}
