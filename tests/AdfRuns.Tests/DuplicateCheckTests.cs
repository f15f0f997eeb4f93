using System;
using System.Collections.Generic;
using AdfRuns.Engine;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using Xunit;

namespace AdfRuns.Tests;

public sealed class DuplicateCheckTests
{
    private static readonly FactoryCoordinates Factory = new("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "factory-one");
    private static readonly DateTimeOffset SentAt = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static PipelineRunData Run(string runId, string pipeline = "CopySales", string? group = null, DateTimeOffset? start = null, params (string Name, string Value)[] parameters)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var (name, value) in parameters)
        {
            list.Add(new KeyValuePair<string, object?>(name, value));
        }

        return new PipelineRunData
        {
            RunId = runId,
            PipelineName = pipeline,
            RunGroupId = group ?? runId,
            RunStart = start ?? SentAt.AddSeconds(1),
            Parameters = list,
            Status = RunStatus.Queued,
            Factory = Factory,
        };
    }

    private static JsonTreeObject Sent(params (string Name, object? Value)[] values)
    {
        var tree = new JsonTreeObject();
        foreach (var (name, value) in values)
        {
            tree.Set(name, value);
        }

        return tree;
    }

    private static RunRequest NewRun(JsonTreeObject parameters) => new(Factory, "CopySales", RunMode.New, parameters);

    [Fact]
    public void Parameters_match_by_JSON_meaning_when_the_service_returns_strings()
    {
        var returned = Run(Guid.NewGuid().ToString(), parameters: new[] { ("Day", "d1"), ("BatchSize", "500"), ("Tags", "[\"a\",1]"), ("Enabled", "True"), ("Region", "emea") });
        var sent = Sent(("Day", "d1"), ("BatchSize", 500L), ("Tags", new List<object?> { "a", 1L }), ("Enabled", true));

        Assert.True(DuplicateCheck.ParametersMatch(returned.Parameters, sent));
    }

    [Theory]
    [InlineData("Day", "d2")]
    [InlineData("BatchSize", "501")]
    public void A_different_value_is_not_the_same_run(string name, string value)
    {
        var values = new Dictionary<string, string> { ["Day"] = "d1", ["BatchSize"] = "500" };
        values[name] = value;
        var returned = Run(Guid.NewGuid().ToString(), parameters: new[] { ("Day", values["Day"]), ("BatchSize", values["BatchSize"]) });

        Assert.False(DuplicateCheck.ParametersMatch(returned.Parameters, Sent(("Day", "d1"), ("BatchSize", 500L))));
    }

    [Fact]
    public void A_parameter_we_sent_that_the_run_lacks_is_not_the_same_run()
    {
        var returned = Run(Guid.NewGuid().ToString(), parameters: new[] { ("Day", "d1") });

        Assert.False(DuplicateCheck.ParametersMatch(returned.Parameters, Sent(("Day", "d1"), ("BatchSize", 500L))));
    }

    [Fact]
    public void A_matching_run_of_this_request_is_adopted()
    {
        var own = Guid.NewGuid().ToString();
        var run = Run(own, parameters: new[] { ("Day", "d1") });
        var sent = Sent(("Day", "d1"));

        Assert.True(DuplicateCheck.Matches(run, NewRun(sent), new DuplicateCheck.Expected(sent, null), SentAt, own));
    }

    [Fact]
    public void A_run_claimed_by_another_input_is_never_adopted()
    {
        var claimed = Guid.NewGuid().ToString();
        RunLedger.Claim(claimed);
        var sent = Sent(("Day", "d1"));

        Assert.False(DuplicateCheck.Matches(Run(claimed, parameters: new[] { ("Day", "d1") }), NewRun(sent), new DuplicateCheck.Expected(sent, null), SentAt, Guid.NewGuid().ToString()));
    }

    [Fact]
    public void A_run_whose_id_is_another_request_in_flight_belongs_to_that_request()
    {
        var otherRequest = Guid.NewGuid().ToString();
        RunLedger.BeginRequest(otherRequest);
        try
        {
            var sent = Sent(("Day", "d1"));
            Assert.False(DuplicateCheck.Matches(Run(otherRequest, parameters: new[] { ("Day", "d1") }), NewRun(sent), new DuplicateCheck.Expected(sent, null), SentAt, Guid.NewGuid().ToString()));
        }
        finally
        {
            RunLedger.EndRequest(otherRequest);
        }
    }

    [Fact]
    public void Runs_of_another_pipeline_or_started_before_the_request_are_not_candidates()
    {
        var sent = Sent(("Day", "d1"));
        var expected = new DuplicateCheck.Expected(sent, null);
        var own = Guid.NewGuid().ToString();

        Assert.False(DuplicateCheck.Matches(Run(own, pipeline: "Other", parameters: new[] { ("Day", "d1") }), NewRun(sent), expected, SentAt, own));
        Assert.False(DuplicateCheck.Matches(Run(own, start: SentAt - TimeSpan.FromMinutes(10), parameters: new[] { ("Day", "d1") }), NewRun(sent), expected, SentAt, own));
    }

    [Fact]
    public void A_recovery_run_must_be_in_the_reference_group_and_a_new_run_in_its_own()
    {
        var group = Guid.NewGuid().ToString();
        var own = Guid.NewGuid().ToString();
        var recovery = new RunRequest(Factory, "CopySales", RunMode.RecoverFromFailure, referencePipelineRunId: group);

        Assert.True(DuplicateCheck.Matches(Run(own, group: group), recovery, new DuplicateCheck.Expected(null, group), SentAt, own));
        Assert.False(DuplicateCheck.Matches(Run(own), recovery, new DuplicateCheck.Expected(null, group), SentAt, own));
        Assert.False(DuplicateCheck.Matches(Run(own, group: group), NewRun(Sent()), new DuplicateCheck.Expected(Sent(), null), SentAt, own));
    }
}
