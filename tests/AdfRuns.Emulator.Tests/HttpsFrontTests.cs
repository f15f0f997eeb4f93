using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class HttpsFrontTests
{
    [Fact]
    public async Task Https_serves_the_same_routes_over_one_kept_alive_connection_with_a_certificate_for_loopback()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Https = true });
        using var client = PinnedClient(server);
        var factory = FactoryPath(server);

        using var first = await client.GetAsync($"{factory}?api-version=2018-06-01");
        using var second = await client.GetAsync($"{factory}/pipelines?api-version=2018-06-01");

        Assert.Equal("https", server.Endpoint.Scheme);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("\"CopySales\"", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("IP Address:127.0.0.1", server.Certificate!.Extensions["2.5.29.17"]!.Format(false), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(server.CertificatePath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_reads_a_chunked_request_body()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Https = true });
        using var client = PinnedClient(server);
        var body = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"Day\":\"2024-05-01\"}")));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{FactoryPath(server)}/pipelines/CopySales/createRun?api-version=2018-06-01") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("2024-05-01", server.GetRequests()[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_drops_the_connection_for_a_DropConnection_fault_and_refuses_an_oversized_body_with_413()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Https = true });
        using var client = PinnedClient(server);
        server.AddFault(new EmulatorFault { Operation = EmulatorOperation.GetFactory, DropConnection = true });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync($"{FactoryPath(server)}?api-version=2018-06-01"));
        using var large = await client.PostAsync(
            $"{FactoryPath(server)}/pipelines/CopySales/createRun?api-version=2018-06-01",
            new StringContent(new string('x', 5 * 1024 * 1024), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_and_the_server_goes_on()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Https = true });
        using var untrusting = new HttpClient { BaseAddress = server.Endpoint };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => untrusting.GetAsync("_adfruns/"));
        using var trusting = PinnedClient(server);
        using var answer = await trusting.GetAsync("_adfruns/");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public void Stopping_removes_the_certificate_file_it_made_but_not_one_it_was_given()
    {
        var given = Path.Combine(Path.GetTempPath(), $"adfruns-test-{Guid.NewGuid():N}.pem");
        var made = AdfEmulatorServer.Start(new EmulatorOptions { Https = true });
        var chosen = AdfEmulatorServer.Start(new EmulatorOptions { Https = true, CertificatePath = given });
        var madePath = made.CertificatePath!;

        made.Stop();
        chosen.Stop();

        Assert.False(File.Exists(madePath));
        Assert.True(File.Exists(given));
        File.Delete(given);
    }

    private static string FactoryPath(AdfEmulatorServer server) =>
        $"subscriptions/{server.SubscriptionId}/resourceGroups/{server.ResourceGroupName}/providers/Microsoft.DataFactory/factories/{server.FactoryName}";

    // The test trusts exactly the emulator's certificate, as a user's client given the PEM does.
    private static HttpClient PinnedClient(AdfEmulatorServer server)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.RawData.AsSpan().SequenceEqual(server.Certificate!.RawData),
        };
        var client = new HttpClient(handler) { BaseAddress = server.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AccessToken);
        return client;
    }
}

public class RunRetentionTests
{
    [Fact]
    public void Past_the_retained_count_the_oldest_finished_runs_are_forgotten_and_running_ones_kept()
    {
        var harness = new SimulationHarness();
        harness.Simulator.MaxRetainedRuns = 10;
        var first = harness.Create("Hello");
        harness.Advance(TimeSpan.FromMinutes(1));
        var finished = new System.Collections.Generic.List<string> { first };
        for (var i = 0; i < 9; i++)
        {
            finished.Add(harness.Create("Hello"));
        }

        harness.Advance(TimeSpan.FromMinutes(1));
        var running = harness.Create("Hello");
        for (var i = 0; i < 10; i++)
        {
            harness.Create("Hello");
        }

        Assert.InRange(harness.Simulator.RunCount, 10, 11);
        Assert.Null(harness.Simulator.GetRun(first));
        Assert.NotNull(harness.Simulator.GetRun(running));
    }
}
