using System;
using System.Linq;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Issue 14's read-back reads a page of runs looking for a few: it maps those, exactly as the full reader does, and counts the rest.</summary>
public sealed class ReadBackPageTests
{
    private static readonly FactoryTarget Factory = new("12345678-1234-1234-1234-12345678abc", "myResourceGroup", "myFactoryName");

    [Fact]
    public void Issue14_a_read_back_page_maps_only_the_runs_looked_for_and_counts_every_run_it_held()
    {
        var body = ContractFiles.ExampleBody("PipelineRuns_QueryByFactory");
        var full = ResponseMapper.ReadPipelineRunPage(body, Factory);

        var page = ResponseMapper.ReadPipelineRunPage(body, Factory, id => id == "16ac5348-ff82-4f95-a80d-638c1d47b721");

        var run = Assert.Single(page.Items);
        Assert.Equal(2, page.Scanned);
        Assert.Equal(full.Scanned, page.Scanned);
        var same = full.Items.Single(r => r.RunId == run.RunId);
        Assert.Equal(same.Status, run.Status);
        Assert.Equal(same.RunStart, run.RunStart);
        Assert.Equal(same.LastUpdated, run.LastUpdated);
        Assert.Equal(same.Parameters, run.Parameters);
        Assert.Equal(same.RunDimension, run.RunDimension);
        Assert.Equal(same.InvokedBy!.Id, run.InvokedBy!.Id);
        Assert.Same(Factory, run.Target);
    }

    [Fact]
    public void Issue14_a_read_back_page_reads_names_without_case_and_the_continuation_token_as_the_full_reader_does()
    {
        const string body = "{\"VALUE\":[{\"RunID\":\"a\",\"status\":\"Queued\"},{\"runId\":\"\"},{\"runId\":\"b\",\"status\":\"InProgress\"}],\"continuationtoken\":\"next\"}";

        var page = ResponseMapper.ReadPipelineRunPage(body, Factory, _ => true);
        var full = ResponseMapper.ReadPipelineRunPage(body, Factory);

        Assert.Equal(new[] { "a", "b" }, page.Items.Select(r => r.RunId));
        Assert.Equal(3, page.Scanned);
        Assert.Equal("next", page.ContinuationToken);
        Assert.Equal(full.ContinuationToken, page.ContinuationToken);
        Assert.Equal(RunStatus.Queued, page.Items[0].Status);
    }

    [Fact]
    public void Issue14_a_read_back_page_refuses_what_the_full_reader_refuses()
    {
        Assert.Throws<FormatException>(() => ResponseMapper.ReadPipelineRunPage("\"text\"", Factory, _ => true));
        Assert.Throws<FormatException>(() => ResponseMapper.ReadPipelineRunPage("{\"value\":[1]}", Factory, _ => true));
        Assert.Throws<FormatException>(() => ResponseMapper.ReadRunId("[]"));
    }
}
