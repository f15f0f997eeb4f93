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

/// <summary>Hands out ARM bearer tokens. Implementations cache and refresh; they are shared by every runspace.</summary>
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
}
