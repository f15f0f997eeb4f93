using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;

namespace AdfRuns.Engine.Auth;

/// <summary>
/// Wraps an Azure.Identity credential: one credential call serves many requests, and the token is renewed a few
/// minutes before it expires (half-way through a shorter lifetime), so a long wait outlives any one token. A token
/// the service rejects is dropped, and the next request asks the credential for a new one past its own cache (see
/// <see cref="RenewalClaims"/>), so a 401 really reaches the identity endpoint.
/// </summary>
public sealed class CredentialTokenProvider : ITokenProvider, IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    // A token whose expiry looks past or imminent (a skewed clock) is still used this long; a 401 renews it sooner.
    private static readonly TimeSpan MinimumUse = TimeSpan.FromMinutes(1);

    private readonly TokenCredential credential;
    private readonly TokenRequestContext context;
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly TimeSpan acquisitionTimeout;
    private readonly string? tenantId;
    private readonly bool renewPastCache;
    private CachedToken? cached;
    private int rejected;

    /// <param name="renewPastCache">
    /// After a 401, ask past the credential's cache. False for a sign-in that would prompt the user again (device code).
    /// </param>
    public CredentialTokenProvider(TokenCredential credential, string scope, string accountType, TimeSpan acquisitionTimeout, string? tenantId = null, bool renewPastCache = true)
    {
        this.credential = credential;
        this.tenantId = tenantId;
        this.renewPastCache = renewPastCache;
        context = new TokenRequestContext(new[] { scope }, tenantId: tenantId);
        AccountType = accountType;
        this.acquisitionTimeout = acquisitionTimeout;
    }

    public string AccountType { get; }

    // Every request asks for the token: while it is fresh, the same completed task answers them all.
    public Task<BearerToken> GetTokenAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref cached) is { IsFresh: true } fresh ? fresh.Completed : AcquireOrWaitAsync(cancellationToken);

    private async Task<BearerToken> AcquireOrWaitAsync(CancellationToken cancellationToken)
    {
        await refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref cached) is { IsFresh: true } renewed)
            {
                return renewed.Token;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(acquisitionTimeout);
            AccessToken token;
            try
            {
                token = await AcquireAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Signing in ({AccountType}) did not answer within {acquisitionTimeout.TotalSeconds:0} seconds.");
            }

            var entry = new CachedToken(new BearerToken(token.Token, token.ExpiresOn), RefreshTime(DateTimeOffset.UtcNow, token.ExpiresOn));
            Volatile.Write(ref cached, entry);
            return entry.Token;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    public bool Invalidate(BearerToken rejected)
    {
        if (Volatile.Read(ref cached) is { } current && current.Token.Value == rejected.Value && Interlocked.CompareExchange(ref cached, null, current) == current)
        {
            Volatile.Write(ref this.rejected, 1);
        }

        return true;
    }

    public ITokenProvider ForScope(string scope) => new CredentialTokenProvider(credential, scope, AccountType, acquisitionTimeout, tenantId, renewPastCache);

    /// <summary>
    /// A claims request for a token issued from now on, in the form ARM's own claims challenges take. Azure.Identity
    /// hands claims to MSAL, which then skips its token cache (for managed identity and service principals alike);
    /// without them, the credential would answer a 401 with the very token the service just rejected.
    /// </summary>
    internal static string RenewalClaims(DateTimeOffset now) =>
        "{\"access_token\":{\"nbf\":{\"essential\":true,\"value\":\"" + now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "\"}}}";

    public void Dispose() => refreshGate.Dispose();

    private async Task<AccessToken> AcquireAsync(CancellationToken cancellationToken)
    {
        if (!renewPastCache || Interlocked.Exchange(ref rejected, 0) == 0)
        {
            return await credential.GetTokenAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var renewal = new TokenRequestContext(context.Scopes, claims: RenewalClaims(DateTimeOffset.UtcNow), tenantId: tenantId);
        try
        {
            return await credential.GetTokenAsync(renewal, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A credential that cannot take claims (the Azure CLI's, for one) still has its plain answer.
            return await credential.GetTokenAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Five minutes before expiry, or half-way through a shorter lifetime; never within a minute of getting it.</summary>
    internal static DateTimeOffset RefreshTime(DateTimeOffset fetched, DateTimeOffset expiresOn)
    {
        var lifetime = expiresOn - fetched;
        var margin = lifetime > TimeSpan.FromTicks(RefreshMargin.Ticks * 2) ? RefreshMargin : TimeSpan.FromTicks(lifetime.Ticks / 2);
        var refresh = expiresOn - margin;
        return refresh > fetched + MinimumUse ? refresh : fetched + MinimumUse;
    }

    private sealed class CachedToken
    {
        public CachedToken(BearerToken token, DateTimeOffset refreshAt)
        {
            Token = token;
            RefreshAt = refreshAt;
            Completed = Task.FromResult(token);
        }

        public BearerToken Token { get; }
        public Task<BearerToken> Completed { get; }
        public DateTimeOffset RefreshAt { get; }
        public bool IsFresh => DateTimeOffset.UtcNow < RefreshAt;
    }
}
