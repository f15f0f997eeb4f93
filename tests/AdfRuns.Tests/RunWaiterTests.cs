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
using AdfRuns.Engine.Waiting;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RunWaiterTests
{
    private static readonly FactoryCoordinates Factory = RequestBuilderTests.Factory;

    /// <summary>A client whose every request would fail to connect: proves a wait sent nothing.</summary>
    private static AdfClient UnreachableClient() =>
        new(new ArmClient(new ConnectionSettings(CloudEnvironment.AzureCloud, new Uri("http://127.0.0.1:1/"), new StaticTokenProvider("t"))), NullEngineLog.Instance);

    private static PipelineRunData Run(string status) =>
        PipelineRunData.Describe(Guid.NewGuid().ToString(), "Hello", status, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Factory);

    [Fact]
    public async Task Runs_already_finished_are_reported_without_any_request()
    {
        var runs = new[] { Run("Succeeded"), Run("Canceled"), Run("Failed") };
        var observer = new CollectingObserver();

        await new RunWaiter(UnreachableClient()).WaitAsync(runs, TimeSpan.FromMilliseconds(10), null, observer, CancellationToken.None);

        Assert.Equal(runs.Select(r => r.RunId), observer.FinishedRuns.Select(r => r.RunId));
        Assert.Equal(RunStatus.Cancelled, observer.FinishedRuns.ElementAt(1).Status);
        var progress = observer.ProgressReports.Last();
        Assert.Equal((3, 3), (progress.Total, progress.Finished));
        Assert.Equal(1, progress.ByStatus["Cancelled"]);
        Assert.Empty(observer.TimedOutRuns);
    }

    [Fact]
    public async Task Zero_timeout_reports_pending_runs_as_timed_out_without_a_request()
    {
        var pending = Run("InProgress");
        var observer = new CollectingObserver();

        await new RunWaiter(UnreachableClient()).WaitAsync(new[] { pending }, TimeSpan.FromSeconds(5), TimeSpan.Zero, observer, CancellationToken.None);

        Assert.Same(pending, Assert.Single(observer.TimedOutRuns));
        Assert.Empty(observer.FinishedRuns);
        Assert.Equal(1, observer.ProgressReports.Last().ByStatus["InProgress"]);
    }

    [Fact]
    public async Task Slow_run_times_out_with_its_last_known_state()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMinutes(5) });
        var factory = new FactoryCoordinates(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ArmClient(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
        var run = await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None);
        var observer = new CollectingObserver();

        await new RunWaiter(client).WaitAsync(new[] { run }, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), observer, CancellationToken.None);

        var timedOut = Assert.Single(observer.TimedOutRuns);
        Assert.Equal(run.RunId, timedOut.RunId);
        Assert.False(timedOut.IsTerminal);
        Assert.Empty(observer.FinishedRuns);
        Assert.Contains(server.GetRequests(), r => r.Operation == EmulatorOperation.QueryRuns);
    }

    [Fact]
    public async Task The_same_pending_run_given_twice_is_waited_for_once()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMilliseconds(100) });
        var factory = new FactoryCoordinates(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ArmClient(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
        var run = await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None);
        var observer = new CollectingObserver();

        await new RunWaiter(client).WaitAsync(new[] { run, run }, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), observer, CancellationToken.None);

        Assert.Equal(run.RunId, Assert.Single(observer.FinishedRuns).RunId);
        Assert.Equal(1, observer.ProgressReports.Last().Total);
    }

    [Fact]
    public async Task The_same_finished_run_given_twice_is_reported_once()
    {
        var run = Run("Succeeded");
        var observer = new CollectingObserver();

        await new RunWaiter(UnreachableClient()).WaitAsync(new[] { run, run }, TimeSpan.FromMilliseconds(10), null, observer, CancellationToken.None);

        Assert.Single(observer.FinishedRuns);
        Assert.Equal(1, observer.ProgressReports.Last().Total);
    }
}
