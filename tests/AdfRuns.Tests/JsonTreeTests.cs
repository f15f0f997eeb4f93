using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using AdfRuns.Engine.Json;
using Xunit;

namespace AdfRuns.Tests;

public sealed class JsonTreeTests
{
    private enum Tier
    {
        Bronze,
        Gold,
    }

    [Fact]
    public void Round_trip_keeps_member_order_types_and_values()
    {
        const string json = "{\"b\":1,\"a\":[true,false,null,\"x\",2.5,{\"z\":{}}],\"c\":{\"nested\":[[]]},\"d\":-7,\"e\":\"\\u00e9\\\"\"}";

        var tree = JsonTree.Parse(json);
        var again = JsonTree.Serialize(tree);

        using var original = JsonDocument.Parse(json);
        Assert.True(JsonElementComparer.DeepEquals(original.RootElement, again));
        var root = Assert.IsType<JsonTreeObject>(tree);
        Assert.Equal(new[] { "b", "a", "c", "d", "e" }, root.Keys);
        Assert.Equal(JsonTree.Serialize(JsonTree.Parse(again)), again);
    }

    [Theory]
    [InlineData("42", typeof(long))]
    [InlineData("-9223372036854775808", typeof(long))]
    [InlineData("9223372036854775808", typeof(decimal))]
    [InlineData("23.112", typeof(decimal))]
    [InlineData("1.0", typeof(decimal))]
    [InlineData("1e300", typeof(double))]
    public void Numbers_are_read_as_long_then_decimal_then_double(string json, Type expected)
    {
        Assert.IsType(expected, JsonTree.Parse(json));
    }

    [Fact]
    public void Number_values_survive_a_round_trip_exactly()
    {
        var tree = JsonTree.Parse("[9223372036854775807,0.1,23.112,1e300,18446744073709551615]");

        Assert.Equal("[9223372036854775807,0.1,23.112,1E+300,18446744073709551615]", JsonTree.Serialize(tree));
    }

