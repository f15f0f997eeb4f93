using AdfRuns.Commands;
using AdfRuns.Emulator;
using AdfRuns.Engine.Http;

namespace AdfRuns.Emulators;

/// <summary>
/// What starting and stopping an emulator means to the session: the emulator cmdlets find it, and AdfRuns' own
/// client trusts an https emulator's certificate for its endpoint only, for as long as it runs.
/// </summary>
internal static class EmulatorLifetime
{
    public static void Started(AdfEmulator emulator, AdfEmulatorServer server)
    {
        if (server.Certificate is { } certificate)
        {
            EndpointCertificates.Trust(server.Endpoint, certificate.RawData);
        }

        EmulatorCmdletBase.Register(emulator);
    }

    public static void Stop(AdfEmulator emulator)
    {
        var server = (AdfEmulatorServer)emulator.Server;
        server.Stop();
        if (server.Certificate is not null)
        {
            EndpointCertificates.Forget(server.Endpoint);
        }

        emulator.IsRunning = false;
        EmulatorCmdletBase.Unregister(emulator);
    }
}
