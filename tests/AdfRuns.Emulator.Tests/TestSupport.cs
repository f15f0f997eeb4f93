using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AdfRuns.Emulator.Definitions;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>A run simulator on a manual clock: tests move time explicitly instead of sleeping.</summary>
internal sealed class SimulationHarness
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    public SimulationHarness(params string[] pipelineJson)
    {
        var definitions = pipelineJson.Length == 0
            ? PipelineLoader.LoadSampleFactory()
            : pipelineJson.Select((json, i) => PipelineLoader.Parse(json, $"test-pipeline-{i}.json")).ToList();
        Simulator = new RunSimulator(definitions, Clock, Step);
        Start = Clock.UtcNow;
    }

    public ManualEmulatorClock Clock { get; } = new();

    public RunSimulator Simulator { get; }

    public DateTimeOffset Start { get; }

    public string Create(string pipeline, string? body = null) =>
        Simulator.CreateRun(new CreateRunRequest { PipelineName = pipeline, Body = body });

    public string Rerun(string pipeline, string reference, bool recovery = true, string? startActivity = null, bool fromFailure = false, string? body = null) =>
        Simulator.CreateRun(new CreateRunRequest
        {
            PipelineName = pipeline,
            ReferencePipelineRunId = reference,
            IsRecovery = recovery,
            StartActivityName = startActivity,
            StartFromFailure = fromFailure,
            Body = body,
        });

    public PipelineRunView Run(string runId) => Simulator.GetRun(runId) ?? throw new InvalidOperationException($"no run {runId}");

    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Simulator.Advance();
    }

    /// <summary>Moves the clock in small steps until the run is terminal (bounded, so a stuck run fails the test).</summary>
    public PipelineRunView RunToEnd(string runId)
    {
        for (var i = 0; i < 1000; i++)
        {
            var run = Run(runId);
            if (RunStatus.IsTerminal(run.Status))
            {
                return run;
            }

            Advance(TimeSpan.FromMilliseconds(100));
        }

        throw new InvalidOperationException($"run {runId} never finished");
    }

    public IReadOnlyList<ActivityRunView> Activities(string runId) => Simulator.GetActivityRuns(runId);

    public ActivityRunView Activity(string runId, string name) => Activities(runId).Single(a => a.ActivityName == name);

    public static ServiceException Rejects(Action action) => Assert.Throws<ServiceException>(action);
}

/// <summary>Builds pipeline JSON in ADF's own format for tests.</summary>
internal static class PipelineJson
{
    public static string Build(string name, params JsonObject[] activities) => BuildWithParameters(name, null, activities);

    public static string BuildWithParameters(string name, JsonObject? parameters, params JsonObject[] activities)
    {
        var properties = new JsonObject { ["activities"] = new JsonArray(activities.Cast<JsonNode>().ToArray()) };
        if (parameters is not null)
        {
            properties["parameters"] = parameters;
        }

        properties["annotations"] = new JsonArray();
        return new JsonObject { ["name"] = name, ["properties"] = properties }.ToJsonString();
    }

    public static JsonObject Activity(string name, string type = "Wait", params (string Upstream, string[] Conditions)[] dependsOn) =>
        new()
        {
            ["name"] = name,
            ["type"] = type,
            ["dependsOn"] = new JsonArray(dependsOn.Select(d => (JsonNode)new JsonObject
            {
                ["activity"] = d.Upstream,
                ["dependencyConditions"] = new JsonArray(d.Conditions.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
            }).ToArray()),
            ["userProperties"] = new JsonArray(),
            ["typeProperties"] = new JsonObject { ["waitTimeInSeconds"] = 1 },
        };

    public static (string, string[]) On(string upstream, params string[] conditions) => (upstream, conditions);
}

/// <summary>A started server on a free port with a manual clock and an authenticated HttpClient.</summary>
internal sealed class ServerHarness : IDisposable
{
    public ServerHarness(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { ActivityDuration = TimeSpan.FromSeconds(1) };
        configure?.Invoke(options);
        Server = AdfEmulatorServer.Start(options, Clock);
        Client = new HttpClient { BaseAddress = Server.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AccessToken);
    }

    public ManualEmulatorClock Clock { get; } = new();

    public AdfEmulatorServer Server { get; }

    public HttpClient Client { get; }

    public string FactoryPath =>
        $"subscriptions/{Server.SubscriptionId}/resourceGroups/{Server.ResourceGroupName}/providers/Microsoft.DataFactory/factories/{Server.FactoryName}";

    public string Url(string relative, string? extraQuery = null) =>
        $"{FactoryPath}/{relative}?api-version=2018-06-01{(extraQuery is null ? string.Empty : "&" + extraQuery)}";

    public Task<HttpResponseMessage> Post(string relative, string? body, string? extraQuery = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(relative, extraQuery));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> Get(string relative) => Client.GetAsync(Url(relative));

    public async Task<string> CreateRun(string pipeline, string body = "{}", string? extraQuery = null)
    {
        using var response = await Post($"pipelines/{pipeline}/createRun", body, extraQuery);
        Assert.Equal(200, (int)response.StatusCode);
        return (await Json(response)).GetProperty("runId").GetString()!;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static async Task<(string Code, string Message, JsonElement Error)> Error(HttpResponseMessage response)
    {
        var error = (await Json(response)).GetProperty("error");
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!, error);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "adfemu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
