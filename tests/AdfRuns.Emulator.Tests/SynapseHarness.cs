using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>A Synapse-mode server on a free port with a manual clock and an HttpClient holding its token.</summary>
internal sealed class SynapseHarness : IDisposable
{
    public const string Window = "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2100-01-01T00:00:00Z\"}";

    public SynapseHarness(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { ActivityDuration = TimeSpan.FromSeconds(1), Synapse = true };
        configure?.Invoke(options);
        Server = AdfEmulatorServer.Start(options, Clock);
        Client = new HttpClient { BaseAddress = Server.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AccessToken);
    }

    public ManualEmulatorClock Clock { get; } = new();

    public AdfEmulatorServer Server { get; }

    public HttpClient Client { get; }

    public static string Url(string relative, string? extraQuery = null, string apiVersion = "2020-12-01") =>
        $"{relative}?api-version={apiVersion}{(extraQuery is null ? string.Empty : "&" + extraQuery)}";

    public Task<HttpResponseMessage> Post(string relative, string? body, string? extraQuery = null) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, Url(relative, extraQuery))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });

    public Task<HttpResponseMessage> Get(string relative) => Client.GetAsync(Url(relative));

    public async Task<string> CreateRun(string pipeline, string body = "{}", string? extraQuery = null)
    {
        using var response = await Post($"pipelines/{pipeline}/createRun", body, extraQuery);
        Assert.Equal(202, (int)response.StatusCode);
        return (await ServerHarness.Json(response)).GetProperty("runId").GetString()!;
    }

    public async Task<JsonElement> Run(string runId)
    {
        using var response = await Get($"pipelineruns/{runId}");
        Assert.Equal(200, (int)response.StatusCode);
        return await ServerHarness.Json(response);
    }

    /// <summary>The artifacts service's error: code and message at the top level, no "error" envelope.</summary>
    public static async Task<(string Code, string Message, JsonElement Body)> BareError(HttpResponseMessage response)
    {
        var body = await ServerHarness.Json(response);
        Assert.Equal(new[] { "code", "message", "target", "details", "error" }, body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        return (body.GetProperty("code").GetString()!, body.GetProperty("message").GetString()!, body);
    }

    public static void HasNoArmRateLimitHeaders(HttpResponseMessage response)
    {
        var names = response.Headers.Select(h => h.Key).ToList();
        Assert.DoesNotContain(names, name => name.StartsWith("x-ms-ratelimit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, name => name.Equals("x-ms-routing-request-id", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(names, name => name.Equals("x-ms-request-id", StringComparison.OrdinalIgnoreCase));
    }

    public static JsonElement Contract(string relative) => ContractExample(Path.Combine("synapse", relative));

    /// <summary>A file under the test output's contract/ folder (tests/contract), parsed.</summary>
    public static JsonElement ContractExample(string relative)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "contract", relative);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
