using System;
using System.Net.Http;
using System.Net.Http.Headers;

namespace AdfRuns.Emulator.Tests;

/// <summary>A server in one of its modes on a free port, with a manual clock and an HttpClient holding its token.</summary>
internal abstract class EmulatorHttpHarness : IDisposable
{
    protected EmulatorHttpHarness(EmulatorOptions options, Action<EmulatorOptions>? configure)
    {
        configure?.Invoke(options);
        Server = AdfEmulatorServer.Start(options, Clock);
        Client = new HttpClient { BaseAddress = Server.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AccessToken);
    }

    public ManualEmulatorClock Clock { get; } = new();

    public AdfEmulatorServer Server { get; }

    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
