using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Fabric;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 22: Fabric workspace and pipeline names resolve from one cached list, not one request per input.</summary>
public sealed class FabricDirectoryTests
{
    private static readonly FabricWorkspaceRef Sales = new("efeaa2e0-49e1-48cb-b22b-6b7edaaf8968", "Sales");

    private DateTimeOffset now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private int reads;
    private List<FabricEntry> items = new()
    {
        new("c7995b9d-2c5e-45c9-a948-d22df6f17086", "CopySales", "DataPipeline"),
        new("9da35c17-eb13-4ff0-b9c6-757d8a3e7c36", "Hello", "DataPipeline"),
    };

    [Fact]
    public async Task A_thousand_inputs_in_flight_read_the_item_list_once()
    {
        var gate = new TaskCompletionSource<bool>();
        var directory = new FabricDirectory(() => now);

        var lookups = Enumerable.Range(0, 1000).Select(i => directory.PipelineAsync(Sales, i % 2 == 0 ? "CopySales" : "Hello", async _ =>
        {
            await gate.Task;
            return List();
        }, CancellationToken.None)).ToList();
        gate.SetResult(true);
        var found = await Task.WhenAll(lookups);

        Assert.Equal(1, reads);
        Assert.Equal(500, found.Count(entry => entry.Id == "c7995b9d-2c5e-45c9-a948-d22df6f17086"));
    }

    [Theory]
    [InlineData("CopySales")]
    [InlineData("copysales")]
    [InlineData("C7995B9D-2C5E-45C9-A948-D22DF6F17086")]
    public async Task A_pipeline_is_found_by_display_name_in_any_case_or_by_item_id(string given)
    {
        var directory = new FabricDirectory(() => now);

        var entry = await directory.PipelineAsync(Sales, given, _ => Task.FromResult(List()), CancellationToken.None);

        Assert.Equal(("c7995b9d-2c5e-45c9-a948-d22df6f17086", "CopySales"), (entry.Id, entry.DisplayName));
    }

    [Fact]
    public async Task A_missing_name_rereads_a_stale_list_once_but_not_a_fresh_one()
    {
        var directory = new FabricDirectory(() => now);
        await directory.PipelineAsync(Sales, "Hello", _ => Task.FromResult(List()), CancellationToken.None);

        var fresh = await Assert.ThrowsAsync<AdfServiceException>(() => directory.PipelineAsync(Sales, "Nightly", _ => Task.FromResult(List()), CancellationToken.None));
        Assert.Equal(("PipelineNotFound", FailureKind.NotFound), (fresh.Code, fresh.Kind));
        Assert.Contains("'Sales'", fresh.Message, StringComparison.Ordinal);
        Assert.Equal(1, reads);

        now += FabricDirectory.Freshness;
        items.Add(new FabricEntry("0205617a-1781-4567-a182-f1ddad8d20b5", "Nightly", "DataPipeline"));
        var made = await directory.PipelineAsync(Sales, "Nightly", _ => Task.FromResult(List()), CancellationToken.None);
        Assert.Equal("0205617a-1781-4567-a182-f1ddad8d20b5", made.Id);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_failed_list_read_is_not_kept()
    {
        var directory = new FabricDirectory(() => now);
        await Assert.ThrowsAsync<AdfServiceException>(() => directory.PipelineAsync(Sales, "Hello", _ => throw new AdfServiceException("RequestBlocked", "blocked", FailureKind.Throttled, 429), CancellationToken.None));

        var entry = await directory.PipelineAsync(Sales, "Hello", _ => Task.FromResult(List()), CancellationToken.None);

        Assert.Equal("Hello", entry.DisplayName);
    }

    [Fact]
    public async Task A_workspace_is_found_by_name_or_id_and_an_unknown_one_is_WorkspaceNotFound()
    {
        var directory = new FabricDirectory(() => now);
        Task<IReadOnlyList<FabricEntry>> Workspaces(CancellationToken _) =>
            Task.FromResult<IReadOnlyList<FabricEntry>>(new[] { new FabricEntry(Sales.Id, "Sales", "Workspace"), new FabricEntry("3634a139-2c9e-4205-910b-3b089a31be47", "My workspace", "Personal") });

        Assert.Equal(Sales.Id, (await directory.WorkspaceAsync("Sales", Workspaces, CancellationToken.None)).Id);
        Assert.Equal("My workspace", (await directory.WorkspaceAsync("3634a139-2c9e-4205-910b-3b089a31be47", Workspaces, CancellationToken.None)).DisplayName);
        var missing = await Assert.ThrowsAsync<AdfServiceException>(() => directory.WorkspaceAsync("Finance", Workspaces, CancellationToken.None));
        Assert.Equal(("WorkspaceNotFound", "Finance"), (missing.Code, missing.Target));
    }

    private IReadOnlyList<FabricEntry> List()
    {
        Interlocked.Increment(ref reads);
        return items.ToList();
    }
}
