using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>A Fabric-mode server on a free port with a manual clock and an HttpClient holding its token.</summary>
internal sealed class FabricHarness : EmulatorHttpHarness
{
    public const string Window = "{\"lastUpdatedAfter\":\"2000-01-01T00:00:00Z\",\"lastUpdatedBefore\":\"2100-01-01T00:00:00Z\"}";

    public FabricHarness(Action<EmulatorOptions>? configure = null)
        : base(new EmulatorOptions { ActivityDuration = TimeSpan.FromSeconds(1), Fabric = true }, configure)
    {
    }

    public string Workspace => $"v1/workspaces/{Server.FabricWorkspaceId}";

    public Task<HttpResponseMessage> Post(string relative, string? body) =>
        Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, relative)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });

    public Task<HttpResponseMessage> Get(string relative) => Client.GetAsync(relative);

    public async Task<string> ItemId(string pipeline)
    {
        using var response = await Get($"{Workspace}/items");
        var items = (await ServerHarness.Json(response)).GetProperty("value").EnumerateArray();
        return items.Single(item => item.GetProperty("displayName").GetString() == pipeline).GetProperty("id").GetString()!;
    }

    /// <summary>Submits a pipeline job and returns its item id and the job id read from Location (the only place it is).</summary>
    public async Task<(string ItemId, string JobId)> Submit(string pipeline, string? body = null)
    {
        var itemId = await ItemId(pipeline);
        using var response = await Post($"{Workspace}/items/{itemId}/jobs/instances?jobType=Pipeline", body);
        Assert.Equal(202, (int)response.StatusCode);
        var location = response.Headers.Location!.ToString();
        return (itemId, location.Substring(location.LastIndexOf('/') + 1));
    }

    public async Task<JsonElement> Job(string itemId, string jobId)
    {
        using var response = await Get($"{Workspace}/items/{itemId}/jobs/instances/{jobId}");
        Assert.Equal(200, (int)response.StatusCode);
        return await ServerHarness.Json(response);
    }

    /// <summary>Fabric's error envelope, checked key by key: requestId, errorCode, message (recorded), then isRetriable.</summary>
    public static async Task<(string Code, JsonElement Body)> Error(HttpResponseMessage response)
    {
        var body = await ServerHarness.Json(response);
        Assert.Equal(new[] { "requestId", "errorCode", "message", "isRetriable" }, body.EnumerateObject().Select(p => p.Name));
        var code = body.GetProperty("errorCode").GetString()!;
        Assert.Equal(code, response.Headers.GetValues("x-ms-public-api-error-code").Single());
        Assert.Equal(body.GetProperty("requestId").GetString(), response.Headers.GetValues("RequestId").Single());
        return (code, body);
    }
}
