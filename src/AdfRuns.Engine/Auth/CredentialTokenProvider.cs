using System;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace AdfRuns.Engine.Auth;

/// <summary>
/// Wraps an Azure.Identity credential: one credential call serves many requests, and the token is renewed a few
/// minutes before it expires, so a long wait outlives any one token.
/// </summary>
public sealed class CredentialTokenProvider : ITokenProvider
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential credential;
    private readonly TokenRequestContext context;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly TimeSpan acquisitionTimeout;
    private BearerToken? cached;

    public CredentialTokenProvider(TokenCredential credential, string scope, string accountType, TimeSpan acquisitionTimeout, string? tenantId = null)
    {
        this.credential = credential;
        context = new TokenRequestContext(new[] { scope }, tenantId: tenantId);
        AccountType = accountType;
        this.acquisitionTimeout = acquisitionTimeout;
    }

    public string AccountType { get; }

    public async Task<BearerToken> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(cached))
        {
            return cached!.Value;
        }

        await refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh(cached))
            {
                return cached!.Value;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(acquisitionTimeout);
            AccessToken token;
            try
            {
                token = await credential.GetTokenAsync(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Signing in ({AccountType}) did not answer within {acquisitionTimeout.TotalSeconds:0} seconds.");
            }

            cached = new BearerToken(token.Token, token.ExpiresOn);
            return cached.Value;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    private static bool IsFresh(BearerToken? token) => token is { } value && value.ExpiresOn - DateTimeOffset.UtcNow > RefreshMargin;
}
