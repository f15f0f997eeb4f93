using System;
using System.Globalization;
using System.Linq;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>
/// Issue 22: Fabric's answers, read field by field from real recorded traffic (tests/contract/fabric/recordings, the
/// fabric-cli cassettes) and the fabric-docs samples (tests/contract/fabric/docs).
/// </summary>
public sealed class FabricContractTests
{
    private const string Pipeline2025 = "fabric-cli_test_run_pipeline_2025-09-07.yaml";
    private const string Pipeline2026 = "fabric-cli_test_run_pipeline_2026-04-22.yaml";
    private const string ParamJob2026 = "fabric-cli_test_run_param_job_2026-04-27.yaml";

    [Fact]
    public void A_recorded_submit_answers_202_with_an_empty_body_and_names_the_job_only_in_Location()
    {
        var exchanges = FabricCassette.Read(Pipeline2025);
        var submit = exchanges.Single(e => e.Method == "POST" && e.Uri.EndsWith("/jobs/instances?jobType=Pipeline", StringComparison.Ordinal));

        Assert.Equal(202, submit.Status);
        Assert.Equal(string.Empty, submit.ResponseBody ?? string.Empty);
        Assert.Equal("60", submit.ResponseHeaders["Retry-After"]);
        var jobId = FabricResponses.JobIdFromLocation(submit.ResponseHeaders["Location"]);
        var firstRead = exchanges.JobReads().First();
        Assert.Equal(submit.ResponseHeaders["Location"], firstRead.Uri);
        Assert.Equal(jobId, FabricResponses.ReadJobInstance(firstRead.ResponseBody!, "P").RunId);
    }

    [Theory]
    [InlineData("https://api.fabric.microsoft.com/v1/workspaces/w/items/i/jobs/instances/0205617a-1781-4567-a182-f1ddad8d20b5", "0205617a-1781-4567-a182-f1ddad8d20b5")]
    [InlineData("http://127.0.0.1:5000/v1/workspaces/w/items/i/jobs/instances/0205617A-1781-4567-A182-F1DDAD8D20B5?x=1", "0205617A-1781-4567-A182-F1DDAD8D20B5")]
    public void The_job_id_is_read_from_Location(string location, string expected) =>
        Assert.Equal(expected, FabricResponses.JobIdFromLocation(location));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://api.fabric.microsoft.com/v1/workspaces/w/items/i")]
    [InlineData("https://api.fabric.microsoft.com/v1/workspaces/w/items/i/jobs/instances/not-a-guid")]
    public void A_Location_without_a_job_id_is_an_error_not_a_guess(string? location) =>
        Assert.Throws<FormatException>(() => FabricResponses.JobIdFromLocation(location));

