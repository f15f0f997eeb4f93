using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Names, ids and coordinates that break the service's rules are refused before any request is built.</summary>
public sealed class RequestBuilderNameTests
{
    private static readonly FactoryTarget Factory = RequestBuilderTests.Factory;
    private const string RunId = "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b";

    public static TheoryData<string> BrokenPipelineNames => new()
    {
        "a/b", "..", "../x", "x?y", "a#b", "a%2Fb", "", "   ", "a.b", "a&b", "a:b", "a\\b", "a+b", "a<b", "a>b", "a*b", "-leading", ".hidden",
        new string('p', 261),
    };

    [Theory]
    [MemberData(nameof(BrokenPipelineNames))]
    public void Broken_pipeline_names_are_refused_before_anything_is_built(string name)
    {
        var error = Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, name, RunMode.New)));
        Assert.Equal("InvalidInput", error.ErrorId);
        Assert.Contains("PipelineName", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => RequestBuilder.GetPipeline(Factory, name));
    }

    [Fact]
    public void Longest_allowed_pipeline_name_is_accepted()
    {
        var name = new string('p', 260);

        Assert.EndsWith("/pipelines/" + name + "/createRun", RequestBuilder.CreateRun(new RunRequest(Factory, name, RunMode.New)).Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("")]
    [InlineData("-factory")]
    [InlineData("factory-")]
    [InlineData("fac--tory")]
    [InlineData("fac_tory")]
    [InlineData("fac.tory")]
    [InlineData("fac/tory")]
    [InlineData("fac tory")]
    public void Broken_factory_names_are_refused(string name)
    {
        var factory = new FactoryTarget(Factory.SubscriptionId, Factory.ResourceGroupName, name);

        var error = Assert.Throws<InvalidInputException>(() => RequestBuilder.GetRun(factory, RunId));
        Assert.Contains("FactoryName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_name_length_limits()
    {
        Assert.Null(NameRules.CheckFactoryName("abc"));
        Assert.Null(NameRules.CheckFactoryName(new string('f', 63)));
        Assert.NotNull(NameRules.CheckFactoryName(new string('f', 64)));
    }

    [Theory]
    [InlineData("sub/../x", "rg")]
    [InlineData("sub?x", "rg")]
    [InlineData("", "rg")]
    [InlineData("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg/x")]
    [InlineData("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg.")]
    [InlineData("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg#1")]
    [InlineData("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "")]
    public void Broken_subscription_or_resource_group_is_refused(string subscription, string resourceGroup)
    {
        var factory = new FactoryTarget(subscription, resourceGroup, "adfruns-emulator");

        Assert.Throws<InvalidInputException>(() => RequestBuilder.QueryRuns(factory, new RunQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), null));
    }

    [Fact]
    public void Resource_group_of_ninety_characters_is_accepted_and_ninety_one_refused()
    {
        Assert.Null(NameRules.CheckResourceGroupName(new string('r', 90)));
        Assert.NotNull(NameRules.CheckResourceGroupName(new string('r', 91)));
    }

    [Theory]
    [InlineData("someGuid")]
    [InlineData("")]
    [InlineData("2f7fdb90-5df1-4b8e-ac2f")]
    [InlineData("../2f7fdb90-5df1-4b8e-ac2f-064cfa58202b")]
    [InlineData("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b/cancel")]
    public void Non_guid_run_ids_are_refused_by_every_run_operation(string runId)
    {
        var query = new RunQuery(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        Assert.Throws<InvalidInputException>(() => RequestBuilder.GetRun(Factory, runId));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CancelRun(Factory, runId, true));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.QueryActivityRuns(Factory, runId, query, null));
        Assert.Throws<InvalidInputException>(() => RequestBuilder.CreateRun(new RunRequest(Factory, "Hello", RunMode.Recover, null, runId)));
    }

    [Fact]
    public void Names_with_a_trailing_newline_are_refused()
    {
        Assert.NotNull(NameRules.CheckFactoryName("myfactory\n"));
        Assert.NotNull(NameRules.CheckSubscriptionId("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60\n"));
        Assert.NotNull(NameRules.CheckResourceGroupName("adfruns-rg\n"));
    }

    [Fact]
    public void Run_id_in_another_guid_spelling_never_reaches_the_path_unnormalised()
    {
        foreach (var spelling in new[] { " " + RunId + " ", "{" + RunId + "}", RunId.Replace("-", string.Empty, StringComparison.Ordinal) })
        {
            try
            {
                Assert.EndsWith("/pipelineruns/" + RunId, RequestBuilder.GetRun(Factory, spelling).Path, StringComparison.Ordinal);
            }
            catch (InvalidInputException)
            {
                // refusing is fine too
            }
        }
    }

    [Fact]
    public void A_next_link_is_followed_on_the_connected_endpoint_with_its_path_and_query()
    {
        var endpoint = new Uri("http://127.0.0.1:5000/");
        var next = RequestBuilder.NextPage(
            AdfOperation.ListPipelines,
            "https://management.azure.com/subscriptions/6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60/resourceGroups/adfruns-rg/providers/Microsoft.DataFactory/factories/adfruns-emulator/pipelines?api-version=2018-06-01&%24skiptoken=abc%3D",
            Factory,
            endpoint);

        Assert.Equal("GET", next.Method);
        Assert.Equal("/subscriptions/6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60/resourceGroups/adfruns-rg/providers/Microsoft.DataFactory/factories/adfruns-emulator/pipelines", next.Path);
        Assert.Contains(new KeyValuePair<string, string>("$skiptoken", "abc="), next.Query);
        Assert.Contains(new KeyValuePair<string, string>("api-version", "2018-06-01"), next.Query);
        Assert.Throws<FormatException>(() => RequestBuilder.NextPage(AdfOperation.ListPipelines, "https://elsewhere.example/not-arm", Factory, endpoint));
    }
}
