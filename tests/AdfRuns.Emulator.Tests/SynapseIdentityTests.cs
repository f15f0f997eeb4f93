using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>Issue 16: who a Synapse-mode emulator lets in, and what the server object says about its mode.</summary>
public class SynapseIdentityTests
{
    [Fact]
    public async Task Issue16_requests_without_a_workspace_token_get_401_in_the_gateway_envelope()
    {
        using var harness = new SynapseHarness();
        using var anonymous = new HttpClient { BaseAddress = harness.Server.Endpoint };

        using var missing = await anonymous.GetAsync(SynapseHarness.Url("pipelines"));
        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal("Unauthorized", await EnvelopeCode(missing));
        SynapseHarness.HasNoArmRateLimitHeaders(missing);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var wrong = await anonymous.GetAsync(SynapseHarness.Url("pipelines"));
        Assert.Equal(401, (int)wrong.StatusCode);
        Assert.Equal("Unauthorized", await EnvelopeCode(wrong));
    }

    [Theory]
    [InlineData("https://dev.azuresynapse.net", 200)]
    [InlineData("https://dev.azuresynapse.net/", 200)]
    [InlineData("https://dev.azuresynapse.net/.default", 200)]
    [InlineData("https://management.azure.com/", 401)]
    public async Task Issue16_identity_tokens_are_accepted_for_the_synapse_audience_only(string resource, int expected)
    {
        using var harness = new SynapseHarness();
        var token = await IdentityToken(harness, resource);
        using var client = new HttpClient { BaseAddress = harness.Server.Endpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync(SynapseHarness.Url("pipelines"));

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 401)
        {
            Assert.Equal("InvalidTokenAudience", await EnvelopeCode(response));
        }
    }

    [Fact]
    public async Task Issue16_S2_emulators_running_side_by_side_accept_each_others_access_token_until_stopped()
    {
        using var synapse = new SynapseHarness();
        var factory = AdfEmulatorServer.Start(new EmulatorOptions());
        using var client = new HttpClient { BaseAddress = synapse.Server.Endpoint };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.AccessToken);
        try
        {
            Assert.NotEqual(factory.AccessToken, synapse.Server.AccessToken);
            using var accepted = await client.GetAsync(SynapseHarness.Url("pipelines"));
            Assert.Equal(200, (int)accepted.StatusCode);
        }
        finally
        {
            factory.Stop();
        }

        using var refused = await client.GetAsync(SynapseHarness.Url("pipelines"));
        Assert.Equal(401, (int)refused.StatusCode);
    }

    [Fact]
    public void Issue16_the_server_names_its_workspace_only_in_synapse_mode()
    {
        using (var synapse = new SynapseHarness(options => options.WorkspaceName = "salesws"))
        {
            Assert.Equal(EmulatedService.Synapse, synapse.Server.Service);
            Assert.Equal("salesws", synapse.Server.WorkspaceName);
            Assert.Equal(synapse.Server.Endpoint, synapse.Server.WorkspaceEndpoint);
        }

        using (var defaulted = new SynapseHarness())
        {
            Assert.Equal(EmulatorOptions.DefaultWorkspaceName, defaulted.Server.WorkspaceName);
        }

        using var factory = new ServerHarness();
        Assert.Equal(EmulatedService.DataFactory, factory.Server.Service);
        Assert.Null(factory.Server.WorkspaceName);
        Assert.Null(factory.Server.WorkspaceEndpoint);
        Assert.Throws<ArgumentException>(() => AdfEmulatorServer.Start(new EmulatorOptions { Synapse = true, WorkspaceName = " " }));
    }

    private static async Task<string> IdentityToken(SynapseHarness harness, string resource)
    {
        using var client = new HttpClient();
        var url = harness.Server.IdentityEndpoint + "?api-version=2019-08-01&resource=" + Uri.EscapeDataString(resource);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-IDENTITY-HEADER", harness.Server.IdentityHeader);
        using var response = await client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return (await ServerHarness.Json(response)).GetProperty("access_token").GetString()!;
    }

    private static async Task<string> EnvelopeCode(HttpResponseMessage response)
    {
        var body = await ServerHarness.Json(response);
        Assert.Equal(new[] { "error" }, System.Linq.Enumerable.Select(body.EnumerateObject(), p => p.Name));
        return body.GetProperty("error").GetProperty("code").GetString()!;
    }
}
