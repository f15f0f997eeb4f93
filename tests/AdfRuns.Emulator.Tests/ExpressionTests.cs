using System.Collections.Generic;
using System.Text.Json;
using AdfRuns.Emulator.Expressions;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>The subset of ADF's expression language the emulator evaluates, and what stays literal.</summary>
public class ExpressionTests
{
    private static readonly ExpressionContext Run = ExpressionContext.ForRun(
        "NightlyLoad",
        "2f0a-run",
        new Dictionary<string, object?>(System.StringComparer.OrdinalIgnoreCase)
        {
            ["Region"] = "emea",
            ["Count"] = 42L,
            ["Tables"] = new List<object?> { "a", "b" },
        });

    private static readonly ExpressionContext Iteration = Run.WithItem(
        new Dictionary<string, object?>(System.StringComparer.OrdinalIgnoreCase) { ["name"] = "sales", ["rows"] = 7L });

    [Theory]
    [InlineData("@pipeline().parameters.Region", "\"emea\"")]
    [InlineData("@pipeline().parameters.region", "\"emea\"")]
    [InlineData("@pipeline().parameters.Count", "42")]
    [InlineData("@pipeline().parameters.Tables", "[\"a\",\"b\"]")]
    [InlineData("@pipeline().parameters['Region']", "\"emea\"")]
    [InlineData("@pipeline().parameters.Tables[1]", "\"b\"")]
    [InlineData("@pipeline().RunId", "\"2f0a-run\"")]
    [InlineData("@pipeline().Pipeline", "\"NightlyLoad\"")]
    [InlineData("@item()", "{\"name\":\"sales\",\"rows\":7}")]
    [InlineData("@item().name", "\"sales\"")]
    [InlineData("@item().rows", "7")]
    [InlineData("@concat('load_', item().name)", "\"load_sales\"")]
    [InlineData("@equals(pipeline().parameters.Region, 'emea')", "true")]
    [InlineData("@not(equals(item().rows, 8))", "true")]
    [InlineData("@createArray(pipeline().parameters.Region)", "[\"emea\"]")]
    [InlineData("@json('[1,2]')", "[1,2]")]
    [InlineData("@if(greater(item().rows, 5), 'big', 'small')", "\"big\"")]
    [InlineData("@string(pipeline().parameters.Count)", "\"42\"")]
    [InlineData("@concat('it''s ', item().name)", "\"it's sales\"")]
    [InlineData("@{item().name}", "\"sales\"")]
    [InlineData("sales/@{pipeline().parameters.Region}/@{item().rows}.csv", "\"sales/emea/7.csv\"")]
    [InlineData("@{pipeline().parameters.Tables}", "\"[\\\"a\\\",\\\"b\\\"]\"")]
    [InlineData("@@pipeline()", "\"@pipeline()\"")]
    [InlineData("Answer is: @@{pipeline().parameters.Count}", "\"Answer is: @{pipeline().parameters.Count}\"")]
    [InlineData("plain text", "\"plain text\"")]
    [InlineData("user@example.com", "\"user@example.com\"")]
    public void Evaluates_the_subset(string text, string expectedJson) =>
        Assert.Equal(expectedJson, ExpressionValues.ToJson(ExpressionEvaluator.EvaluateText(text, Iteration)));

    [Theory]
    [InlineData("@utcNow()")]
    [InlineData("@activity('Lookup').output.firstRow")]
    [InlineData("@variables('x')")]
    [InlineData("@pipeline().parameters.Missing")]
    [InlineData("@pipeline().TriggerTime")]
    [InlineData("@item()")]
    [InlineData("@concat('a'")]
    public void Leaves_what_it_cannot_evaluate_as_literal_text(string text) =>
        Assert.Equal(text, ExpressionEvaluator.EvaluateText(text, Run));

    [Fact]
    public void Leaves_an_unsupported_interpolation_literal_and_evaluates_the_rest()
    {
        Assert.Equal("x/@{utcNow()}/emea", ExpressionEvaluator.EvaluateText("x/@{utcNow()}/@{pipeline().parameters.Region}", Run));
    }

    [Fact]
    public void Evaluates_Expression_objects_and_at_strings_inside_activity_properties()
    {
        using var document = JsonDocument.Parse(
            "{\"pipeline\":{\"referenceName\":\"Child\"},\"parameters\":{\"Table\":{\"value\":\"@item().name\",\"type\":\"Expression\"},"
            + "\"Rows\":\"@item().rows\",\"Fixed\":\"literal\",\"Number\":3}}");

        var evaluated = ExpressionValues.ToJson(ExpressionEvaluator.EvaluateJson(document.RootElement, Iteration));

        Assert.Equal("{\"pipeline\":{\"referenceName\":\"Child\"},\"parameters\":{\"Table\":\"sales\",\"Rows\":7,\"Fixed\":\"literal\",\"Number\":3}}", evaluated);
    }
}
