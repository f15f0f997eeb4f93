using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Every PipelineRun body in the real Azure PowerShell session record, mapped and compared with the raw JSON.</summary>
public sealed class ResponseMapperRecordingTests
{
    private const string OriginalRunId = "31f1bc88-c715-4cd9-b31f-73e51da2e079";

    [Fact]
    public void Recording_holds_the_expected_pipeline_run_reads()
    {
        var gets = ContractFiles.RecordedPipelineRunGets();

        // entries 11, 12 (original), 14 (recovery rerun), 16, 17 (rerun from activity)
        Assert.Equal(5, gets.Count);
        Assert.All(gets, g => Assert.False(string.IsNullOrEmpty(g.ResponseBody)));
    }

    [Fact]
    public void Every_recorded_run_maps_field_by_field_to_its_raw_json()
    {
        foreach (var entry in ContractFiles.RecordedPipelineRunGets())
        {
            var factory = ContractFiles.RecordedFactory(entry);
            var run = ResponseMapper.ReadPipelineRun(entry.ResponseBody!, factory);
            using var raw = JsonDocument.Parse(entry.ResponseBody!);
            var json = raw.RootElement;

            Assert.Equal(json.GetProperty("id").GetString(), run.Id);
            Assert.Equal(json.GetProperty("runId").GetString(), run.RunId);
            Assert.EndsWith("/pipelineruns/" + run.RunId, entry.PathOnly, StringComparison.Ordinal);
            Assert.Equal(json.GetProperty("runGroupId").GetString(), run.RunGroupId);
            Assert.Equal("samplePipeline", run.PipelineName);
            Assert.Null(run.DebugRunId);
            Assert.Equal(json.GetProperty("isLatest").GetBoolean(), run.IsLatest);
            Assert.Equal(("OutputBlobName", (object?)"test"), (Assert.Single(run.Parameters).Key, Assert.Single(run.Parameters).Value));
            Assert.Equal(json.GetProperty("invokedBy").GetProperty("id").GetString(), run.InvokedBy!.Id);
            Assert.Equal("Manual", run.InvokedBy.Name);
            Assert.Equal("Manual", run.InvokedBy.InvokedByType);
            Assert.Equal(ParseTime(json.GetProperty("runStart")), run.RunStart);
            Assert.Equal(ParseTime(json.GetProperty("runEnd")), run.RunEnd);
            Assert.Equal(ParseTime(json.GetProperty("lastUpdated")), run.LastUpdated);
            Assert.Equal(json.GetProperty("durationInMs").ValueKind == JsonValueKind.Null ? null : json.GetProperty("durationInMs").GetInt64(), run.DurationInMs);
            Assert.Equal(json.GetProperty("status").GetString(), run.Status);
            Assert.Equal(json.GetProperty("message").ValueKind == JsonValueKind.Null ? null : json.GetProperty("message").GetString(), run.Message);
            Assert.Empty(run.Annotations);
            Assert.Empty(run.RunDimension);
            Assert.Equal(factory, run.Target);
        }
    }

    [Fact]
    public void Recorded_id_is_the_upper_cased_arm_path_with_lower_case_pipelineruns()
    {
        var entry = ContractFiles.RecordedPipelineRunGets().First();
        var run = ResponseMapper.ReadPipelineRun(entry.ResponseBody!, ContractFiles.RecordedFactory(entry));

        Assert.Equal(
            "/SUBSCRIPTIONS/1E42591F-1F0C-4C5A-B7F2-A268F6105EC5/RESOURCEGROUPS/PS9237/PROVIDERS/MICROSOFT.DATAFACTORY/FACTORIES/PS6184/pipelineruns/" + OriginalRunId,
            run.Id);
        // The factory the engine knows equals the one in the id, ignoring case.
        Assert.Equal(new FactoryTarget("1E42591F-1F0C-4C5A-B7F2-A268F6105EC5", "PS9237", "PS6184"), run.Target);
    }

