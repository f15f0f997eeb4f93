using System;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRuns.Engine.Auth;

/// <summary>A token the caller already had (Connect-AdfAccount -AccessToken); it is used as is until it expires.</summary>
public sealed class StaticTokenProvider : ITokenProvider
{
    private readonly BearerToken token;
    private readonly Task<BearerToken> tokenTask;

    public StaticTokenProvider(string token, DateTimeOffset? expiresOn = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("The access token is empty.", nameof(token));
        }

        this.token = new BearerToken(token.Trim(), expiresOn ?? DateTimeOffset.MaxValue);
        tokenTask = Task.FromResult(this.token);
    }

    public string AccountType => "AccessToken";

    public Task<BearerToken> GetTokenAsync(CancellationToken cancellationToken) => tokenTask;

    public bool Invalidate(BearerToken rejected) => false;

    public ITokenProvider ForScope(string scope) => this;
}
