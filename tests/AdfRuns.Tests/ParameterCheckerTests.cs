using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Mapping;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using Xunit;

namespace AdfRuns.Tests;

public sealed class ParameterCheckerTests
{
    /// <summary>One parameter of each declared type, all optional, plus a required Day.</summary>
    private static readonly PipelineData Typed = ResponseMapper.ReadPipeline(
        "{\"name\":\"Typed\",\"properties\":{\"parameters\":{" +
        "\"Day\":{\"type\":\"String\"}," +
        "\"Name\":{\"type\":\"String\",\"defaultValue\":\"n\"}," +
        "\"Secret\":{\"type\":\"SecureString\",\"defaultValue\":\"s\"}," +
        "\"Count\":{\"type\":\"Int\",\"defaultValue\":1}," +
        "\"Ratio\":{\"type\":\"Float\",\"defaultValue\":0.5}," +
        "\"Enabled\":{\"type\":\"Bool\",\"defaultValue\":true}," +
        "\"Items\":{\"type\":\"Array\",\"defaultValue\":[]}," +
        "\"Options\":{\"type\":\"Object\",\"defaultValue\":{}}}}}",
        null);

    private static IReadOnlyList<string> Check(params (string Name, object? Value)[] given)
    {
        var parameters = new JsonTreeObject();
        parameters.Set("Day", "2024-01-01");
        foreach (var (name, value) in given)
        {
            parameters.Set(name, value);
        }

        return ParameterChecker.Check(Typed, parameters);
    }

    [Fact]
    public void Spec_example_pipeline_requires_its_array_parameter()
    {
        var pipeline = ResponseMapper.ReadPipeline(ContractFiles.ExampleBody("Pipelines_Get"), null);

        var problem = Assert.Single(ParameterChecker.Check(pipeline, null));
        Assert.Contains("requires parameter 'OutputBlobNameList' (Array)", problem, StringComparison.Ordinal);

        var given = new Dictionary<string, object?> { ["OutputBlobNameList"] = new List<object?> { "exampleoutput.csv" } };
        Assert.Empty(ParameterChecker.Check(pipeline, given));
    }

