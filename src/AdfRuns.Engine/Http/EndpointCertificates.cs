using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Certificates trusted for one loopback endpoint each (an https emulator's self-signed certificate): a server
/// certificate the system does not trust is accepted only when it is exactly the one pinned for that host and port.
/// Every other endpoint keeps the system's validation; nothing turns validation off.
/// </summary>
public static class EndpointCertificates
{
    private static readonly ConcurrentDictionary<string, byte[]> Pinned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Trusts <paramref name="certificate"/> (DER bytes) for the loopback endpoint's host and port, and for localhost on that port.</summary>
    public static void Trust(Uri endpoint, byte[] certificate)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        if (!endpoint.IsLoopback)
        {
            throw new ArgumentException($"Only a loopback endpoint's certificate can be pinned, not {endpoint.GetLeftPart(UriPartial.Authority)}'s.", nameof(endpoint));
        }

        foreach (var key in KeysOf(endpoint))
        {
            Pinned[key] = certificate;
        }
    }

    public static void Forget(Uri endpoint)
    {
        foreach (var key in KeysOf(endpoint))
        {
            Pinned.TryRemove(key, out _);
        }
    }

    /// <summary>The handler's validation: the system's verdict, or an exact match with the certificate pinned for the request's host and port.</summary>
    public static bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        return request.RequestUri is { } uri
            && certificate is not null
            && Pinned.TryGetValue(Key(uri.Host, uri.Port), out var pinned)
            && pinned.SequenceEqual(certificate.RawData);
    }

    private static string[] KeysOf(Uri endpoint) =>
        new[] { Key(endpoint.Host, endpoint.Port), Key("localhost", endpoint.Port), Key("127.0.0.1", endpoint.Port) }
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    private static string Key(string host, int port) => host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
