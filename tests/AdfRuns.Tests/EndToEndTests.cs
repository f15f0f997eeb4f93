using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator;
using AdfRuns.Engine;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using AdfRuns.Engine.Waiting;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>The engine over real HTTP against the in-process emulator on 127.0.0.1.</summary>
public sealed class EndToEndTests : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    private readonly AdfEmulatorServer server;
    private readonly RecordingLog log = new();

    public EndToEndTests()
    {
        server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMilliseconds(100) });
        Factory = FactoryOf(server);
        Client = ClientWithToken(server.AccessToken);
    }

    private FactoryTarget Factory { get; }

    private AdfClient Client { get; }

    public void Dispose() => server.Dispose();

    private AdfClient ClientWithToken(string token) => ClientOf(server, token);

    private AdfClient ClientOf(AdfEmulatorServer target, string token)
    {
        Assert.Null(CloudEnvironment.CheckEndpoint(target.Endpoint));
        var settings = new ConnectionSettings(CloudEnvironment.AzureCloud, target.Endpoint, new StaticTokenProvider(token), requestTimeout: TimeSpan.FromSeconds(30));
        return new AdfClient(new ServicePipeline(settings), log);
    }

    private static FactoryTarget FactoryOf(AdfEmulatorServer target) =>
        new(target.SubscriptionId, target.ResourceGroupName, target.FactoryName);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    private async Task<IReadOnlyList<PipelineRunData>> WaitAsync(params PipelineRunData[] runs)
    {
        var observer = new CollectingObserver();
        await new RunWaiter(Client).WaitAsync(runs, Poll, WaitLimit, observer, Timeout());
        Assert.Empty(observer.TimedOutRuns);
        return observer.FinishedRuns.ToList();
    }

    private async Task<IReadOnlyList<ActivityRunData>> ActivitiesAsync(string runId)
    {
        var query = new RunQuery(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        var page = await Client.QueryActivityRunsAsync(Factory, runId, query, null, Timeout());
        Assert.Null(page.ContinuationToken);
        return page.Items;
    }

    [Fact]
    public async Task Hello_starts_waits_and_succeeds()
    {
        var started = await Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout());

        Assert.True(Guid.TryParse(started.RunId, out _));
        Assert.Equal("Hello", started.PipelineName);
        Assert.Equal(Factory, started.Target);
        Assert.False(started.IsTerminal);

        var finished = Assert.Single(await WaitAsync(started));

        Assert.Equal(started.RunId, finished.RunId);
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.NotNull(finished.RunEnd);

        var readBack = await Client.GetRunAsync(Factory, started.RunId, Timeout());
        Assert.Equal(RunStatus.Succeeded, readBack.Status);
        Assert.Equal(readBack.RunId, readBack.RunGroupId);
        Assert.Equal("SayHello", Assert.Single(await ActivitiesAsync(started.RunId)).ActivityName);

        var createRun = Assert.Single(server.GetRequests(), r => r.Operation == EmulatorOperation.CreateRun);
        Assert.Equal("POST", createRun.Method);
        Assert.Equal(RequestBuilder.CreateRun(new RunRequest(Factory, "Hello", RunMode.New)).Path, createRun.Path);
        Assert.Equal("api-version=2018-06-01", createRun.Query);
        Assert.Equal("{}", createRun.Body);
        Assert.Equal(started.RunId, createRun.CreatedRunId);
    }

    [Fact]
    public async Task Copy_sales_recovered_from_failure_skips_the_succeeded_extract()
    {
        server.SetActivityOutcome("CopySales", "TransformSales", "Failed", 1);
        var parameters = new JsonTreeObject();
        parameters.Set("Day", "2024-01-31");
        var pipeline = await Client.GetPipelineAsync(Factory, "CopySales", Timeout());
        Assert.Contains(pipeline.Parameters, p => p.Name == "Day" && p.IsRequired);
        Assert.Empty(ParameterChecker.Check(pipeline, parameters));

        var original = await Client.StartRunAsync(new RunRequest(Factory, "CopySales", RunMode.New, parameters), Timeout());
        var failed = Assert.Single(await WaitAsync(original));
        Assert.Equal(RunStatus.Failed, failed.Status);
        var originalActivities = await ActivitiesAsync(original.RunId);
        Assert.Equal(RunStatus.Succeeded, originalActivities.Single(a => a.ActivityName == "ExtractSales").Status);
        var failedTransform = originalActivities.Single(a => a.ActivityName == "TransformSales");
        Assert.Equal(RunStatus.Failed, failedTransform.Status);
        Assert.NotNull(failedTransform.Error);

        var rerun = await Client.StartRunAsync(new RunRequest(Factory, "CopySales", RunMode.RecoverFromFailure, null, original.RunId), Timeout());
        var recovered = Assert.Single(await WaitAsync(rerun));

        Assert.NotEqual(original.RunId, recovered.RunId);
        Assert.Equal(RunStatus.Succeeded, recovered.Status);
        Assert.Equal(original.RunId, recovered.RunGroupId);
        Assert.Equal("2024-01-31", recovered.Parameters.Single(p => p.Key == "Day").Value);
        var rerunActivities = (await ActivitiesAsync(recovered.RunId)).Select(a => a.ActivityName).ToList();
        Assert.DoesNotContain("ExtractSales", rerunActivities);
        Assert.Contains("TransformSales", rerunActivities);
        Assert.Contains("LoadWarehouse", rerunActivities);

        var sent = server.GetRequests().Where(r => r.Operation == EmulatorOperation.CreateRun).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Contains("startFromFailure=true", sent[1].Query, StringComparison.Ordinal);
        Assert.Contains("referencePipelineRunId=" + original.RunId, sent[1].Query, StringComparison.Ordinal);
        Assert.Equal("{}", sent[1].Body);
    }

    [Fact]
    public async Task Wrong_token_is_permission_denied_and_never_shown()
    {
        const string wrongToken = "not-the-emulator-token-8d1f5c2a";
        var client = ClientWithToken(wrongToken);

        var error = await Assert.ThrowsAsync<AdfServiceException>(() => client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout()));

        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(wrongToken, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(log.Lines, line => line.Contains(wrongToken, StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains("Bearer <redacted>", StringComparison.Ordinal));
        // Not retried: an authentication failure is final.
        Assert.Single(server.GetRequests(), r => r.Operation == EmulatorOperation.CreateRun);
        Assert.Equal(0, server.RunCount);
    }

    [Fact]
    public async Task Waiting_on_twenty_runs_costs_fewer_queries_than_runs()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout())));
        Assert.Equal(20, started.Select(r => r.RunId).Distinct().Count());
        server.ClearRequests();

        var finished = await WaitAsync(started);

        Assert.Equal(started.Select(r => r.RunId).OrderBy(id => id), finished.Select(r => r.RunId).OrderBy(id => id));
        Assert.All(finished, run => Assert.Equal(RunStatus.Succeeded, run.Status));
        var requests = server.GetRequests();
        var queries = requests.Count(r => r.Operation == EmulatorOperation.QueryRuns);
        Assert.InRange(queries, 1, started.Length - 1);
        Assert.DoesNotContain(requests, r => r.Operation == EmulatorOperation.GetRun);
    }

    [Fact]
    public async Task Cancel_moves_a_run_to_a_cancelled_state()
    {
        var started = await Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout());

        await Client.CancelRunAsync(Factory, started.RunId, recursive: true, Timeout());
        var finished = Assert.Single(await WaitAsync(started));

        Assert.Equal(RunStatus.Cancelled, finished.Status);
        var cancel = Assert.Single(server.GetRequests(), r => r.Operation == EmulatorOperation.Cancel);
        Assert.Contains("isRecursive=true", cancel.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_run_is_not_found()
    {
        var error = await Assert.ThrowsAsync<AdfServiceException>(() => Client.GetRunAsync(Factory, Guid.NewGuid().ToString(), Timeout()));

        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task Pipelines_are_listed_with_their_activities()
    {
        var pipelines = await Client.ListPipelinesAsync(Factory, Timeout());

        Assert.Equal(server.PipelineNames.OrderBy(n => n), pipelines.Select(p => p.Name).OrderBy(n => n));
        var copySales = pipelines.Single(p => p.Name == "CopySales");
        Assert.Equal(new[] { "ExtractSales", "TransformSales", "LoadWarehouse" }, copySales.Activities);
        Assert.Equal("Sales", copySales.Folder);
    }

    [Fact]
    public async Task Throttled_reads_are_retried_after_the_service_delay()
    {
        server.AddFault(new EmulatorFault { Operation = EmulatorOperation.GetRun, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(1), Count = 1 });
        var started = await Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout());

        var gets = server.GetRequests().Where(r => r.Operation == EmulatorOperation.GetRun).ToList();
        Assert.Equal(new[] { 429, 200 }, gets.Select(r => r.StatusCode));
        Assert.True(gets[1].Time - gets[0].Time >= TimeSpan.FromMilliseconds(900));
        Assert.Equal(Factory, started.Target);
        Assert.Contains(log.Lines, line => line.StartsWith("Retrying GET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_concurrent_starts_slow_down_before_ARM_throttles_them()
    {
        using var throttled = AdfEmulatorServer.Start(new EmulatorOptions { Throttling = true, ActivityDuration = TimeSpan.FromMilliseconds(50) });
        var client = ClientOf(throttled, throttled.AccessToken);
        var factory = FactoryOf(throttled);
        using var lanes = new SemaphoreSlim(64);

        // 64 requests in flight at a time: far more than the reserve, so counts that arrive late must not be trusted alone.
        var starts = Enumerable.Range(0, 260).Select(async _ =>
        {
            await lanes.WaitAsync();
            try
            {
                return await client.StartRunAsync(new RunRequest(factory, "Hello", RunMode.New), Timeout());
            }
            finally
            {
                lanes.Release();
            }
        });
        var runs = await Task.WhenAll(starts);

        Assert.Equal(260, runs.Select(r => r.RunId).Distinct().Count());
        Assert.DoesNotContain(throttled.GetRequests(), r => r.StatusCode == 429);
        Assert.Contains(log.Lines, line => line.StartsWith("Pacing:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_run_that_failed_after_commit_is_found_and_not_sent_twice()
    {
        server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, StatusCode = 500, AfterCommit = true, Count = 1 });

        var run = await Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout());

        var create = Assert.Single(server.GetRequests(), r => r.Operation == EmulatorOperation.CreateRun);
        Assert.Equal(500, create.StatusCode);
        Assert.Equal(1, server.RunCount);
        Assert.Equal(create.CreatedRunId, run.RunId);
    }

    [Fact]
    public async Task Create_run_that_failed_before_commit_is_sent_again_once()
    {
        server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, StatusCode = 503, Count = 1 });

        var run = await Client.StartRunAsync(new RunRequest(Factory, "Hello", RunMode.New), Timeout());

        var creates = server.GetRequests().Where(r => r.Operation == EmulatorOperation.CreateRun).ToList();
        Assert.Equal(2, creates.Count);
        Assert.Equal(1, server.RunCount);
        Assert.Equal(creates[1].CreatedRunId, run.RunId);
    }

    private sealed class RecordingLog : IEngineLog
    {
        public bool VerboseEnabled => true;

        public bool DebugEnabled => true;

        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyList<string> Lines => lines.ToList();

        public void Verbose(string message) => lines.Enqueue(message);

        public void Debug(string message) => lines.Enqueue(message);

        public void Warning(string message) => lines.Enqueue(message);
    }
}

internal sealed class CollectingObserver : IWaitObserver
{
    public ConcurrentQueue<PipelineRunData> FinishedRuns { get; } = new();

    public ConcurrentQueue<PipelineRunData> TimedOutRuns { get; } = new();

    public ConcurrentQueue<WaitProgress> ProgressReports { get; } = new();

    public void Finished(PipelineRunData run) => FinishedRuns.Enqueue(run);

    public void TimedOut(PipelineRunData lastKnown) => TimedOutRuns.Enqueue(lastKnown);

    public ConcurrentQueue<(PipelineRunData Run, Exception Failure)> FailedRuns { get; } = new();

    public ConcurrentQueue<IReadOnlyList<PipelineRunData>> Interruptions { get; } = new();

    public void Failed(PipelineRunData lastKnown, Exception failure) => FailedRuns.Enqueue((lastKnown, failure));

    public void Interrupted(IReadOnlyList<PipelineRunData> unfinished) => Interruptions.Enqueue(unfinished);

    public void Progress(WaitProgress progress) => ProgressReports.Enqueue(progress);
}