    [Fact]
    public void Unknown_parameter_is_reported_with_the_declared_names()
    {
        var problem = Assert.Single(Check(("Regoin", "emea")));

        Assert.Contains("no parameter 'Regoin'", problem, StringComparison.Ordinal);
        Assert.Contains("Day", problem, StringComparison.Ordinal);
        Assert.Contains("Options", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameter_for_a_pipeline_without_parameters_says_so()
    {
        var hello = ResponseMapper.ReadPipeline("{\"name\":\"Hello\",\"properties\":{}}", null);

        var problem = Assert.Single(ParameterChecker.Check(hello, new Dictionary<string, object?> { ["X"] = 1 }));
        Assert.Contains("declares no parameters", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_parameter_is_reported_once_and_names_are_matched_without_case()
    {
        Assert.Single(ParameterChecker.Check(Typed, new Dictionary<string, object?>()));
        Assert.Single(ParameterChecker.Check(Typed, null));
        Assert.Empty(ParameterChecker.Check(Typed, new Dictionary<string, object?> { ["day"] = "2024-01-01", ["COUNT"] = 3 }));
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var problems = ParameterChecker.Check(Typed, new Dictionary<string, object?> { ["Count"] = "many", ["Bogus"] = 1 });

        Assert.Equal(3, problems.Count);
    }

    public static TheoryData<string, object?> WellTyped => new()
    {
        { "Name", "text" }, { "Name", 'c' }, { "Name", Guid.NewGuid() }, { "Name", DateTime.UtcNow }, { "Name", DateTimeOffset.UtcNow }, { "Name", DayOfWeek.Monday },
        { "Secret", "p@ss" },
        { "Count", 5 }, { "Count", 5L }, { "Count", (byte)5 }, { "Count", 5.0 }, { "Count", 5m }, { "Count", ulong.MaxValue },
        { "Ratio", 0.25 }, { "Ratio", 1 }, { "Ratio", 2.5m }, { "Ratio", 1.5f },
        { "Enabled", false },
        { "Items", new List<object?> { 1, "a" } }, { "Items", new[] { 1, 2 } }, { "Items", new ArrayList() },
        { "Options", new JsonTreeObject() }, { "Options", new Hashtable() }, { "Options", new Dictionary<string, object?>() },
        { "Count", null }, { "Options", null },
    };

    [Theory]
    [MemberData(nameof(WellTyped))]
    public void Values_of_the_declared_type_pass(string name, object? value)
    {
        Assert.Empty(Check((name, value)));
    }

    public static TheoryData<string, object?> WronglyTyped => new()
    {
        { "Name", 5 }, { "Name", true }, { "Name", new List<object?>() },
        { "Secret", 5 },
        { "Count", "500" }, { "Count", 1.5 }, { "Count", 2.5m }, { "Count", true }, { "Count", double.PositiveInfinity },
        { "Ratio", "0.5" }, { "Ratio", false },
        { "Enabled", "true" }, { "Enabled", 1 },
        { "Items", "[1,2]" }, { "Items", new JsonTreeObject() }, { "Items", new Hashtable() }, { "Items", 3 },
        { "Options", new List<object?>() }, { "Options", "{}" }, { "Options", 3 },
    };

    [Theory]
    [MemberData(nameof(WronglyTyped))]
    public void Values_of_another_type_are_reported_with_name_and_declared_type(string name, object? value)
    {
        var problem = Assert.Single(Check((name, value)));

        Assert.Contains($"Parameter '{name}' is declared", problem, StringComparison.Ordinal);
        var declared = Typed.Parameters.Single(p => p.Name == name).Type;
        Assert.Contains($"declared {declared}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_describes_the_wrong_value()
    {
        Assert.Contains("the string 'many'", Assert.Single(Check(("Count", "many"))), StringComparison.Ordinal);
        Assert.Contains("an object", Assert.Single(Check(("Items", new Hashtable()))), StringComparison.Ordinal);
        Assert.Contains("an array", Assert.Single(Check(("Options", new List<object?>()))), StringComparison.Ordinal);
        Assert.Contains("a Double (1.5)", Assert.Single(Check(("Count", 1.5))), StringComparison.Ordinal);
    }

    [Fact]
    public void Coerce_turns_csv_like_text_into_the_declared_types()
    {
        var given = new Dictionary<string, object?>
        {
            ["Day"] = "2024-01-01",
            ["Count"] = "500",
            ["Ratio"] = "0.25",
            ["Enabled"] = "true",
            ["Items"] = " [\"a\", 2, {\"x\": null}]",
            ["Options"] = "{\"Region\": \"emea\", \"Limits\": [1]}",
            ["Name"] = "42",
        };

        var coerced = ParameterChecker.Coerce(Typed, given);

        Assert.Equal("2024-01-01", coerced["Day"]);
        Assert.Equal(500L, coerced["Count"]);
        Assert.Equal(0.25, coerced["Ratio"]);
        Assert.Equal(true, coerced["Enabled"]);
        var items = Assert.IsType<List<object?>>(coerced["Items"]);
        Assert.Equal("a", items[0]);
        Assert.Equal(2L, items[1]);
        Assert.IsType<JsonTreeObject>(items[2]);
        var options = Assert.IsType<JsonTreeObject>(coerced["Options"]);
        Assert.Equal("emea", options["Region"]);
        Assert.Equal("42", coerced["Name"]); // a String stays text
        Assert.Empty(ParameterChecker.Check(Typed, coerced));
        Assert.Equal(given.Keys, coerced.Keys);
    }

    [Theory]
    [InlineData("Count", "many")]
    [InlineData("Count", "1.5")]
    [InlineData("Enabled", "yes")]
    [InlineData("Ratio", "one")]
    [InlineData("Items", "a,b")]
    [InlineData("Items", "[1,")]
    [InlineData("Options", "{not json}")]
    [InlineData("Options", "[1]")]
    public void Coerce_leaves_unreadable_text_for_check_to_report(string name, string text)
    {
        var coerced = ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Day"] = "d", [name] = text });

        Assert.Equal(text, coerced[name]);
        Assert.Single(ParameterChecker.Check(Typed, coerced));
    }

    [Fact]
    public void Coerce_keeps_values_that_are_not_text_and_names_it_does_not_know()
    {
        var list = new List<object?> { 1 };
        var coerced = ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Items"] = list, ["Count"] = 7, ["Other"] = "500" });

        Assert.Same(list, coerced["Items"]);
        Assert.Equal(7, coerced["Count"]);
        Assert.Equal("500", coerced["Other"]);
    }

    [Theory]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    public void Coerce_reads_bool_text_in_any_case(string text, bool expected)
    {
        Assert.Equal(expected, ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Enabled"] = text })["Enabled"]);
    }
}

public sealed class ParameterDefectTests
{
    private static readonly PipelineData Typed = ResponseMapper.ReadPipeline(
        "{\"name\":\"Typed\",\"properties\":{\"parameters\":{" +
        "\"Name\":{\"type\":\"String\",\"defaultValue\":\"n\"},\"Secret\":{\"type\":\"SecureString\",\"defaultValue\":\"s\"}," +
        "\"Count\":{\"type\":\"Int\",\"defaultValue\":1},\"Enabled\":{\"type\":\"Bool\",\"defaultValue\":true}," +
        "\"Items\":{\"type\":\"Array\",\"defaultValue\":[]},\"Options\":{\"type\":\"Object\",\"defaultValue\":{}}}}}",
        null);

    [Fact]
    public void D7_keys_that_differ_only_by_case_are_reported_naming_both_even_after_coerce()
    {
        var given = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Name"] = "lower", ["NAME"] = "upper" };

        var problem = Assert.Single(ParameterChecker.Check(Typed, ParameterChecker.Coerce(Typed, given)));

        Assert.Contains("'Name' and 'NAME' differ only by case", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name", 42, "42")]
    [InlineData("Name", 20261125L, "20261125")]
    [InlineData("Name", 0.1, "0.1")]
    [InlineData("Name", 1.5f, "1.5")]
    [InlineData("Secret", 7, "7")]
    [InlineData("Name", (byte)255, "255")]
    public void Issue16_a_number_for_a_string_parameter_is_sent_as_its_text(string name, object number, string text)
    {
        var coerced = ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { [name] = number });

        Assert.Equal(text, coerced[name]);
        Assert.Empty(ParameterChecker.Check(Typed, coerced));
    }

    [Fact]
    public void Issue16_a_decimal_for_a_string_parameter_keeps_its_digits()
    {
        Assert.Equal("2.50", ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Name"] = 2.50m })["Name"]);
    }

    [Fact]
    public void Issue16_a_date_for_a_string_parameter_is_kept_and_sent_as_iso_8601_text()
    {
        var day = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1));
        var coerced = ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Name"] = day });

        Assert.Empty(ParameterChecker.Check(Typed, coerced));
        Assert.Equal("{\"Name\":\"2026-12-01T00:00:00.0000000+01:00\"}", JsonTree.Serialize(coerced));
    }

    public static TheoryData<object> SingleValues => new() { "a", 3, 2.5, true, 'c', Guid.Empty, new DateTime(2026, 12, 1) };

    [Theory]
    [MemberData(nameof(SingleValues))]
    public void Issue16_a_single_value_for_an_array_parameter_becomes_a_one_element_array(object value)
    {
        var coerced = ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { ["Items"] = value });

        Assert.Equal(new List<object?> { value }, Assert.IsType<List<object?>>(coerced["Items"]));
        Assert.Empty(ParameterChecker.Check(Typed, coerced));
    }

    public static TheoryData<string, object?> StillRefused => new()
    {
        { "Count", "abc" }, { "Count", 1.5 }, { "Count", "1.5" }, { "Enabled", 1 }, { "Enabled", "yes" },
        { "Name", true }, { "Name", double.NaN }, { "Name", new List<object?> { 1 } }, { "Name", new Hashtable() },
        { "Items", "a,b" }, { "Items", "[1," }, { "Items", "{\"a\":1}" }, { "Items", new Hashtable() }, { "Options", 3 },
    };

    [Theory]
    [MemberData(nameof(StillRefused))]
    public void Issue16_lossy_or_ambiguous_values_are_still_refused(string name, object? value)
    {
        var problem = Assert.Single(ParameterChecker.Check(Typed, ParameterChecker.Coerce(Typed, new Dictionary<string, object?> { [name] = value })));

        Assert.Contains($"Parameter '{name}' is declared", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Enabled", 1, "is an Int32 (1)")]
    [InlineData("Enabled", 1L, "is an Int64 (1)")]
    [InlineData("Count", 1.5, "is a Double (1.5)")]
    [InlineData("Name", true, "is a Boolean (True)")]
    [InlineData("Enabled", 1u, "is a UInt32 (1)")]
    public void Issue16_the_type_of_a_refused_value_takes_a_or_an(string name, object value, string expected)
    {
        var problem = Assert.Single(ParameterChecker.Check(Typed, new Dictionary<string, object?> { [name] = value }));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}

public sealed class ParameterCoercionToRequestTests
{
    [Fact]
    public void Float_text_nan_passes_check_but_is_refused_with_its_path_before_sending()
    {
        var pipeline = ResponseMapper.ReadPipeline("{\"name\":\"P\",\"properties\":{\"parameters\":{\"Ratio\":{\"type\":\"Float\"}}}}", null);
        var coerced = ParameterChecker.Coerce(pipeline, new Dictionary<string, object?> { ["Ratio"] = "NaN" });

        Assert.True(double.IsNaN(Assert.IsType<double>(coerced["Ratio"])));
        var error = Assert.Throws<JsonTreeException>(() => RequestBuilder.CreateRun(new RunRequest(RequestBuilderTests.Factory, "P", RunMode.New, coerced)));
        Assert.Equal("Ratio", error.Path);
    }
}
