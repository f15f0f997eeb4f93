using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class FaultAndSecurityTests
{
    [Fact]
    public async Task Status_fault_answers_with_an_ARM_envelope_and_Retry_After_for_Count_requests()
    {
        using var harness = new ServerHarness();
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.GetRun, StatusCode = 503, RetryAfter = TimeSpan.FromSeconds(7), Count = 2 });
        var runId = await harness.CreateRun("Hello");

        for (var i = 0; i < 2; i++)
        {
            using var faulted = await harness.Get($"pipelineruns/{runId}");
            Assert.Equal(503, (int)faulted.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), faulted.Headers.RetryAfter!.Delta);
            Assert.Equal("ServiceUnavailable", (await ServerHarness.Error(faulted)).Code);
            Assert.True(faulted.Headers.Contains("x-ms-request-id"));
        }

        using var healthy = await harness.Get($"pipelineruns/{runId}");
        Assert.Equal(200, (int)healthy.StatusCode);
    }

    [Fact]
    public async Task AfterCommit_fault_creates_the_run_and_then_fails_the_response()
    {
        using var harness = new ServerHarness();
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, AfterCommit = true });

        using var response = await harness.Post("pipelines/Hello/createRun", "{}");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(1, harness.Server.RunCount);
        var recorded = harness.Server.GetRequests().Single();
        Assert.Equal(500, recorded.StatusCode);
        Assert.NotNull(recorded.CreatedRunId);
        using var get = await harness.Get($"pipelineruns/{recorded.CreatedRunId}");
        Assert.Equal(200, (int)get.StatusCode);
    }

    [Fact]
    public async Task Dropped_connection_gives_no_response_and_is_logged_with_status_0()
    {
        using var harness = new ServerHarness();
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, DropConnection = true });
        harness.Server.AddFault(new EmulatorFault { Operation = EmulatorOperation.CreateRun, DropConnection = true, AfterCommit = true });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => harness.Post("pipelines/Hello/createRun", "{}"));
        Assert.Equal(0, harness.Server.RunCount);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => harness.Post("pipelines/Hello/createRun", "{}"));
        Assert.Equal(1, harness.Server.RunCount);

        var requests = harness.Server.GetRequests();
        Assert.All(requests, r => Assert.Equal(0, r.StatusCode));
        Assert.Null(requests[0].CreatedRunId);
        Assert.NotNull(requests[1].CreatedRunId);

        using var afterwards = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(200, (int)afterwards.StatusCode);
    }

    [Fact]
    public async Task Delay_fault_waits_then_answers_normally_and_Any_matches_every_operation()
    {
        using var harness = new ServerHarness();
        harness.Server.AddFault(new EmulatorFault { Delay = TimeSpan.FromMilliseconds(300) });

        var watch = Stopwatch.StartNew();
        using var response = await harness.Get("pipelines");
        watch.Stop();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 250, $"answered after {watch.ElapsedMilliseconds} ms");

        harness.Server.AddFault(new EmulatorFault { StatusCode = 500, Count = 0 });
        harness.Server.ClearFaults();
        using var cleared = await harness.Get("pipelines");
        Assert.Equal(200, (int)cleared.StatusCode);
    }

    [Fact]
    public async Task Throttling_drains_the_write_bucket_then_answers_429_and_refills_with_time()
    {
        using var harness = new ServerHarness(o => o.Throttling = true);

        using var firstWrite = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal("199", firstWrite.Headers.GetValues("x-ms-ratelimit-remaining-subscription-writes").Single());
        using var firstRead = await harness.Get("pipelines");
        Assert.Equal("249", firstRead.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());

        for (var i = 0; i < 199; i++)
        {
            using var ok = await harness.Post("pipelines/Hello/createRun", "{}");
            Assert.Equal(200, (int)ok.StatusCode);
        }

        using var throttled = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(429, (int)throttled.StatusCode);
        Assert.Equal("SubscriptionRequestsThrottled", (await ServerHarness.Error(throttled)).Code);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter!.Delta);
        Assert.Equal(200, harness.Server.RunCount);

        using var readsStillFine = await harness.Get("pipelines");
        Assert.Equal(200, (int)readsStillFine.StatusCode);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        using var refilled = await harness.Post("pipelines/Hello/createRun", "{}");
        Assert.Equal(200, (int)refilled.StatusCode);
        Assert.Equal("9", refilled.Headers.GetValues("x-ms-ratelimit-remaining-subscription-writes").Single());
    }

    [Fact]
    public async Task Identity_endpoint_issues_tokens_the_ARM_routes_accept()
    {
        using var harness = new ServerHarness();
        using var client = new HttpClient();
        var url = harness.Server.IdentityEndpoint + "?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com%2F&client_id=my-uami";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-IDENTITY-HEADER", harness.Server.IdentityHeader);

        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var token = await ServerHarness.Json(response);
        var accessToken = token.GetProperty("access_token").GetString()!;
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal("https://management.azure.com/", token.GetProperty("resource").GetString());
        Assert.Equal("my-uami", token.GetProperty("client_id").GetString());
        var expiresOn = long.Parse(token.GetProperty("expires_on").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expiresOn > harness.Clock.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(3, accessToken.Split('.').Length);

        using var arm = new HttpClient { BaseAddress = harness.Server.Endpoint };
        arm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var pipelines = await arm.GetAsync(harness.Url("pipelines"));
        Assert.Equal(200, (int)pipelines.StatusCode);

        var recorded = harness.Server.GetRequests().First();
        Assert.Equal(EmulatorOperation.Token, recorded.Operation);
        Assert.Contains("client_id=my-uami", recorded.Query);
        Assert.Contains("resource=https%3A%2F%2Fmanagement.azure.com%2F", recorded.Query);
    }

    [Fact]
    public async Task Identity_endpoint_rejects_a_missing_or_wrong_secret_and_a_missing_resource()
    {
        using var harness = new ServerHarness();
        using var client = new HttpClient();
        async Task<int> Ask(string query, string? secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, harness.Server.IdentityEndpoint + query);
            if (secret is not null)
            {
                request.Headers.Add("X-IDENTITY-HEADER", secret);
            }

            using var response = await client.SendAsync(request);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(body.RootElement.TryGetProperty("error", out _));
            return (int)response.StatusCode;
        }

        Assert.Equal(400, await Ask("?api-version=2019-08-01&resource=https://management.azure.com/", null));
        Assert.Equal(401, await Ask("?api-version=2019-08-01&resource=https://management.azure.com/", "wrong"));
        Assert.Equal(400, await Ask("?api-version=2019-08-01", harness.Server.IdentityHeader));
        Assert.Equal(400, await Ask("?api-version=2017-09-01&resource=x", harness.Server.IdentityHeader));
    }

    [Fact]
    public async Task Request_log_records_everything_and_redacts_the_authorization_header()
    {
        using var harness = new ServerHarness();
        await harness.CreateRun("ParameterTypes", "{\"Name\":\"logged\"}", "isRecovery=false");
        using var anonymous = new HttpClient { BaseAddress = harness.Server.Endpoint };
        using var unauthorized = await anonymous.GetAsync(harness.Url("pipelines"));

        var requests = harness.Server.GetRequests();
        Assert.Equal(2, requests.Count);
        var create = requests[0];
        Assert.Equal("POST", create.Method);
        Assert.EndsWith("/pipelines/ParameterTypes/createRun", create.Path);
        Assert.Equal("api-version=2018-06-01&isRecovery=false", create.Query);
        Assert.Equal("{\"Name\":\"logged\"}", create.Body);
        Assert.Equal("Bearer <redacted>", create.Headers["authorization"]);
        Assert.DoesNotContain(requests.SelectMany(r => r.Headers.Values), v => v.Contains(harness.Server.AccessToken, StringComparison.Ordinal));
        Assert.Equal(EmulatorOperation.CreateRun, create.Operation);
        Assert.Equal(200, create.StatusCode);
        Assert.Equal(401, requests[1].StatusCode);
        Assert.Equal(EmulatorOperation.ListPipelines, requests[1].Operation);

        harness.Server.ClearRequests();
        Assert.Empty(harness.Server.GetRequests());
    }
}

