using System;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Auth;
using Azure.Core;
using Xunit;

namespace AdfRuns.Tests;

public sealed class CredentialTokenProviderTests
{
    private sealed class CountingCredential : TokenCredential
    {
        private readonly TimeSpan lifetime;
        private int calls;

        public CountingCredential(TimeSpan lifetime) => this.lifetime = lifetime;

        public int Calls => calls;

        public string? LastScope { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            LastScope = requestContext.Scopes[0];
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            return new AccessToken("token-" + calls, DateTimeOffset.UtcNow + lifetime);
        }
    }

    private sealed class HangingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException("async only");

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return default;
        }
    }

    [Fact]
    public async Task One_credential_call_serves_many_concurrent_requests()
    {
        var credential = new CountingCredential(TimeSpan.FromHours(1));
        var provider = new CredentialTokenProvider(credential, CloudEnvironment.AzureCloud.TokenScope, "Test", TimeSpan.FromSeconds(5));

        var tokens = await Task.WhenAll(Enumerable(50, () => provider.GetTokenAsync(CancellationToken.None)));

        Assert.Equal(1, credential.Calls);
        Assert.All(tokens, token => Assert.Equal("token-1", token.Value));
        Assert.Equal("https://management.azure.com//.default", credential.LastScope);
    }

    [Fact]
    public async Task D4_a_short_lived_token_is_not_fetched_per_request()
    {
        var credential = new CountingCredential(TimeSpan.FromMinutes(2));
        var provider = new CredentialTokenProvider(credential, CloudEnvironment.AzureUSGovernment.TokenScope, "Test", TimeSpan.FromSeconds(5));

        for (var i = 0; i < 11; i++)
        {
            await provider.GetTokenAsync(CancellationToken.None);
        }

        Assert.Equal(1, credential.Calls);
    }

    [Theory]
    [InlineData(60, 55)]   // an hour: five minutes before expiry
    [InlineData(4, 2)]     // four minutes: half-way
    [InlineData(1, 1)]     // one minute or less, or an expiry in the past (skewed clock): used for a minute
    [InlineData(-60, 1)]
    public void Tokens_are_renewed_before_expiry_but_never_per_request(int lifetimeMinutes, int renewAfterMinutes)
    {
        var fetched = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        var refresh = CredentialTokenProvider.RefreshTime(fetched, fetched.AddMinutes(lifetimeMinutes));

        Assert.Equal(fetched.AddMinutes(renewAfterMinutes), refresh);
    }

    [Fact]
    public async Task D4_a_rejected_token_is_dropped_so_the_next_request_signs_in_again()
    {
        var credential = new CountingCredential(TimeSpan.FromHours(1));
        var provider = new CredentialTokenProvider(credential, CloudEnvironment.AzureCloud.TokenScope, "Test", TimeSpan.FromSeconds(5));
        var first = await provider.GetTokenAsync(CancellationToken.None);

        Assert.True(provider.Invalidate(first));
        var second = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal(2, credential.Calls);
        Assert.NotEqual(first.Value, second.Value);
        Assert.False(new StaticTokenProvider("given").Invalidate(new BearerToken("given", DateTimeOffset.MaxValue)));
    }

    [Fact]
    public async Task Acquisition_gives_up_after_its_timeout_without_naming_a_secret()
    {
        var provider = new CredentialTokenProvider(new HangingCredential(), CloudEnvironment.AzureCloud.TokenScope, "ManagedIdentity", TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => provider.GetTokenAsync(CancellationToken.None));

        Assert.Contains("ManagedIdentity", error.Message);
    }

    [Fact]
    public async Task Acquisition_is_cancelled_by_the_caller()
    {
        var provider = new CredentialTokenProvider(new HangingCredential(), CloudEnvironment.AzureCloud.TokenScope, "DeviceCode", TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.GetTokenAsync(cancellation.Token));
    }

    private static Task<BearerToken>[] Enumerable(int count, Func<Task<BearerToken>> start)
    {
        var tasks = new Task<BearerToken>[count];
        for (var i = 0; i < count; i++)
        {
            tasks[i] = Task.Run(start);
        }

        return tasks;
    }
}
