using System.Collections.Generic;
using System.Linq;
using AdfRuns.Emulator.Simulation;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class ParameterTests
{
    private static Dictionary<string, string> ParametersOf(SimulationHarness harness, string runId) =>
        harness.Run(runId).Parameters.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Defaults_fill_missing_optional_parameters_as_strings()
    {
        var harness = new SimulationHarness();
        var parameters = ParametersOf(harness, harness.Create("ParameterTypes", "{\"Name\":\"demo\"}"));

        Assert.Equal("demo", parameters["Name"]);
        Assert.Equal("3", parameters["Count"]);
        Assert.Equal("0.5", parameters["Ratio"]);
        Assert.Equal("true", parameters["Enabled"]);
        Assert.Equal("[\"nightly\",\"sales\"]", parameters["Tags"]);
        Assert.Equal("{\"mode\":\"full\",\"retries\":2}", parameters["Options"]);
        Assert.Equal(SecureParameters.Mask, parameters["Secret"]);
        Assert.Equal(new[] { "Name", "Count", "Ratio", "Enabled", "Tags", "Options", "Secret" }, parameters.Keys);
    }

    [Fact]
    public void Supplied_values_keep_their_JSON_text_and_arrays_and_objects_are_encoded()
    {
        var harness = new SimulationHarness();
        var body = "{\"name\":\"x <y>\",\"Count\":42,\"Ratio\":1.25,\"Enabled\":false,\"Tags\":[ \"a\", 1 ],\"Options\":{ \"k\" : [true] },\"Secret\":\"s3cr3t\"}";
        var parameters = ParametersOf(harness, harness.Create("ParameterTypes", body));

        Assert.Equal("x <y>", parameters["Name"]);
        Assert.Equal("42", parameters["Count"]);
        Assert.Equal("1.25", parameters["Ratio"]);
        Assert.Equal("false", parameters["Enabled"]);
        Assert.Equal("[\"a\",1]", parameters["Tags"]);
        Assert.Equal("{\"k\":[true]}", parameters["Options"]);
        Assert.Equal(SecureParameters.Mask, parameters["Secret"]);
    }

    [Fact]
    public void Strings_holding_a_valid_value_are_accepted_for_typed_parameters()
    {
        var harness = new SimulationHarness();
        var parameters = ParametersOf(harness, harness.Create("ParameterTypes",
            "{\"Name\":\"n\",\"Count\":\"7\",\"Ratio\":\"2.5\",\"Enabled\":\"True\",\"Tags\":\"[\\\"x\\\"]\",\"Options\":\"{}\"}"));

        Assert.Equal("7", parameters["Count"]);
        Assert.Equal("2.5", parameters["Ratio"]);
        Assert.Equal("true", parameters["Enabled"]);
        Assert.Equal("[\"x\"]", parameters["Tags"]);
        Assert.Equal("{}", parameters["Options"]);
    }

    [Theory]
    [InlineData("Count", "\"abc\"")]
    [InlineData("Count", "1.5")]
    [InlineData("Ratio", "\"fast\"")]
    [InlineData("Enabled", "\"yes\"")]
    [InlineData("Enabled", "1")]
    [InlineData("Tags", "5")]
    [InlineData("Tags", "{\"a\":1}")]
    [InlineData("Options", "\"[1]\"")]
    [InlineData("Name", "[1]")]
    [InlineData("Secret", "{}")]
    public void Wrong_typed_values_are_a_400_naming_the_parameter(string parameter, string jsonValue)
    {
        var harness = new SimulationHarness();
        var body = parameter == "Name" ? $"{{\"Name\":{jsonValue}}}" : $"{{\"Name\":\"n\",\"{parameter}\":{jsonValue}}}";

        var error = SimulationHarness.Rejects(() => harness.Create("ParameterTypes", body));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("BadRequest", error.Code);
        Assert.Contains($"'{parameter}'", error.Message);
        Assert.Equal(0, harness.Simulator.RunCount);
    }

    [Fact]
    public void Missing_required_parameter_is_a_400_naming_it()
    {
        var harness = new SimulationHarness();

        var error = SimulationHarness.Rejects(() => harness.Create("CopySales", "{\"Region\":\"us\"}"));

        Assert.Equal("BadRequest", error.Code);
        Assert.Contains("'Day'", error.Message);
        Assert.Contains("required", error.Message);
    }

    [Fact]
    public void Undeclared_parameter_and_non_object_body_are_rejected()
    {
        var harness = new SimulationHarness();

        var undeclared = SimulationHarness.Rejects(() => harness.Create("Hello", "{\"Extra\":1}"));
        Assert.Contains("'Extra'", undeclared.Message);

        var notObject = SimulationHarness.Rejects(() => harness.Create("Hello", "[1,2]"));
        Assert.Equal("BadRequest", notObject.Code);

        var broken = SimulationHarness.Rejects(() => harness.Create("Hello", "{\"a\":"));
        Assert.Equal("BadRequest", broken.Code);
    }

    [Fact]
    public void Empty_or_absent_body_is_fine_for_a_pipeline_without_required_parameters()
    {
        var harness = new SimulationHarness();
        Assert.Empty(harness.Run(harness.Create("Hello", null)).Parameters);
        Assert.Empty(harness.Run(harness.Create("Hello", "")).Parameters);
        Assert.Empty(harness.Run(harness.Create("Hello", "{}")).Parameters);
    }
}