public class SecureParameterTests
{
    [Fact]
    public async Task D9_a_SecureString_parameter_is_masked_in_the_run_the_query_and_the_request_log()
    {
        using var harness = new ServerHarness();
        var runId = await harness.CreateRun("ParameterTypes", "{\"Name\":\"n\",\"secret\":\"p@ss-word-123\"}");

        using var get = await harness.Get($"pipelineruns/{runId}");
        var getText = await get.Content.ReadAsStringAsync();
        using var query = await harness.Post("queryPipelineRuns", "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2999-01-01T00:00:00Z\"}");
        var queryText = await query.Content.ReadAsStringAsync();
        var logged = harness.Server.GetRequests().Single(r => r.Operation == EmulatorOperation.CreateRun);

        foreach (var text in new[] { getText, queryText, logged.Body! })
        {
            Assert.DoesNotContain("p@ss-word-123", text);
        }

        Assert.Equal(Simulation.SecureParameters.Mask, (await ServerHarness.Json(get)).GetProperty("parameters").GetProperty("Secret").GetString());
        using var body = JsonDocument.Parse(logged.Body!);
        Assert.Equal(Simulation.SecureParameters.Mask, body.RootElement.GetProperty("secret").GetString());
        Assert.Equal("n", body.RootElement.GetProperty("Name").GetString());
    }

    [Fact]
    public async Task D9_bodies_without_a_SecureString_parameter_are_logged_exactly_as_sent()
    {
        using var harness = new ServerHarness();
        await harness.CreateRun("ParameterTypes", "{ \"Name\" : \"n\" }");
        await harness.CreateRun("CopySales", "{\"Day\":\"2024-05-01\"}");

        var bodies = harness.Server.GetRequests().Select(r => r.Body).ToList();
        Assert.Equal(new[] { "{ \"Name\" : \"n\" }", "{\"Day\":\"2024-05-01\"}" }, bodies);
    }
}
