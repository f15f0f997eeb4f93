using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator;
using AdfRuns.Engine;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>One connection, two services: a factory emulator as ARM and a Synapse emulator as the workspace endpoint.</summary>
public sealed class SynapseEndToEndTests : IDisposable
{
    private readonly AdfEmulatorServer factoryServer = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMilliseconds(50) });
    private readonly AdfEmulatorServer synapseServer = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMilliseconds(50), Synapse = true, WorkspaceName = "contoso-ws" });

    /// <summary>What a credential does: one token per scope (each emulator accepts its own).</summary>
    private sealed class PerScopeTokens : ITokenProvider
    {
        private readonly string token;
        private readonly Func<string, string> tokenForScope;

        public PerScopeTokens(string scope, Func<string, string> tokenForScope)
        {
            Scope = scope;
            this.tokenForScope = tokenForScope;
            token = tokenForScope(scope);
        }

        public string Scope { get; }
        public string AccountType => "Test";
        public Task<BearerToken> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult(new BearerToken(token, DateTimeOffset.MaxValue));
        public bool Invalidate(BearerToken rejected) => false;
        public ITokenProvider ForScope(string scope) => new PerScopeTokens(scope, tokenForScope);
    }

    public void Dispose()
    {
        factoryServer.Dispose();
        synapseServer.Dispose();
    }

    [Fact]
    public async Task Mixed_runs_each_go_to_their_own_service_with_their_own_token()
    {
        var environment = CloudEnvironment.AzureCloud;
        var tokens = new PerScopeTokens(environment.TokenScope, scope => scope == environment.SynapseTokenScope ? synapseServer.AccessToken : factoryServer.AccessToken);
        var settings = new ConnectionSettings(environment, factoryServer.Endpoint, tokens, workspaceEndpoint: synapseServer.WorkspaceEndpoint);
        var client = new AdfClient(new ServicePipeline(settings), NullEngineLog.Instance);
        var factory = new FactoryTarget(factoryServer.SubscriptionId, factoryServer.ResourceGroupName, factoryServer.FactoryName);
        var workspace = new WorkspaceTarget("contoso-ws");

        var factoryRun = await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None);
        var workspaceRun = await client.StartRunAsync(new RunRequest(workspace, "Hello", RunMode.New), CancellationToken.None);
        var readBack = await Task.WhenAll(client.GetRunAsync(workspace, workspaceRun.RunId, CancellationToken.None), client.GetRunAsync(factory, factoryRun.RunId, CancellationToken.None));

        Assert.Equal(new[] { workspaceRun.RunId, factoryRun.RunId }, readBack.Select(run => run.RunId));
        Assert.Equal("contoso-ws", Assert.IsType<WorkspaceTarget>(readBack[0].Target).WorkspaceName);
        Assert.IsType<FactoryTarget>(readBack[1].Target);
        Assert.Equal("/pipelines/Hello/createRun", Assert.Single(synapseServer.GetRequests(), r => r.Operation == EmulatorOperation.CreateRun).Path);
        Assert.StartsWith("/subscriptions/", Assert.Single(factoryServer.GetRequests(), r => r.Operation == EmulatorOperation.CreateRun).Path, StringComparison.Ordinal);
        Assert.DoesNotContain(synapseServer.GetRequests(), r => r.Path.StartsWith("/subscriptions/", StringComparison.Ordinal));
        Assert.DoesNotContain(factoryServer.GetRequests(), r => r.Path.StartsWith("/pipelines", StringComparison.Ordinal));
    }
}
