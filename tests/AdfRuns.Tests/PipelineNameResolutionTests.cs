using System;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Get-AdfPipelineRun -PipelineName: patterns expanded against the factory's list, unknown names kept (ux-newcomer-3 row 3).</summary>
public sealed class PipelineNameResolutionTests
{
    private static readonly string[] Known = { "CopySales", "CopyStock", "Hello" };

    // A stand-in for PowerShell's WildcardPattern: a trailing * only.
    private static Func<string, bool>? Prefix(string name) =>
        name.EndsWith('*') ? candidate => candidate.StartsWith(name.TrimEnd('*'), StringComparison.OrdinalIgnoreCase) : null;

    [Fact]
    public void A_pattern_becomes_the_listed_names_it_matches_each_once_and_exact_names_take_the_listed_spelling()
    {
        var resolution = PipelineNameResolution.Resolve(new[] { "Copy*", "copysales", "hello" }, Known, Prefix);

        Assert.Equal(new[] { "CopySales", "CopyStock", "Hello" }, resolution.Names);
        Assert.Empty(resolution.Unknown);
    }

    [Fact]
    public void An_exact_name_the_list_lacks_is_still_queried_and_marked_unknown()
    {
        var resolution = PipelineNameResolution.Resolve(new[] { "CopySale" }, Known, Prefix);

        Assert.Equal(new[] { "CopySale" }, resolution.Names);
        Assert.Equal(new[] { "CopySale" }, resolution.Unknown);
    }

    [Fact]
    public void Without_a_list_names_are_taken_as_given_and_a_pattern_cannot_be_expanded()
    {
        Assert.Equal(new[] { "CopySale" }, PipelineNameResolution.Resolve(new[] { "CopySale" }, null, Prefix).Names);
        Assert.Throws<InvalidInputException>(() => PipelineNameResolution.Resolve(new[] { "Copy*" }, null, Prefix));
    }

    [Fact]
    public void The_not_found_text_names_the_factory_and_the_near_names()
    {
        var text = MissingPipeline.NotFoundText(new FactoryTarget("sub", "rg", "adf"), "CopySale", Known);

        Assert.Equal("Pipeline 'CopySale' does not exist in factory 'adf' (resource group 'rg'). Did you mean 'CopySales'?", text);
    }
}
