using System;
using System.Collections.Concurrent;

namespace AdfRuns.Emulator.Identity;

/// <summary>
/// The access tokens of the emulators running in this process. Each emulator also accepts the others' tokens, so one
/// connection (one -AccessToken) can reach a factory emulator and a Synapse emulator started side by side, as one
/// sign-in reaches both services in Azure. Tokens stay distinct per emulator; a stopped emulator's token is dropped.
/// </summary>
internal static class EmulatorAccessKeys
{
    private static readonly ConcurrentDictionary<string, byte> Running = new(StringComparer.Ordinal);

    public static void Add(string token) => Running.TryAdd(token, 0);

    public static void Remove(string token) => Running.TryRemove(token, out _);

    public static bool IsKey(string token) => Running.ContainsKey(token);
}
