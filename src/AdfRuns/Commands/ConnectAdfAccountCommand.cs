using System;
using System.Management.Automation;
using System.Security;
using AdfRuns.Binding;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Commands;

/// <summary>Connect-AdfAccount; its help (synopsis, parameters, examples) is docs/Connect-AdfAccount.md.</summary>
[Cmdlet(VerbsCommunications.Connect, "AdfAccount", DefaultParameterSetName = DefaultChainSet)]
[OutputType(typeof(Context))]
public sealed class ConnectAdfAccountCommand : PSCmdlet
{
    private const string DefaultChainSet = "DefaultChain";
    private const string IdentitySet = "Identity";
    private const string ServicePrincipalSecretSet = "ServicePrincipalSecret";
    private const string ServicePrincipalCertificateSet = "ServicePrincipalCertificate";
    private const string AccessTokenSet = "AccessToken";
    private const string DeviceCodeSet = "DeviceCode";
    private const string ConnectionFileSet = "ConnectionFile";

    /// <summary>Sign in with a managed identity (Azure Automation, App Service, VMs).</summary>
    [Parameter(Mandatory = true, ParameterSetName = IdentitySet)]
    public SwitchParameter Identity { get; set; }

    /// <summary>Sign in as a service principal.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalCertificateSet)]
    public SwitchParameter ServicePrincipal { get; set; }

    /// <summary>Sign in with a device code shown on the host.</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeviceCodeSet)]
    public SwitchParameter UseDeviceAuthentication { get; set; }

    /// <summary>A bearer token the caller already has: for Azure Resource Manager, or for the Synapse data plane when connecting to a workspace (one token has one audience).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet, ValueFromPipelineByPropertyName = true)]
    public SecureString? AccessToken { get; set; }

    /// <summary>
    /// The connection file of an emulator running in another process (Start-AdfEmulator -ConnectionFile): its endpoint,
    /// token and factory or workspace, and for an https emulator its certificate, trusted for that loopback endpoint only.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = ConnectionFileSet)]
    [ValidateNotNullOrEmpty]
    public string? ConnectionFile { get; set; }

    /// <summary>The Entra tenant.</summary>
    [Parameter(ParameterSetName = DefaultChainSet)]
    [Parameter(ParameterSetName = DeviceCodeSet)]
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalCertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? TenantId { get; set; }

