using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AdfRuns.Emulator;

/// <summary>
/// Values that a client in this process sent from a SecureString. The wire carries a plain JSON string, so a secret
/// given to a parameter declared String would reach the request log in clear; the module tells the emulators in its
/// process about such values, and the log masks them. Only SHA-256 digests are kept, never the values.
/// </summary>
public static class ClientSecrets
{
    // Enough for any test session; past it the oldest are not evicted, new ones are simply not remembered.
    private const int MaxRemembered = 10_000;

    private static readonly ConcurrentDictionary<string, byte> Digests = new(StringComparer.Ordinal);

    /// <summary>True once any value was remembered: until then the log need not look.</summary>
    public static bool Any => !Digests.IsEmpty;

    /// <summary>Remembers that this value came from a SecureString.</summary>
    public static void Remember(string value)
    {
        if (value.Length > 0 && Digests.Count < MaxRemembered)
        {
            Digests.TryAdd(Digest(value), 0);
        }
    }

    public static bool IsSecret(string value) => value.Length > 0 && !Digests.IsEmpty && Digests.ContainsKey(Digest(value));

    private static string Digest(string value)
    {
        using var sha = SHA256.Create();
        return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(value)));
    }
}
