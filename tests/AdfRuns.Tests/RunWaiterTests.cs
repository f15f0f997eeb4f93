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
using AdfRuns.Engine.Waiting;
using Xunit;

namespace AdfRuns.Tests;

public sealed class RunWaiterTests
{
    private static readonly FactoryTarget Factory = RequestBuilderTests.Factory;

    /// <summary>A client whose every request would fail to connect: proves a wait sent nothing.</summary>
    private static AdfClient UnreachableClient() =>
        new(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, new Uri("http://127.0.0.1:1/"), new StaticTokenProvider("t"))), NullEngineLog.Instance);

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
        var factory = new FactoryTarget(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
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
        var factory = new FactoryTarget(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
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

    [Fact(DisplayName = "#13 the first poll comes after a second, then the delays double up to the interval")]
    public void Poll_delays_back_off_from_one_second_to_the_interval()
    {
        var delays = RunWaiter.PollDelays(TimeSpan.FromSeconds(15)).Take(7).Select(delay => delay.TotalSeconds);

        Assert.Equal(new[] { 1.0, 2, 4, 8, 15, 15, 15 }, delays);
        Assert.Equal(new[] { 0.1, 0.1, 0.1 }, RunWaiter.PollDelays(TimeSpan.FromMilliseconds(100)).Take(3).Select(delay => delay.TotalSeconds));
    }

    [Fact(DisplayName = "#13 progress names up to three unfinished runs and the elapsed time; more runs are only counted")]
    public void Progress_names_few_runs_and_the_elapsed_time()
    {
        var running = Run("InProgress");
        var queued = Run("Queued");
        var byStatus = new System.Collections.Generic.Dictionary<string, int> { ["InProgress"] = 1 };

        var one = new WaitProgress(1, 0, byStatus, TimeSpan.FromSeconds(65), new[] { running });
        Assert.Equal($"00:01:05 elapsed: Hello InProgress {running.RunId}", one.Status);

        var few = new WaitProgress(3, 1, byStatus, TimeSpan.FromSeconds(5), new[] { running, queued });
        Assert.Equal($"00:00:05 elapsed, 1 of 3 finished: Hello InProgress {running.RunId}, Hello Queued {queued.RunId}", few.Status);

        var many = new WaitProgress(500, 496, byStatus, TimeSpan.FromHours(2), null);
        Assert.Equal("02:00:00 elapsed, 496 of 500 finished (InProgress 1)", many.Status);
    }

    [Fact(DisplayName = "#13 the wait reports the unfinished runs by name only while they are few")]
    public async Task Wait_names_the_runs_only_while_they_are_few()
    {
        var few = new[] { Run("Succeeded"), Run("Succeeded") };
        var observer = new CollectingObserver();

        await new RunWaiter(UnreachableClient()).WaitAsync(new[] { Run("InProgress"), Run("InProgress"), Run("InProgress"), Run("InProgress") }, TimeSpan.FromSeconds(5), TimeSpan.Zero, observer, CancellationToken.None);
        Assert.Empty(observer.ProgressReports.Last().Unfinished);

        observer = new CollectingObserver();
        var pending = Run("Queued");
        await new RunWaiter(UnreachableClient()).WaitAsync(few.Append(pending).ToArray(), TimeSpan.FromSeconds(5), TimeSpan.Zero, observer, CancellationToken.None);
        Assert.Equal(pending.RunId, Assert.Single(observer.ProgressReports.Last().Unfinished).RunId);
    }

    [Fact(DisplayName = "D4 a 401 while waiting ends the wait for each run with the error, and throws nothing")]
    public async Task Rejected_token_fails_each_run_instead_of_throwing()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMinutes(5) });
        var factory = new FactoryTarget(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
        var runs = new[]
        {
            await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None),
            await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None),
        };
        var rejected = new AdfClient(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider("revoked"))), NullEngineLog.Instance);
        var observer = new CollectingObserver();

        await new RunWaiter(rejected).WaitAsync(runs, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), observer, CancellationToken.None);

        Assert.Equal(runs.Select(run => run.RunId).OrderBy(id => id), observer.FailedRuns.Select(failed => failed.Run.RunId).OrderBy(id => id));
        Assert.All(observer.FailedRuns, failed => Assert.Equal(FailureKind.PermissionDenied, Assert.IsType<AdfServiceException>(failed.Failure).Kind));
        Assert.Empty(observer.TimedOutRuns);
        var last = observer.ProgressReports.Last();
        Assert.Equal((2, 2), (last.Total, last.Finished));
    }

    [Fact(DisplayName = "#14 a cancelled wait names the runs still going, then ends as cancelled")]
    public async Task Cancelled_wait_reports_the_runs_still_going()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMinutes(5) });
        var factory = new FactoryTarget(server.SubscriptionId, server.ResourceGroupName, server.FactoryName);
        var client = new AdfClient(new ServicePipeline(new ConnectionSettings(CloudEnvironment.AzureCloud, server.Endpoint, new StaticTokenProvider(server.AccessToken))), NullEngineLog.Instance);
        var run = await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), CancellationToken.None);
        var observer = new CollectingObserver();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new RunWaiter(client).WaitAsync(new[] { run }, TimeSpan.FromMilliseconds(100), null, observer, cancellation.Token));

        Assert.Equal(run.RunId, Assert.Single(Assert.Single(observer.Interruptions)).RunId);
    }

    [Fact]
    public async Task A_polling_interval_of_zero_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new RunWaiter(UnreachableClient()).WaitAsync(new[] { Run("InProgress") }, TimeSpan.Zero, null, new CollectingObserver(), CancellationToken.None));
    }
}