    /// <summary>The client id of a user-assigned managed identity, or of the service principal.</summary>
    [Parameter(ParameterSetName = IdentitySet)]
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalSecretSet)]
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalCertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    /// <summary>The service principal's secret.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalSecretSet)]
    public SecureString? ClientSecret { get; set; }

    /// <summary>A PEM or PFX file with the service principal's certificate and private key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalCertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    /// <summary>The Azure cloud: AzureCloud (default), AzureUSGovernment or AzureChinaCloud.</summary>
    [Parameter]
    [ValidateSet("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")]
    public string Environment { get; set; } = "AzureCloud";

    // The coordinates and endpoints below bind by property name from an emulator's object, where those of the other
    // kind (a factory's on a Synapse emulator, a workspace's on a factory emulator) are null: null or empty is "not given".

    /// <summary>Any ARM-compatible endpoint, such as the emulator's; http only for loopback addresses.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Uri? ResourceManagerEndpoint { get; set; }

    /// <summary>The default subscription for later cmdlets.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SubscriptionId { get; set; }

    /// <summary>The default resource group for later cmdlets.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? ResourceGroupName { get; set; }

    /// <summary>The default factory for later cmdlets.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DataFactoryName")]
    public string? FactoryName { get; set; }

    /// <summary>
    /// The default Synapse workspace for later cmdlets, instead of a factory. Null or empty (a factory emulator's
    /// object) means none.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.WorkspaceNameCompleter))]
    public string? WorkspaceName { get; set; }

    /// <summary>
    /// Any Synapse-compatible data-plane endpoint, such as the emulator's; it answers for every workspace. Without it a
    /// workspace's requests go to https://{workspace}.dev.azuresynapse.net/ (per -Environment). http only for loopback.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Uri? WorkspaceEndpoint { get; set; }

    /// <summary>
    /// The default Microsoft Fabric workspace (display name or id) for later cmdlets, instead of a factory or a Synapse
    /// workspace. Null or empty (another emulator's object) means none.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.FabricWorkspaceCompleter))]
    public string? FabricWorkspace { get; set; }

    /// <summary>Any Fabric-compatible REST endpoint, such as the emulator's; default https://api.fabric.microsoft.com. http only for loopback.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Uri? FabricEndpoint { get; set; }

    /// <summary>How long one HTTP request may take, in seconds (default 100).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = (int)ConnectionSettings.DefaultRequestTimeout.TotalSeconds;

    protected override void ProcessRecord()
    {
        var environment = CloudEnvironment.Get(Environment);
        // What the call names wins; an emulator's connection file fills in the rest.
        var file = ParameterSetName == ConnectionFileSet ? ReadConnectionFile() : null;
        var resourceManagerEndpoint = ResourceManagerEndpoint ?? file?.ResourceManagerEndpoint;
        var workspaceEndpoint = WorkspaceEndpoint ?? file?.WorkspaceEndpoint;
        var fabricEndpoint = FabricEndpoint ?? file?.FabricEndpoint;
        var targetNamed = (Given(FactoryName) ?? Given(WorkspaceName) ?? Given(FabricWorkspace)) is not null;
        var factoryName = Given(FactoryName) ?? (targetNamed ? null : file?.FactoryName);
        var fabricWorkspaceGiven = Given(FabricWorkspace) ?? (targetNamed ? null : file?.FabricWorkspace);

        // A loopback workspace endpoint (a Synapse emulator) given alone keeps factory requests on loopback too: they
        // reach that endpoint, which serves no factory, instead of the public Resource Manager.
        var endpoint = resourceManagerEndpoint
            ?? (workspaceEndpoint is { IsLoopback: true } ? workspaceEndpoint : fabricEndpoint is { IsLoopback: true } ? fabricEndpoint : environment.ResourceManagerEndpoint);
        if (CloudEnvironment.CheckEndpoint(endpoint) is { } problem)
        {
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(problem), "InsecureResourceManagerEndpoint", ErrorCategory.SecurityError, resourceManagerEndpoint));
        }

        // A workspace's own development endpoint (https://contoso.dev.azuresynapse.net) names the workspace.
        var workspaceName = Given(WorkspaceName) ?? (targetNamed ? null : file?.WorkspaceName) ?? (workspaceEndpoint is null ? null : CloudEnvironment.WorkspaceNameOf(workspaceEndpoint));
        if (NameRules.CheckWorkspaceName(workspaceName) is { } badName && workspaceName is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(badName), "InvalidWorkspaceName", ErrorCategory.InvalidArgument, WorkspaceName));
        }

        if (workspaceName is not null && factoryName is not null)
        {
            var ambiguous = $"A default workspace ('{workspaceName}') and a default factory ('{factoryName}') were both given; a connection has one default. Give -WorkspaceName or -FactoryName, and name the other on the cmdlets that need it.";
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(ambiguous), "AmbiguousTarget", ErrorCategory.InvalidArgument, WorkspaceName ?? (object?)workspaceEndpoint));
        }

        if (fabricWorkspaceGiven is { } fabricWorkspace && (workspaceName ?? factoryName) is { } other)
        {
            var ambiguous = $"A default Fabric workspace ('{fabricWorkspace}') and a default {(workspaceName is null ? "factory" : "Synapse workspace")} ('{other}') were both given; a connection has one default. Give one, and name the other on the cmdlets that need it.";
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(ambiguous), "AmbiguousTarget", ErrorCategory.InvalidArgument, fabricWorkspace));
        }

        if (fabricEndpoint is not null && CloudEnvironment.CheckEndpoint(fabricEndpoint, nameof(FabricEndpoint)) is { } insecureFabric)
        {
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(insecureFabric), "InsecureFabricEndpoint", ErrorCategory.SecurityError, fabricEndpoint));
        }

        if (workspaceEndpoint is not null && CloudEnvironment.CheckEndpoint(workspaceEndpoint, nameof(WorkspaceEndpoint)) is { } insecure)
        {
            ThrowTerminatingError(ErrorRecords.Create(new PSArgumentException(insecure), "InsecureWorkspaceEndpoint", ErrorCategory.SecurityError, workspaceEndpoint));
        }

        var settings = new ConnectionSettings(
            environment,
            endpoint,
            file is null ? CreateTokenProvider(environment) : new StaticTokenProvider(file.AccessToken),
            TenantId,
            ParameterSetName is IdentitySet or ServicePrincipalSecretSet or ServicePrincipalCertificateSet ? ClientId : null,
            Given(SubscriptionId) ?? file?.SubscriptionId,
            Given(ResourceGroupName) ?? file?.ResourceGroupName,
            factoryName,
            TimeSpan.FromSeconds(TimeoutSec),
            workspaceName,
            workspaceEndpoint,
            fabricWorkspaceGiven,
            fabricEndpoint);
        AdfSession.Connect(settings);
        var synapse = GetAdfContextCommand.Describe(settings).WorkspaceEndpoint is { } synapseEndpoint ? $", and Synapse requests to {synapseEndpoint}" : string.Empty;
        synapse += settings.FabricEndpointOverride is { } fabricRequests ? $", and Fabric requests to {fabricRequests}" : string.Empty;
        WriteVerbose($"AdfRuns now sends requests to {endpoint} ({environment.Name}){synapse}, signing in with {settings.TokenProvider.AccountType}.");
        WriteObject(GetAdfContextCommand.Describe(settings));
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

    /// <summary>The emulator's connection file, its https certificate trusted; a terminating error naming the file when it cannot be used.</summary>
    private EmulatorConnectionFile ReadConnectionFile()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConnectionFile, out var provider, out _);
        if (provider.Name != "FileSystem")
        {
            var notAFile = new PSArgumentException($"'{ConnectionFile}' is not a file-system path (it is on the {provider.Name} provider); give the connection file's path.");
            ThrowTerminatingError(ErrorRecords.Create(notAFile, "EmulatorConnectionFileUnreadable", ErrorCategory.InvalidArgument, ConnectionFile));
        }

        try
        {
            var file = EmulatorConnectionFile.Read(path);
            file.TrustCertificate();
            return file;
        }
        catch (System.IO.InvalidDataException exception)
        {
            ThrowTerminatingError(ErrorRecords.Create(exception, "InvalidEmulatorConnectionFile", ErrorCategory.InvalidData, ConnectionFile));
            throw;
        }
        catch (Exception exception) when (exception is System.IO.IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create(exception, "EmulatorConnectionFileUnreadable", ErrorCategory.ReadError, ConnectionFile));
            throw;
        }
    }

    private ITokenProvider CreateTokenProvider(CloudEnvironment environment)
    {
        switch (ParameterSetName)
        {
            case AccessTokenSet:
                return new StaticTokenProvider(PowerShellJson.RevealSecret(AccessToken!));
            case IdentitySet:
                return CredentialFactory.ManagedIdentity(environment, ClientId);
            case ServicePrincipalSecretSet:
                return CredentialFactory.ClientSecret(environment, TenantId!, ClientId!, PowerShellJson.RevealSecret(ClientSecret!));
            case ServicePrincipalCertificateSet:
                return CredentialFactory.ClientCertificate(environment, TenantId!, ClientId!, SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath));
            case DeviceCodeSet:
                var host = Host;
                return CredentialFactory.DeviceCode(environment, TenantId, message => host.UI.WriteLine(message));
            default:
                return CredentialFactory.DefaultChain(environment, TenantId);
        }
    }
}