    [Fact]
    public void A_recorded_job_instance_maps_field_by_field_with_times_without_and_with_Z()
    {
        var reads = FabricCassette.Read(Pipeline2025).JobReads().ToList();
        var final = reads.Last();
        Assert.Contains("\"endTimeUtc\": \"2025-09-07T15:06:10.1895065Z\"", final.ResponseBody, StringComparison.Ordinal);

        var run = FabricResponses.ReadJobInstance(final.ResponseBody!, "Pipeline1");

        var recorded = System.Text.Json.JsonDocument.Parse(final.ResponseBody!).RootElement;
        Assert.Equal(recorded.GetProperty("id").GetString(), run.RunId);
        Assert.Equal(recorded.GetProperty("itemId").GetString(), run.PipelineId);
        Assert.Equal("Pipeline1", run.PipelineName);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.True(run.IsTerminal);
        Assert.Null(run.Message);
        Assert.Equal(("Manual", "Manual", recorded.GetProperty("rootActivityId").GetString()), (run.InvokedBy!.Name, run.InvokedBy.InvokedByType, run.InvokedBy.Id));
        // startTimeUtc has no zone suffix and is UTC all the same; endTimeUtc has one.
        var startText = recorded.GetProperty("startTimeUtc").GetString()!;
        Assert.DoesNotContain("Z", startText, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse(startText + "Z", CultureInfo.InvariantCulture), run.RunStart);
        Assert.Equal(TimeSpan.Zero, run.RunStart!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2025, 9, 7, 15, 6, 10, TimeSpan.Zero).AddTicks(1895065), run.RunEnd);
        Assert.Equal((long)(run.RunEnd!.Value - run.RunStart.Value).TotalMilliseconds, run.DurationInMs);
    }

    [Fact]
    public void A_job_that_answers_NotStarted_after_its_recorded_end_is_still_unfinished()
    {
        // The 2026-04-27 pipeline job: NotStarted, NotStarted, then Completed with endTimeUtc 06:55:44.27, which is
        // earlier than the answer (06:55:46) that still said NotStarted.
        var reads = FabricCassette.Read(ParamJob2026).JobReads().Where(e => e.ResponseBody!.Contains("\"Pipeline\"", StringComparison.Ordinal)).ToList();
        var runs = reads.Select(e => FabricResponses.ReadJobInstance(e.ResponseBody!, "P")).ToList();

        Assert.Equal(new[] { RunStatus.Queued, RunStatus.Queued, RunStatus.Succeeded }, runs.Select(r => r.Status));
        Assert.Equal(new[] { false, false, true }, runs.Select(r => r.IsTerminal));
        Assert.Null(runs[0].RunEnd);
        Assert.Equal(new DateTimeOffset(2026, 4, 27, 6, 55, 44, TimeSpan.Zero).AddTicks(2675026), runs[2].RunEnd);
    }

    [Fact]
    public void The_start_time_rewritten_when_the_job_really_starts_is_read_from_each_answer()
    {
        var runs = FabricCassette.Read(Pipeline2026).JobReads().Select(e => FabricResponses.ReadJobInstance(e.ResponseBody!, "P")).ToList();

        Assert.Equal(RunStatus.Queued, runs.First().Status);
        Assert.Equal(RunStatus.Succeeded, runs.Last().Status);
        Assert.True(runs.Last().RunStart > runs.First().RunStart, "the finished job's startTimeUtc is later than the NotStarted one's");
    }

    [Fact]
    public void Cancelled_with_no_end_time_is_finished()
    {
        var read = FabricCassette.Read("fabric-cli_test_run_job_notebook_timeout_2025-09-07.yaml").JobReads()
            .Single(e => e.ResponseBody!.Contains("\"Cancelled\"", StringComparison.Ordinal));

        var run = FabricResponses.ReadJobInstance(read.ResponseBody!, "P");

        Assert.Equal((RunStatus.Cancelled, true), (run.Status, run.IsTerminal));
        Assert.Null(run.RunEnd);
        Assert.Null(run.DurationInMs);
    }

    [Fact]
    public void A_recorded_cancel_answers_202_with_an_empty_body_and_the_job_in_Location()
    {
        var exchanges = FabricCassette.Read("fabric-cli_test_start_job_notebook_and_cancel_2025-09-07.yaml");
        var cancel = exchanges.Single(e => e.Method == "POST" && e.Uri.EndsWith("/cancel", StringComparison.Ordinal));

        Assert.Equal(202, cancel.Status);
        Assert.Equal(string.Empty, cancel.ResponseBody ?? string.Empty);
        Assert.Equal(cancel.Uri.Substring(0, cancel.Uri.Length - "/cancel".Length), cancel.ResponseHeaders["Location"]);
        Assert.Equal("60", cancel.ResponseHeaders["Retry-After"]);
    }

    [Fact]
    public void A_failed_jobs_failureReason_becomes_the_message_until_the_activity_runs_say_more()
    {
        var read = FabricCassette.Read("fabric-cli_test_job_run_exits_with_code_1_success_2026-04-27.yaml").JobReads()
            .Single(e => e.ResponseBody!.Contains("\"Failed\"", StringComparison.Ordinal));

        var run = FabricResponses.ReadJobInstance(read.ResponseBody!, "P");

        Assert.Equal((RunStatus.Failed, true), (run.Status, run.IsTerminal));
        Assert.Equal("Job instance failed without detail error", run.Message);
    }

    [Theory]
    [InlineData("NotStarted", RunStatus.Queued, false)]
    [InlineData("InProgress", RunStatus.InProgress, false)]
    [InlineData("Completed", RunStatus.Succeeded, true)]
    [InlineData("Failed", RunStatus.Failed, true)]
    [InlineData("Cancelled", RunStatus.Cancelled, true)]
    [InlineData("Deduped", RunStatus.Deduped, true)]
    [InlineData("SomethingNew", "SomethingNew", false)]
    public void Fabric_statuses_keep_AdfRuns_names_and_only_terminal_ones_finish(string fabric, string expected, bool terminal)
    {
        var run = FabricResponses.ReadJobInstance($"{{\"id\":\"{Guid.NewGuid()}\",\"status\":\"{fabric}\",\"startTimeUtc\":\"2026-04-27T06:54:51.05\",\"endTimeUtc\":\"2026-04-27T06:55:44.27\"}}", "P");

        Assert.Equal((expected, terminal), (run.Status, run.IsTerminal));
    }

    [Fact]
    public void The_recorded_429_RequestBlocked_is_throttling_with_its_code_message_and_request_id()
    {
        var blocked = FabricCassette.Read("fabric-cli_test_mkdir_subfolder_success_429_RequestBlocked.yaml").Single(e => e.Status == 429);

        var error = ErrorTranslator.FromResponse(429, "", blocked.ResponseBody, null, TimeSpan.FromSeconds(57));

        Assert.Equal("RequestBlocked", error.Code);
        Assert.Equal(blocked.ResponseHeaders["x-ms-public-api-error-code"], error.Code);
        Assert.Equal("Request is blocked by the upstream service until: 9/3/2025 6:54:11 AM (UTC)", error.Message);
        Assert.Equal(FailureKind.Throttled, error.Kind);
        Assert.Equal(blocked.ResponseHeaders["RequestId"], error.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(57), error.RetryAfter);
    }

    [Fact]
    public void Fabrics_full_envelope_gives_its_details_and_related_resource()
    {
        // The reference's ErrorResponse: errorCode, message, requestId, moreDetails[{errorCode, message, relatedResource}], relatedResource, isRetriable.
        const string body = "{\"requestId\":\"r1\",\"errorCode\":\"ItemNotFound\",\"message\":\"The requested item was not found.\"," +
            "\"moreDetails\":[{\"errorCode\":\"PipelineMissing\",\"message\":\"Deleted yesterday.\",\"relatedResource\":{\"resourceId\":\"x\",\"resourceType\":\"DataPipeline\"}}]," +
            "\"relatedResource\":{\"resourceId\":\"c7995b9d-2c5e-45c9-a948-d22df6f17086\",\"resourceType\":\"DataPipeline\"},\"isRetriable\":false}";

        var error = ErrorTranslator.FromResponse(404, "Not Found", body, null, null);

        Assert.Equal("ItemNotFound", error.Code);
        Assert.Equal("The requested item was not found. PipelineMissing: Deleted yesterday.", error.Message);
        Assert.Equal("c7995b9d-2c5e-45c9-a948-d22df6f17086", error.Target);
        Assert.Equal("r1", error.RequestId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    [Fact]
    public void Activity_runs_are_read_from_the_docs_bare_array_with_the_item_id_as_PipelineId()
    {
        var page = FabricResponses.ReadActivityRunPage(ContractFiles.ReadText("fabric", "docs", "queryactivityruns-response.json"), "Pipeline1");

        var activity = Assert.Single(page.Items);
        Assert.Null(page.ContinuationToken);
        Assert.Equal(("Wait1", "Wait", "Succeeded"), (activity.ActivityName, activity.ActivityType, activity.Status));
        Assert.Equal(("Pipeline1", "ca91f97e-5bdd-4fe1-b39a-1f134f26a701"), (activity.PipelineName, activity.PipelineId));
        Assert.Equal("bbbb1b1b-cc2c-dd3d-ee4e-ffffff5f5f5f", activity.PipelineRunId);
        Assert.Equal(27750, activity.DurationInMs);
        Assert.Null(activity.Error);
    }

    [Fact]
    public void Activity_runs_are_read_from_a_value_object_with_a_continuation_token_too()
    {
        var array = ContractFiles.ReadText("fabric", "docs", "queryactivityruns-response.json");
        var page = FabricResponses.ReadActivityRunPage("{\"value\":" + array + ",\"continuationToken\":\"next\"}", "Pipeline1");

        Assert.Equal("Wait1", Assert.Single(page.Items).ActivityName);
        Assert.Equal("next", page.ContinuationToken);
    }

    [Fact]
    public void Recorded_workspace_and_item_lists_give_ids_names_and_types()
    {
        var exchanges = FabricCassette.Read(ParamJob2026);
        var workspaces = FabricResponses.ReadEntries(exchanges.First(e => e.Method == "GET" && e.Uri.EndsWith("/v1/workspaces", StringComparison.Ordinal)).ResponseBody!);
        Assert.Contains(workspaces.Items, w => w.DisplayName == "fabriccli_WorkspacePerTestclass_000001" && w.Id == "efeaa2e0-49e1-48cb-b22b-6b7edaaf8968" && w.Type == "Workspace");

        var items = exchanges.Where(e => e.Method == "GET" && e.Uri.EndsWith("/items", StringComparison.Ordinal))
            .SelectMany(e => FabricResponses.ReadEntries(e.ResponseBody!).Items).ToList();
        Assert.Contains(items, i => i.Type == "DataPipeline" && i.DisplayName == "fabcli000003" && i.Id == "c7995b9d-2c5e-45c9-a948-d22df6f17086");
    }

    [Fact]
    public void A_recorded_definition_gives_the_pipelines_lower_case_parameter_types()
    {
        // The recording creates the pipeline with these parts; getDefinition answers the same shape (spec).
        var create = FabricCassette.Read(ParamJob2026).First(e => e.Method == "POST" && e.RequestBody is { } body && body.Contains("pipeline-content.json", StringComparison.Ordinal));

        var pipeline = FabricResponses.ReadDefinition(create.RequestBody!, "Param_Test_Pipeline", "c7995b9d-2c5e-45c9-a948-d22df6f17086");

        Assert.Equal(("Param_Test_Pipeline", "c7995b9d-2c5e-45c9-a948-d22df6f17086"), (pipeline.Name, pipeline.PipelineId));
        Assert.Equal(
            new[] { "string_param:string", "int_param:int", "float_param:float", "bool_param:bool", "obj_param:object", "array_param:array", "secstr_param:securestring" },
            pipeline.Parameters.Select(p => $"{p.Name}:{p.Type}"));
        Assert.All(pipeline.Parameters, p => Assert.True(p.IsRequired));
        Assert.Equal(new[] { "RunNotebook", "Set obj", "Set array", "Set secstr" }, pipeline.Activities);
    }
}
