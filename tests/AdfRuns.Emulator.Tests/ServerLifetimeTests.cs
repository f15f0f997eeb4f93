using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class ServerLifetimeTests
{
    [Fact]
    public async Task A_run_completes_on_the_real_clock()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { ActivityDuration = TimeSpan.FromMilliseconds(30) });
        using var client = new HttpClient { BaseAddress = server.Endpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AccessToken);
        var factory = $"subscriptions/{server.SubscriptionId}/resourceGroups/{server.ResourceGroupName}/providers/Microsoft.DataFactory/factories/{server.FactoryName}";

        using var created = await client.PostAsync($"{factory}/pipelines/NightlyParent/createRun?api-version=2018-06-01", new StringContent("{}", Encoding.UTF8, "application/json"));
        var runId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString();

        var statuses = new List<string>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var response = await client.GetAsync($"{factory}/pipelineruns/{runId}?api-version=2018-06-01");
            var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!;
            if (statuses.LastOrDefault() != status)
            {
                statuses.Add(status);
            }

            if (status == "Succeeded")
            {
                break;
            }

            await Task.Delay(10);
        }

        Assert.Equal("Succeeded", statuses.Last());
        Assert.Equal(2, server.RunCount);
    }

    [Fact]
    public async Task Two_thousand_createRun_requests_in_a_row_are_quick()
    {
        using var harness = new ServerHarness();
        var watch = Stopwatch.StartNew();

        var batches = Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 250; i++)
            {
                using var response = await harness.Post("pipelines/Hello/createRun", "{}");
                Assert.Equal(200, (int)response.StatusCode);
            }
        });
        await Task.WhenAll(batches);

        Assert.Equal(2000, harness.Server.RunCount);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(2000, harness.Server.GetRequests().Select(r => r.CreatedRunId).Distinct().Count());
    }

    [Fact]
    public void Several_emulators_run_side_by_side_and_stop_is_idempotent()
    {
        using var first = AdfEmulatorServer.Start(new EmulatorOptions());
        using var second = AdfEmulatorServer.Start(new EmulatorOptions { FactoryName = "second-factory" });

        Assert.NotEqual(first.Endpoint, second.Endpoint);
        Assert.Equal("127.0.0.1", first.Endpoint.Host);
        Assert.Equal(new Uri(first.Endpoint, "msi/token"), first.IdentityEndpoint);
        Assert.NotEqual(first.AccessToken, second.AccessToken);

        var port = first.Endpoint.Port;
        Assert.Throws<InvalidOperationException>(() => AdfEmulatorServer.Start(new EmulatorOptions { Port = port }));

        first.Stop();
        first.Stop();
        first.Dispose();
    }

    [Fact]
    public void Start_rejects_a_bad_port()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdfEmulatorServer.Start(new EmulatorOptions { Port = 70000 }));
    }
}
