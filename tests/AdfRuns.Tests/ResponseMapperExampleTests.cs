using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>The spec's x-ms-examples bodies (examples/*.json), mapped field by field.</summary>
public sealed class ResponseMapperExampleTests
{
    private static readonly FactoryTarget Factory = new("12345678-1234-1234-1234-12345678abc", "myResourceGroup", "myFactoryName");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void PipelineRunsGet_maps_every_field()
    {
        var run = ResponseMapper.ReadPipelineRun(ContractFiles.ExampleBody("PipelineRuns_Get"), Factory);

        Assert.Equal("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b", run.RunId);
        Assert.Equal("myPipeline", run.PipelineName);
        var parameter = Assert.Single(run.Parameters);
        Assert.Equal("OutputBlobNameList", parameter.Key);
        // PipelineRun.parameters is name -> string: the array arrives JSON-encoded and is kept as the service sent it.
        Assert.Equal("[\"exampleoutput.csv\"]", Assert.IsType<string>(parameter.Value));
        Assert.NotNull(run.InvokedBy);
        Assert.Equal("80a01654a9d34ad18b3fcac5d5d76b67", run.InvokedBy!.Id);
        Assert.Equal("Manual", run.InvokedBy.Name);
        Assert.Null(run.InvokedBy.InvokedByType);
        Assert.Equal(Utc("2018-06-16T00:37:44.6257014Z"), run.RunStart);
        Assert.Equal(Utc("2018-06-16T00:38:12.7314495Z"), run.RunEnd);
        Assert.Equal(TimeSpan.Zero, run.RunStart!.Value.Offset);
        Assert.Equal(28105L, run.DurationInMs);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.True(run.IsTerminal);
        Assert.Equal(string.Empty, run.Message);
        Assert.Equal(Utc("2018-06-16T00:38:12.7314495Z"), run.LastUpdated);
        Assert.Empty(run.Annotations);
        Assert.Empty(run.RunDimension);
        // Fields this example does not carry stay unset rather than invented.
        Assert.Null(run.Id);
        Assert.Null(run.RunGroupId);
        Assert.Null(run.IsLatest);
        Assert.Null(run.DebugRunId);
        Assert.Same(Factory, run.Target);
    }

    [Fact]
    public void PipelineRunsGet_duration_matches_start_and_end()
    {
        var run = ResponseMapper.ReadPipelineRun(ContractFiles.ExampleBody("PipelineRuns_Get"), Factory);

        var computed = (run.RunEnd!.Value - run.RunStart!.Value).TotalMilliseconds;
        Assert.InRange(run.DurationInMs!.Value, computed - 1, computed + 1);
    }

    [Fact]
    public void QueryByFactory_maps_both_runs_in_order_with_run_dimension()
    {
        var page = ResponseMapper.ReadPipelineRunPage(ContractFiles.ExampleBody("PipelineRuns_QueryByFactory"), Factory);

        Assert.Null(page.ContinuationToken);
        Assert.Equal(new[] { "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b", "16ac5348-ff82-4f95-a80d-638c1d47b721" }, page.Items.Select(r => r.RunId));
        Assert.All(page.Items, r => Assert.Equal("examplePipeline", r.PipelineName));
        Assert.All(page.Items, r => Assert.Same(Factory, r.Target));

        var first = page.Items[0];
        var jobId = Assert.Single(first.RunDimension);
        Assert.Equal("JobId", jobId.Key);
        Assert.Equal("79c1cc52-265f-41a5-9553-be65e736fbd3", jobId.Value);
        Assert.Equal(RunStatus.Succeeded, first.Status);
        Assert.Equal(28105L, first.DurationInMs);
        Assert.Equal("80a01654a9d34ad18b3fcac5d5d76b67", first.InvokedBy!.Id);

        var second = page.Items[1];
        Assert.Equal("84a3c493-0628-4b44-852f-ef5b3a11bdab", Assert.Single(second.RunDimension).Value);
        Assert.Equal("7c5fd7ef7e8a464b98b931cf15fcac66", second.InvokedBy!.Id);
    }

