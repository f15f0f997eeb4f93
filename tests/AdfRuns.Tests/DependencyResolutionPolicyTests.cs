using System;
using AdfRuns.Loading;
using Xunit;

namespace AdfRuns.Tests;

public sealed class DependencyResolutionPolicyTests
{
    private static readonly Version V1 = new(1, 0, 0, 0);
    private static readonly Version V6 = new(6, 0, 0, 0);
    private static readonly Version V8 = new(8, 0, 0, 0);
    private static readonly Version V10 = new(10, 0, 0, 0);

    [Theory]
    [InlineData("AdfRuns.Engine")]
    [InlineData("adfruns.engine")]
    [InlineData("AdfRuns.Emulator")]
    public void Own_assemblies_always_come_from_dependencies_even_if_the_framework_has_one(string name)
    {
        Assert.Equal(ResolutionSource.ModuleDependencies, DependencyResolutionPolicy.DecideForCore(name, V1, V1, V10));
        Assert.Equal(ResolutionSource.ModuleDependencies, DependencyResolutionPolicy.DecideForCore(name, null, V1, null));
        Assert.True(DependencyResolutionPolicy.IsBridgedFromDefaultContext(name));
    }

    [Fact]
    public void Own_prefix_needs_the_dot()
    {
        Assert.False(DependencyResolutionPolicy.IsBridgedFromDefaultContext("AdfRunsExtras"));
        Assert.Equal(ResolutionSource.Framework, DependencyResolutionPolicy.DecideForCore("AdfRunsExtras", V6, V6, V8));
    }

    [Theory]
    [InlineData("System.Text.Json", "8.0.0.0", "10.0.0.0", "10.0.0.0")]
    [InlineData("System.Memory", "4.0.1.2", "4.0.1.2", "10.0.0.0")]
    [InlineData("System.Text.Json", "10.0.0.0", "10.0.0.0", "10.0.0.0")]
    public void Shipped_third_party_with_a_framework_copy_as_new_as_requested_comes_from_the_framework(string name, string requested, string shipped, string framework)
    {
        Assert.Equal(ResolutionSource.Framework, DependencyResolutionPolicy.DecideForCore(name, Version.Parse(requested), Version.Parse(shipped), Version.Parse(framework)));
    }

    [Fact]
    public void Shipped_third_party_requested_without_version_shares_the_framework_copy()
    {
        Assert.Equal(ResolutionSource.Framework, DependencyResolutionPolicy.DecideForCore("System.Memory", null, V6, V1));
    }

    [Theory]
    [InlineData("System.Text.Json", "10.0.0.0", "10.0.0.0", "8.0.0.0")]
    [InlineData("Azure.Core", "1.50.0.0", "1.50.0.0", null)]
    [InlineData("Microsoft.Identity.Client", null, "4.0.0.0", null)]
    public void Shipped_third_party_with_an_older_or_no_framework_copy_comes_from_dependencies(string name, string? requested, string shipped, string? framework)
    {
        var decision = DependencyResolutionPolicy.DecideForCore(name, requested is null ? null : Version.Parse(requested), Version.Parse(shipped), framework is null ? null : Version.Parse(framework));

        Assert.Equal(ResolutionSource.ModuleDependencies, decision);
    }

    [Theory]
    [InlineData("Newtonsoft.Json")]
    [InlineData("System.Management.Automation")]
    [InlineData("AdfRuns")]
    [InlineData("AdfRuns.Unshipped")]
    public void Names_we_do_not_ship_are_not_ours(string name)
    {
        Assert.Equal(ResolutionSource.NotOurs, DependencyResolutionPolicy.DecideForCore(name, V1, null, V10));
        Assert.Equal(ResolutionSource.NotOurs, DependencyResolutionPolicy.DecideForCore(name, null, null, null));
        Assert.Equal(ResolutionSource.NotOurs, DependencyResolutionPolicy.DecideForDesktop(null));
    }

    [Fact]
    public void Desktop_answers_every_shipped_name_from_dependencies()
    {
        Assert.Equal(ResolutionSource.ModuleDependencies, DependencyResolutionPolicy.DecideForDesktop(V1));
        Assert.Equal(ResolutionSource.ModuleDependencies, DependencyResolutionPolicy.DecideForDesktop(V10));
    }

    [Theory]
    [InlineData("Azure.Identity")]
    [InlineData("System.Text.Json")]
    public void Third_party_names_are_not_bridged_from_the_default_context(string name)
    {
        Assert.False(DependencyResolutionPolicy.IsBridgedFromDefaultContext(name));
    }
}
