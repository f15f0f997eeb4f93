using System;
using Azure.Core;
using Azure.Identity;

namespace AdfRuns.Engine.Auth;

/// <summary>
/// Builds the Azure.Identity credential for each way of signing in. Kept apart so that Azure.Identity and MSAL
/// load only when a credential is first needed, never at import.
/// </summary>
public static class CredentialFactory
{
    public static readonly TimeSpan DefaultAcquisitionTimeout = TimeSpan.FromSeconds(60);

    public static ITokenProvider DefaultChain(CloudEnvironment environment, string? tenantId) =>
        Wrap(new DefaultAzureCredential(new DefaultAzureCredentialOptions { AuthorityHost = environment.AuthorityHost, TenantId = tenantId, ExcludeInteractiveBrowserCredential = true }), environment, "DefaultChain", tenantId);

    /// <summary>Managed identity: system-assigned, or user-assigned when a client id is given.</summary>
    public static ITokenProvider ManagedIdentity(CloudEnvironment environment, string? clientId) =>
        Wrap(
            clientId is null
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)),
            environment,
            "ManagedIdentity",
            null);

    public static ITokenProvider ClientSecret(CloudEnvironment environment, string tenantId, string clientId, string secret) =>
        Wrap(new ClientSecretCredential(tenantId, clientId, secret, new ClientSecretCredentialOptions { AuthorityHost = environment.AuthorityHost }), environment, "ServicePrincipal", tenantId);

    public static ITokenProvider ClientCertificate(CloudEnvironment environment, string tenantId, string clientId, string certificatePath) =>
        Wrap(new ClientCertificateCredential(tenantId, clientId, certificatePath, new ClientCertificateCredentialOptions { AuthorityHost = environment.AuthorityHost }), environment, "ServicePrincipal", tenantId);

    /// <summary>Device code sign-in; the instructions go to <paramref name="showMessage"/> (the host), not the output.</summary>
    public static ITokenProvider DeviceCode(CloudEnvironment environment, string? tenantId, Action<string> showMessage) =>
        new CredentialTokenProvider(
            new DeviceCodeCredential(new DeviceCodeCredentialOptions
            {
                AuthorityHost = environment.AuthorityHost,
                TenantId = tenantId,
                DeviceCodeCallback = (code, _) =>
                {
                    showMessage(code.Message);
                    return System.Threading.Tasks.Task.CompletedTask;
                },
            }),
            environment.TokenScope,
            "DeviceCode",
            TimeSpan.FromMinutes(15),
            tenantId,
            renewPastCache: false);

    private static ITokenProvider Wrap(TokenCredential credential, CloudEnvironment environment, string accountType, string? tenantId) =>
        new CredentialTokenProvider(credential, environment.TokenScope, accountType, DefaultAcquisitionTimeout, tenantId);
}
