using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Trees;
using Azure.Core;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>The engine's side of the second reliability probe's rows (E1-E9); the cmdlets' side is in tests/Pester/ProbeTwo.Tests.ps1.</summary>
public sealed class ProbeTwoTests
{
    private static readonly FactoryTarget Factory = new("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "factory-one");

    [Fact]
    public void Stops_paging_when_a_continuation_token_repeats_probe_2_E1()
    {
        var pages = new PageSequence("queryActivityruns of run r1");

        Assert.Equal("a", pages.Next("a"));
        Assert.Equal("b", pages.Next("b"));
        var error = Assert.Throws<AdfServiceException>(() => pages.Next("a"));

        Assert.Equal("ContinuationTokenRepeated", error.Code);
        Assert.Equal(FailureKind.InvalidResponse, error.Kind);
        Assert.Contains("page 3 of queryActivityruns of run r1", error.Message);
    }

    [Fact]
    public void Ends_a_listing_at_its_last_page_and_past_the_page_bound_probe_2_E1()
    {
        Assert.Null(new PageSequence("x").Next(null));
        Assert.Null(new PageSequence("x").Next(string.Empty));

        var pages = new PageSequence("queryPipelineRuns of factory 'f'", maxPages: 3);
        pages.Next("1");
        pages.Next("2");
        var error = Assert.Throws<AdfServiceException>(() => pages.Next("3"));

        Assert.Equal("TooManyPages", error.Code);
        Assert.Contains("after 3 pages", error.Message);
        Assert.Equal(10_000, PageSequence.MaxPages);
    }

    [Fact]
    public void Counts_a_monitoring_query_until_a_minute_after_its_answer_came_back_probe_2_E3()
    {
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var pacer = new MonitoringQueryPacer(perMinute: 2, clock: () => now);
        var query = RequestBuilder.GetRun(Factory, Guid.NewGuid().ToString());

        var first = pacer.TryTake(query).Turn!;
        var second = pacer.TryTake(query).Turn!;
        Assert.Null(pacer.TryTake(query).Turn);

        // The first query's answer comes back 10 s after its turn (queued behind the pacer, a token, a slow wire):
        // the service may have received it as late as that, so it counts until 70 s, not 60 s.
        now = now.AddSeconds(10);
        first.Dispose();
        now = now.AddSeconds(50);
        var (tooEarly, wait) = pacer.TryTake(query);
        Assert.Null(tooEarly);
        Assert.Equal(TimeSpan.FromSeconds(10), wait);

        now = now.AddSeconds(10);
        Assert.NotNull(pacer.TryTake(query).Turn);
        Assert.Null(pacer.TryTake(query).Turn);
        second.Dispose();
    }

    [Fact]
    public void Never_lets_more_than_the_limit_into_any_minute_at_the_service_probe_2_E3()
    {
        // 1,200 queries, each answered between 0 and 3 s after its turn; the service receives each at some time in
        // that span (here: at the answer, the latest possible). No 60 s window may hold more than 1,000.
        var now = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var pacer = new MonitoringQueryPacer(clock: () => now);
        var query = RequestBuilder.GetRun(Factory, Guid.NewGuid().ToString());
        var random = new Random(20);
        var inFlight = new List<(IDisposable Turn, DateTimeOffset AnswerAt)>();
        var received = new List<DateTimeOffset>();
        while (received.Count < 1200)
        {
            foreach (var done in inFlight.Where(call => call.AnswerAt <= now).ToList())
            {
                received.Add(done.AnswerAt);
                done.Turn.Dispose();
                inFlight.Remove(done);
            }

            if (inFlight.Count < 8 && pacer.TryTake(query).Turn is { } turn)
            {
                inFlight.Add((turn, now.AddMilliseconds(random.Next(0, 3000))));
                continue;
            }

            now = now.AddMilliseconds(10);
        }

        var busiest = received.Max(at => received.Count(other => other >= at && other < at.AddMinutes(1)));
        Assert.True(busiest <= MonitoringQueryPacer.PerMinute, $"{busiest} queries reached the service within one minute");
    }

    [Fact]
    public void Rides_through_an_outage_shorter_than_the_unreachable_budget_probe_2_E9()
    {
        var elapsed = TimeSpan.Zero;
        var budget = new SharedRetryBudget(() => elapsed);

        Assert.Equal(TimeSpan.FromSeconds(0.4), budget.RetryDelayWhileUnreachable(TimeSpan.FromSeconds(0.4)));
        elapsed = TimeSpan.FromSeconds(4.5);
        // The next back-off (6 s) would pass the 10 s budget: the last try is at its end, not given up at 4.5 s.
        Assert.Equal(TimeSpan.FromSeconds(5.5), budget.RetryDelayWhileUnreachable(TimeSpan.FromSeconds(6)));
        elapsed = TimeSpan.FromSeconds(10);
        Assert.Null(budget.RetryDelayWhileUnreachable(TimeSpan.FromSeconds(1)));

        budget.Reached();
        Assert.Equal(TimeSpan.FromSeconds(1), budget.RetryDelayWhileUnreachable(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Asks_past_the_credential_cache_once_after_a_rejected_token_probe_2_E2()
    {
        var credential = new ClaimsRecordingCredential();
        var provider = new CredentialTokenProvider(credential, CloudEnvironment.AzureCloud.TokenScope, "ManagedIdentity", TimeSpan.FromSeconds(5));

        var first = await provider.GetTokenAsync(CancellationToken.None);
        provider.Invalidate(first);
        var renewed = await provider.GetTokenAsync(CancellationToken.None);
        provider.Invalidate(renewed);
        provider.Invalidate(renewed);
        await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal(3, credential.Claims.Count);
        Assert.Null(credential.Claims[0]);
        Assert.Matches("^\\{\"access_token\":\\{\"nbf\":\\{\"essential\":true,\"value\":\"\\d+\"\\}\\}\\}$", credential.Claims[1]);
        Assert.NotNull(credential.Claims[2]);
    }

    [Fact]
    public async Task A_credential_that_refuses_claims_still_gives_its_plain_token_probe_2_E2()
    {
        var credential = new ClaimsRecordingCredential(refuseClaims: true);
        var provider = new CredentialTokenProvider(credential, CloudEnvironment.AzureCloud.TokenScope, "DefaultChain", TimeSpan.FromSeconds(5));
        provider.Invalidate(await provider.GetTokenAsync(CancellationToken.None));

        var again = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal(new string?[] { null, credential.Claims[1], null }, credential.Claims);
        Assert.Equal("token-3", again.Value);
    }

    [Fact]
    public void Names_a_count_and_the_first_few_of_many_request_ids_probe_2_warning()
    {
        var ids = Enumerable.Range(1, 92).Select(i => $"id-{i} (pipeline 'P')").ToList();
        var verbose = new List<string>();

        var named = RunStarter.Some(ids, "request", verbose.Add);

        Assert.StartsWith("92 requests, the first 5 id-1 (pipeline 'P'), ", named);
        Assert.EndsWith("and 87 more (-Verbose lists them all)", named);
        Assert.True(named.Length < 200, named);
        Assert.Contains("id-92 (pipeline 'P')", Assert.Single(verbose));
        Assert.Equal("1 request, id-1 (pipeline 'P')", RunStarter.Some(ids.Take(1).ToList(), "request", verbose.Add));
    }

    [Theory]
    [InlineData("ws\n", "control character (U+000A)")]
    [InlineData("", "is empty")]
    [InlineData(" ", "is empty")]
    [InlineData("WS-Upper", "Did you mean 'ws-upper'?")]
    [InlineData("sales-ondemand", "not containing '-ondemand'")]
    public void Refuses_workspace_names_Synapse_refuses_probe_2_E7(string name, string said)
    {
        Assert.Contains(said, NameRules.CheckWorkspaceName(name));
        Assert.Null(NameRules.CheckWorkspaceName("sales-ws-01"));
    }

    [Fact]
    public void A_child_run_that_cannot_be_read_names_the_activity_that_started_it_probe_2_E5()
    {
        var notFound = new AdfServiceException("PipelineRunNotFound", "Pipeline run c1 does not exist.", FailureKind.NotFound, 404);

        var failure = new RunTreeFailure("c1", "FanOutParent/RunChild[Table=table_00]", notFound);

        var error = Assert.IsType<AdfServiceException>(failure.Error);
        Assert.Equal(("PipelineRunNotFound", FailureKind.NotFound, 404), (error.Code, error.Kind, error.StatusCode));
        Assert.Equal("The activity runs of child pipeline run c1 (started by FanOutParent/RunChild[Table=table_00]) could not be read: Pipeline run c1 does not exist.", error.Message);
        Assert.Same(notFound, error.InnerException);
    }

    private sealed class ClaimsRecordingCredential : TokenCredential
    {
        private readonly bool refuseClaims;

        public ClaimsRecordingCredential(bool refuseClaims = false) => this.refuseClaims = refuseClaims;

        public List<string?> Claims { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => throw new NotSupportedException("async only");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Claims.Add(requestContext.Claims);
            if (refuseClaims && requestContext.Claims is not null)
            {
                throw new InvalidOperationException("This credential does not take claims.");
            }

            return new ValueTask<AccessToken>(new AccessToken("token-" + Claims.Count, DateTimeOffset.UtcNow.AddHours(1)));
        }
    }
}
