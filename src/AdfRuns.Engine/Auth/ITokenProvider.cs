using System;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRuns.Engine.Auth;

/// <summary>A bearer token and when it stops being valid.</summary>
public readonly struct BearerToken
{
    public BearerToken(string value, DateTimeOffset expiresOn)
    {
        Value = value;
        ExpiresOn = expiresOn;
    }

    public string Value { get; }
    public DateTimeOffset ExpiresOn { get; }
}

/// <summary>Hands out bearer tokens for one scope. Implementations cache and refresh; they are shared by every runspace.</summary>
public interface ITokenProvider
{
    /// <summary>How the caller signed in, for Get-AdfContext (never a secret).</summary>
    string AccountType { get; }

    Task<BearerToken> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The service rejected this token (401): forget it, so the next GetTokenAsync signs in again. False when no
    /// other token can be had (a token the caller gave), so retrying is pointless.
    /// </summary>
    bool Invalidate(BearerToken rejected);

    /// <summary>
    /// The same sign-in for another service's scope (a Synapse workspace's data plane beside ARM). A token the caller
    /// gave has one audience, so it is used as is.
    /// </summary>
    ITokenProvider ForScope(string scope);
}
