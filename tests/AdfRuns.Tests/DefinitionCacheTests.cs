using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator;
using AdfRuns.Engine;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>The connection's pipeline definitions are shared by invocations, but not their cancellation or their log.</summary>
public sealed class DefinitionCacheTests : IDisposable
{
    private readonly AdfEmulatorServer server = AdfEmulatorServer.Start(new EmulatorOptions());

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_definition_read_shared_by_two_invocations_survives_the_first_one_being_cancelled()
    {
        server.AddFault(new EmulatorFault { Operation = EmulatorOperation.GetPipeline, Delay = TimeSpan.FromSeconds(1), Count = 1 });
        var connection = new AdfConnection(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken), requestTimeout: TimeSpan.FromSeconds(30)));
        var target = new FactoryTarget(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var firstLog = new LinesLog();
        var secondLog = new LinesLog();
        using var firstStop = new CancellationTokenSource();

        var first = new RunStarter(new AdfClient(connection, firstLog)).PrepareNewAsync(target, "Hello", null, firstStop.Token);
        var second = new RunStarter(new AdfClient(connection, secondLog)).PrepareNewAsync(target, "Hello", null, CancellationToken.None);
        firstStop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var prepared = await second;
        Assert.NotNull(prepared.ShownBody); // only a definition that was read says which parameters are secret
        Assert.Single(server.GetRequests(), request => request.Operation == EmulatorOperation.GetPipeline);
        Assert.DoesNotContain(secondLog.Lines, line => line.StartsWith("GET ", StringComparison.Ordinal));
    }

    private sealed class LinesLog : IEngineLog
    {
        private readonly ConcurrentQueue<string> lines = new();

        public bool VerboseEnabled => true;

        public bool DebugEnabled => false;

        public string[] Lines => lines.ToArray();

        public void Verbose(string message) => lines.Enqueue(message);

        public void Debug(string message) => lines.Enqueue(message);

        public void Warning(string message) => lines.Enqueue(message);
    }
}