    [Fact]
    public void Original_run_is_its_own_group_canceling_with_empty_message()
    {
        var runs = ReadAll().Where(r => r.RunId == OriginalRunId).ToList();

        Assert.Equal(2, runs.Count);
        Assert.All(runs, run =>
        {
            Assert.Equal(OriginalRunId, run.RunGroupId);
            Assert.Equal(RunStatus.Canceling, run.Status);
            Assert.False(run.IsTerminal);
            Assert.Equal(string.Empty, run.Message);
            Assert.Null(run.RunEnd);
            Assert.Null(run.DurationInMs);
            Assert.True(run.IsLatest);
            Assert.Equal("79c06f1298a54e018e9b714ebc5e1d06", run.InvokedBy!.Id);
        });
    }

    [Fact]
    public void Recovery_runs_are_grouped_under_the_original_run_and_queued_with_null_message()
    {
        var reruns = ReadAll().Where(r => r.RunId != OriginalRunId).ToList();

        Assert.Equal(3, reruns.Count);
        Assert.All(reruns, run => Assert.Equal(OriginalRunId, run.RunGroupId));
        Assert.All(reruns, run => Assert.NotEqual(run.RunGroupId, run.RunId));

        var queued = reruns.Where(r => r.Status == RunStatus.Queued).ToList();
        Assert.Equal(2, queued.Count);
        Assert.All(queued, run =>
        {
            Assert.Null(run.Message); // null, not "", while queued
            Assert.True(run.IsLatest);
            Assert.Null(run.RunEnd);
        });
        Assert.Equal(new[] { "52588188-5b08-4976-acc3-6f294595d5e2", "379958e9-d519-4956-9d5b-8fddb9c5d9da" }, queued.Select(r => r.RunId));
    }

    [Fact]
    public void Failed_rerun_is_terminal_not_latest_with_message_and_duration()
    {
        var failed = Assert.Single(ReadAll(), r => r.Status == RunStatus.Failed);

        Assert.Equal("379958e9-d519-4956-9d5b-8fddb9c5d9da", failed.RunId);
        Assert.True(failed.IsTerminal);
        Assert.False(failed.IsLatest);
        Assert.Equal(17826L, failed.DurationInMs);
        Assert.Equal(Time("2020-03-18T20:51:50.98337Z"), failed.RunEnd);
        Assert.Equal(failed.RunEnd, failed.LastUpdated);
        Assert.Equal("Operation on target MyCopyActivity_0_0 failed: The workflow parameter 'OutputBlobName' is not found", failed.Message);
        Assert.Equal("68ce3833bf5540eabce56a1ace527113", failed.InvokedBy!.Id);
    }

    [Fact]
    public void Recorded_create_run_responses_yield_the_run_ids_read_back_later()
    {
        var created = ContractFiles.RecordedCreateRuns().Select(e => ResponseMapper.ReadRunId(e.ResponseBody!)).ToList();
        var readBack = ReadAll().Select(r => r.RunId).Distinct().ToList();

        Assert.Equal(4, created.Count);
        Assert.All(created, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.Equal(4, created.Distinct().Count());
        Assert.All(readBack, id => Assert.Contains(id, created));
    }

    [Fact]
    public void Recorded_empty_activity_query_maps_to_an_empty_last_page()
    {
        var queries = ContractFiles.RecordingEntries()
            .Where(e => e.Method == "POST" && e.PathOnly.EndsWith("/queryActivityruns", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(queries);
        Assert.All(queries, entry =>
        {
            var page = ResponseMapper.ReadActivityRunPage(entry.ResponseBody!, ContractFiles.RecordedFactory(entry));
            Assert.Empty(page.Items);
            Assert.Null(page.ContinuationToken);
        });
    }

    private static System.Collections.Generic.List<PipelineRunData> ReadAll() =>
        ContractFiles.RecordedPipelineRunGets()
            .Select(e => ResponseMapper.ReadPipelineRun(e.ResponseBody!, ContractFiles.RecordedFactory(e)))
            .ToList();

    private static DateTimeOffset? ParseTime(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : Time(value.GetString()!);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