    [Fact]
    public void Scalars_and_null_are_read_as_clr_values()
    {
        var list = Assert.IsType<List<object?>>(JsonTree.Parse("[true,false,null,\"s\"]"));

        Assert.Equal(new object?[] { true, false, null, "s" }, list);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Nan_and_infinity_are_refused_with_the_path(double value)
    {
        var tree = new JsonTreeObject();
        tree.Set("Options", new List<object?> { 1L, new Dictionary<string, object?> { ["Ratio"] = value } });

        var error = Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(tree));

        Assert.Equal("Options[1].Ratio", error.Path);
        Assert.StartsWith("Options[1].Ratio: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_nan_is_refused_too()
    {
        Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(new object?[] { float.NaN }));
    }

    [Fact]
    public void A_dictionary_that_contains_itself_is_refused_with_the_path()
    {
        var inner = new Hashtable();
        var outer = new Dictionary<string, object?> { ["Options"] = new List<object?> { "a", inner } };
        inner["Back"] = outer;

        var error = Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(outer));

        Assert.Equal("Options[1].Back", error.Path);
        Assert.Contains("circular", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_that_contains_itself_is_refused()
    {
        var list = new List<object?> { 1 };
        list.Add(list);

        var error = Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(list));
        Assert.Equal("[1]", error.Path);
    }

    [Fact]
    public void The_same_object_twice_side_by_side_is_not_a_cycle()
    {
        var shared = new Dictionary<string, object?> { ["x"] = 1 };

        Assert.Equal("[{\"x\":1},{\"x\":1}]", JsonTree.Serialize(new List<object?> { shared, shared }));
    }

    [Fact]
    public void Values_nested_deeper_than_the_limit_are_refused_with_the_path()
    {
        object? value = "leaf";
        for (var i = 0; i < JsonTree.MaxDepth + 1; i++)
        {
            value = new List<object?> { value };
        }

        var error = Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(new Dictionary<string, object?> { ["Deep"] = value }));

        Assert.StartsWith("Deep[0][0]", error.Path, StringComparison.Ordinal);
        Assert.Contains(JsonTree.MaxDepth.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_nested_exactly_to_the_limit_are_accepted()
    {
        object? value = 1;
        for (var i = 0; i < JsonTree.MaxDepth; i++)
        {
            value = new List<object?> { value };
        }

        var json = JsonTree.Serialize(value);

        Assert.Equal(new string('[', JsonTree.MaxDepth) + "1" + new string(']', JsonTree.MaxDepth), json);
    }

    [Fact]
    public void Dictionaries_lists_enums_dates_guids_and_uris_are_written_as_json()
    {
        var value = new SortedDictionary<string, object?>
        {
            ["date"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["enum"] = Tier.Gold,
            ["guid"] = Guid.Parse("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b"),
            ["hash"] = new Hashtable { [1] = "one" },
            ["ints"] = new[] { 1, 2, 3 },
            ["letter"] = 'x',
            ["moment"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            ["uint"] = uint.MaxValue,
            ["ulong"] = ulong.MaxValue,
            ["uri"] = new Uri("https://example.com/a b", UriKind.Absolute),
        };

        using var document = JsonDocument.Parse(JsonTree.Serialize(value));
        var root = document.RootElement;

        Assert.Equal("2024-01-02T03:04:05.0000000Z", root.GetProperty("date").GetString());
        Assert.Equal("Gold", root.GetProperty("enum").GetString());
        Assert.Equal("2f7fdb90-5df1-4b8e-ac2f-064cfa58202b", root.GetProperty("guid").GetString());
        Assert.Equal("one", root.GetProperty("hash").GetProperty("1").GetString());
        Assert.Equal(new[] { 1, 2, 3 }, root.GetProperty("ints").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("x", root.GetProperty("letter").GetString());
        Assert.Equal("2024-01-02T03:04:05.0000000+02:00", root.GetProperty("moment").GetString());
        Assert.Equal(uint.MaxValue, root.GetProperty("uint").GetUInt32());
        Assert.Equal(ulong.MaxValue, root.GetProperty("ulong").GetUInt64());
        Assert.Equal("https://example.com/a b", root.GetProperty("uri").GetString());
    }

    [Fact]
    public void Unknown_object_types_are_refused_with_their_type_name()
    {
        var error = Assert.Throws<JsonTreeException>(() => JsonTree.Serialize(new Dictionary<string, object?> { ["When"] = new Version(1, 2) }));

        Assert.Equal("When", error.Path);
        Assert.Contains("System.Version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indented_output_is_still_the_same_json()
    {
        var tree = JsonTree.Parse("{\"a\":[1,2]}");

        var indented = JsonTree.Serialize(tree, indented: true);

        Assert.Contains("\n", indented, StringComparison.Ordinal);
        Assert.Equal("{\"a\":[1,2]}", JsonTree.Serialize(JsonTree.Parse(indented)));
    }

    [Fact]
    public void Tree_objects_look_names_up_without_case_and_replace_on_set()
    {
        var tree = new JsonTreeObject();
        tree.Set("Region", "emea");
        tree.Set("Day", "2024-01-01");
        tree.Set("REGION", "apac");

        Assert.Equal(2, tree.Count);
        Assert.Equal("apac", tree["region"]);
        Assert.True(tree.ContainsKey("day"));
        Assert.True(tree.TryGetValue("DAY", out var day));
        Assert.Equal("2024-01-01", day);
        Assert.False(tree.TryGetValue("missing", out var missing));
        Assert.Null(missing);
        Assert.Equal(1, tree.Keys.ToList().IndexOf("Day"));
        Assert.Throws<KeyNotFoundException>(() => tree["missing"]);
    }

    [Fact]
    public void Issue27_plus_and_html_sensitive_characters_are_written_as_themselves()
    {
        var json = JsonTree.Serialize(new Dictionary<string, object?> { ["Day"] = "a+b <c> & d's é", ["Quote"] = "\"\\\n" });

        Assert.Equal("{\"Day\":\"a+b <c> & d's é\",\"Quote\":\"\\\"\\\\\\n\"}", json);
    }

    [Fact]
    public void Issue27_dates_are_written_as_iso_8601_text_with_a_literal_plus()
    {
        var json = JsonTree.Serialize(new object?[] { new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc) });

        Assert.Equal("[\"2026-12-01T00:00:00.0000000+01:00\",\"2026-12-01T00:00:00.0000000Z\"]", json);
    }

    [Theory]
    [InlineData("{\"Name\":1,\"NAME\":2}", "", "'Name' and 'NAME' differ only by case")]
    [InlineData("{\"Name\":1,\"x\":0,\"Name\":2}", "", "the key 'Name' is given twice")]
    [InlineData("{\"Options\":{\"k\":1,\"K\":2}}", "Options", "'k' and 'K'")]
    [InlineData("{\"List\":[{},{\"a\":1,\"A\":1}]}", "List[1]", "'a' and 'A'")]
    public void D7_user_json_with_keys_that_repeat_or_differ_only_by_case_is_refused_naming_both(string json, string path, string expected)
    {
        var error = Assert.Throws<JsonTreeException>(() => JsonTree.ParseWithUniqueKeys(json));

        Assert.Equal(path, error.Path);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonTreeObject>(JsonTree.Parse(json)); // service responses are still read as before
    }

    [Fact]
    public void D7_user_json_with_unique_keys_reads_as_parse_does()
    {
        const string json = "{\"b\":1,\"a\":[true,null,{\"z\":{}}],\"c\":{\"nested\":[[]]}}";

        Assert.Equal(JsonTree.Serialize(JsonTree.Parse(json)), JsonTree.Serialize(JsonTree.ParseWithUniqueKeys(json)));
    }

    [Fact]
    public void D7_try_add_keeps_the_first_value_and_names_the_key_already_there()
    {
        var tree = new JsonTreeObject();
        Assert.True(tree.TryAdd("Name", 1, out _));

        Assert.False(tree.TryAdd("NAME", 2, out var existing));
        Assert.Equal("Name", existing);
        Assert.Equal(1, tree["name"]);
        Assert.Equal(new[] { "Name" }, tree.Keys);
    }

    [Fact]
    public void Invalid_json_text_is_a_json_exception()
    {
        Assert.ThrowsAny<JsonException>(() => JsonTree.Parse("{\"a\":"));
    }
}