    [Fact]
    public void QueryByFactory_cancelled_run_has_no_end_and_no_duration_but_is_terminal()
    {
        var page = ResponseMapper.ReadPipelineRunPage(ContractFiles.ExampleBody("PipelineRuns_QueryByFactory"), Factory);
        var cancelled = page.Items.Single(r => r.RunId == "16ac5348-ff82-4f95-a80d-638c1d47b721");

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.IsTerminal);
        Assert.Null(cancelled.RunEnd);
        Assert.Null(cancelled.DurationInMs);
        Assert.Equal(Utc("2018-06-16T00:39:49.2745128Z"), cancelled.RunStart);
        Assert.Equal(Utc("2018-06-16T00:39:51.216097Z"), cancelled.LastUpdated);
        Assert.Equal(string.Empty, cancelled.Message);
        Assert.Equal("[\"exampleoutput.csv\"]", Assert.Single(cancelled.Parameters).Value);
    }

    [Fact]
    public void ActivityRuns_maps_both_activities_field_by_field()
    {
        var page = ResponseMapper.ReadActivityRunPage(ContractFiles.ExampleBody("ActivityRuns_QueryByPipelineRun"), Factory);

        Assert.Null(page.ContinuationToken);
        Assert.Equal(new[] { "ExampleForeachActivity", "ExampleCopyActivity" }, page.Items.Select(a => a.ActivityName));

        var forEach = page.Items[0];
        Assert.Equal("ForEach", forEach.ActivityType);
        Assert.Equal("f30c5514-fb85-43ed-9fa4-768d42e58680", forEach.ActivityRunId);
        Assert.Equal("myPipeline", forEach.PipelineName);
        Assert.Equal("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b", forEach.PipelineRunId);
        Assert.Equal(RunStatus.Succeeded, forEach.Status);
        Assert.Equal(Utc("2018-06-16T00:37:49.4804925Z"), forEach.ActivityRunStart);
        Assert.Equal(Utc("2018-06-16T00:38:11.5445431Z"), forEach.ActivityRunEnd);
        Assert.Equal(22064L, forEach.DurationInMs);
        Assert.Null(forEach.RetryAttempt);
        Assert.Null(forEach.LinkedServiceName); // "" means no linked service
        Assert.Empty(Assert.IsType<JsonTreeObject>(forEach.Input));
        Assert.Empty(Assert.IsType<JsonTreeObject>(forEach.Output));
        Assert.Empty(Assert.IsType<JsonTreeObject>(forEach.UserProperties));
        Assert.Same(Factory, forEach.Target);

        var copy = page.Items[1];
        Assert.Equal("Copy", copy.ActivityType);
        Assert.Equal("a96678c8-7167-4f00-b629-afccfbad4e51", copy.ActivityRunId);
        Assert.Equal(17172L, copy.DurationInMs);
        Assert.Equal(Utc("2018-06-16T00:37:50.2460952Z"), copy.ActivityRunStart);
        Assert.Equal(Utc("2018-06-16T00:38:07.4188923Z"), copy.ActivityRunEnd);
    }

    [Fact]
    public void ActivityRuns_error_object_with_empty_strings_maps_to_no_error()
    {
        var page = ResponseMapper.ReadActivityRunPage(ContractFiles.ExampleBody("ActivityRuns_QueryByPipelineRun"), Factory);

        Assert.All(page.Items, activity => Assert.Null(activity.Error));
    }

    [Fact]
    public void ActivityRuns_input_and_output_are_trees_with_nested_arrays_and_number_kinds()
    {
        var copy = ResponseMapper.ReadActivityRunPage(ContractFiles.ExampleBody("ActivityRuns_QueryByPipelineRun"), Factory).Items[1];

        var input = Assert.IsType<JsonTreeObject>(copy.Input);
        Assert.Equal("BlobSource", Assert.IsType<JsonTreeObject>(input["source"])["type"]);
        Assert.Equal("BlobSink", Assert.IsType<JsonTreeObject>(input["sink"])["type"]);
        Assert.Equal(32L, input["dataIntegrationUnits"]);

        var output = Assert.IsType<JsonTreeObject>(copy.Output);
        Assert.Equal(new[] { "dataRead", "dataWritten", "filesRead", "filesWritten", "copyDuration", "throughput", "errors", "effectiveIntegrationRuntime", "usedCloudDataMovementUnits", "usedParallelCopies", "executionDetails" }, output.Keys);
        Assert.Equal(142000L, output["dataRead"]);
        Assert.Equal(1L, output["filesWritten"]);
        Assert.Equal(23.112m, Convert.ToDecimal(output["throughput"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsNotType<long>(output["throughput"]);
        Assert.Empty(Assert.IsType<List<object?>>(output["errors"]));
        Assert.Equal("DefaultIntegrationRuntime (East US)", output["effectiveIntegrationRuntime"]);

        var detail = Assert.IsType<JsonTreeObject>(Assert.Single(Assert.IsType<List<object?>>(output["executionDetails"])));
        Assert.Equal("AzureBlob", Assert.IsType<JsonTreeObject>(detail["source"])["type"]);
        Assert.Equal("Succeeded", detail["status"]);
        Assert.Equal("2018-06-16T00:37:50.68834Z", detail["start"]); // strings inside trees stay strings
        Assert.Equal(6L, detail["duration"]);
        var durations = Assert.IsType<JsonTreeObject>(detail["detailedDurations"]);
        Assert.Equal(4L, durations["queuingDuration"]);
        Assert.Equal(2L, durations["transferDuration"]);
        // Tree objects look names up without case, as PowerShell users expect.
        Assert.Equal(2L, durations["TRANSFERDURATION"]);
    }

    [Fact]
    public void PipelinesGet_maps_name_description_parameters_activities_and_etag()
    {
        var pipeline = ResponseMapper.ReadPipeline(ContractFiles.ExampleBody("Pipelines_Get"), Factory);

        Assert.Equal("examplePipeline", pipeline.Name);
        Assert.Equal("Example description", pipeline.Description);
        Assert.Equal("1500504f-0000-0200-0000-5cbe090f0000", pipeline.ETag);
        Assert.Null(pipeline.Folder);
        // Only top-level activities: the nested Copy lives inside the ForEach.
        Assert.Equal(new[] { "ExampleForeachActivity" }, pipeline.Activities);
        var parameter = Assert.Single(pipeline.Parameters);
        Assert.Equal("OutputBlobNameList", parameter.Name);
        Assert.Equal("Array", parameter.Type);
        Assert.False(parameter.HasDefault);
        Assert.True(parameter.IsRequired);
        Assert.Null(parameter.DefaultValue);
        Assert.Same(Factory, pipeline.Target);
    }

    [Fact]
    public void PipelinesListByFactory_maps_the_single_pipeline_and_no_next_link()
    {
        var page = ResponseMapper.ReadPipelineList(ContractFiles.ExampleBody("Pipelines_ListByFactory"), Factory);

        Assert.Null(page.ContinuationToken);
        var pipeline = Assert.Single(page.Items);
        Assert.Equal("myPipeline", pipeline.Name);
        Assert.Equal("0a006cd4-0000-0000-0000-5b245bd60000", pipeline.ETag);
        Assert.Equal(new[] { "ExampleForeachActivity" }, pipeline.Activities);
        var parameter = Assert.Single(pipeline.Parameters);
        Assert.Equal(("OutputBlobNameList", "Array", true), (parameter.Name, parameter.Type, parameter.IsRequired));
    }

    [Fact]
    public void PipelineList_next_link_is_reported_as_continuation()
    {
        var page = ResponseMapper.ReadPipelineList("{\"value\":[],\"nextLink\":\"https://management.azure.com/next?page=2\"}", Factory);

        Assert.Empty(page.Items);
        Assert.Equal("https://management.azure.com/next?page=2", page.ContinuationToken);
    }

    [Fact]
    public void Pipeline_parameter_with_default_is_optional_and_keeps_typed_default()
    {
        const string body = "{\"name\":\"P\",\"properties\":{\"folder\":{\"name\":\"Sales\"},\"parameters\":{" +
            "\"BatchSize\":{\"type\":\"Int\",\"defaultValue\":500},\"Tag\":{\"type\":\"String\",\"defaultValue\":null},\"Untyped\":{}}}}";

        var pipeline = ResponseMapper.ReadPipeline(body, null);

        Assert.Equal("Sales", pipeline.Folder);
        var batch = pipeline.Parameters.Single(p => p.Name == "BatchSize");
        Assert.False(batch.IsRequired);
        Assert.Equal(500L, batch.DefaultValue);
        // An explicit null default is still a default: the parameter may be omitted.
        var tag = pipeline.Parameters.Single(p => p.Name == "Tag");
        Assert.True(tag.HasDefault);
        Assert.Null(tag.DefaultValue);
        Assert.Equal("String", pipeline.Parameters.Single(p => p.Name == "Untyped").Type);
    }

    [Fact]
    public void CreateRun_example_body_yields_its_run_id()
    {
        Assert.Equal("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b", ResponseMapper.ReadRunId(ContractFiles.ExampleBody("Pipelines_CreateRun")));
    }

    [Fact]
    public void CreateRun_wrapped_success_data_shape_yields_its_id()
    {
        Assert.Equal(
            "52588188-5b08-4976-acc3-6f294595d5e2",
            ResponseMapper.ReadRunId("{\"success\": true, \"data\": {\"id\": \"52588188-5b08-4976-acc3-6f294595d5e2\"}}"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"runId\": \"\"}")]
    [InlineData("{\"success\": true, \"data\": {}}")]
    public void CreateRun_without_run_id_is_a_format_error(string body)
    {
        Assert.Throws<FormatException>(() => ResponseMapper.ReadRunId(body));
    }

    [Fact]
    public void Non_object_bodies_are_format_errors()
    {
        Assert.Throws<FormatException>(() => ResponseMapper.ReadPipelineRun("[]", Factory));
        Assert.Throws<FormatException>(() => ResponseMapper.ReadPipelineRunPage("\"text\"", Factory));
        Assert.Throws<FormatException>(() => ResponseMapper.ReadActivityRunPage("{\"value\":[1]}", Factory));
    }

    [Fact]
    public void Continuation_token_is_read_from_a_page()
    {
        var page = ResponseMapper.ReadPipelineRunPage("{\"value\":[],\"continuationToken\":\"+RID:~abc==\"}", Factory);

        Assert.Empty(page.Items);
        Assert.Equal("+RID:~abc==", page.ContinuationToken);
    }

    [Fact]
    public void Activity_error_with_a_code_is_mapped()
    {
        const string body = "{\"value\":[{\"activityName\":\"TransformSales\",\"status\":\"Failed\",\"retryAttempt\":2," +
            "\"error\":{\"errorCode\":\"3204\",\"message\":\"Notebook failed\",\"failureType\":\"UserError\",\"target\":\"TransformSales\"}}]}";

        var activity = Assert.Single(ResponseMapper.ReadActivityRunPage(body, Factory).Items);

        Assert.Equal(2, activity.RetryAttempt);
        Assert.NotNull(activity.Error);
        Assert.Equal(("3204", "Notebook failed", "UserError", "TransformSales"), (activity.Error!.ErrorCode, activity.Error.Message, activity.Error.FailureType, activity.Error.Target));
    }

    [Theory]
    [InlineData("Canceled", "Cancelled")]
    [InlineData("canceled", "Cancelled")]
    [InlineData("Cancelled", "Cancelled")]
    [InlineData("CANCELING", "Canceling")]
    [InlineData("inprogress", "InProgress")]
    [InlineData("Queued", "Queued")]
    [InlineData("SomethingNew", "SomethingNew")]
    public void Status_is_normalised(string sent, string expected)
    {
        var run = ResponseMapper.ReadPipelineRun($"{{\"runId\":\"r\",\"status\":\"{sent}\"}}", Factory);

        Assert.Equal(expected, run.Status);
    }

    [Theory]
    [InlineData("Succeeded", true)]
    [InlineData("Failed", true)]
    [InlineData("Cancelled", true)]
    [InlineData("Canceled", true)]
    [InlineData("Canceling", false)]
    [InlineData("InProgress", false)]
    [InlineData("Queued", false)]
    [InlineData("", false)]
    public void Terminal_statuses(string status, bool terminal)
    {
        Assert.Equal(terminal, RunStatus.IsTerminal(status));
    }

    [Fact]
    public void Spec_spelling_runDimensions_is_read_when_runDimension_is_absent()
    {
        var run = ResponseMapper.ReadPipelineRun("{\"runId\":\"r\",\"runDimensions\":{\"JobId\":\"j\"}}", Factory);

        Assert.Equal("j", Assert.Single(run.RunDimension).Value);
    }
}
