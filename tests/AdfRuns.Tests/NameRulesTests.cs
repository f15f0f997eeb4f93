using System;
using AdfRuns.Engine.Requests;
using Xunit;

namespace AdfRuns.Tests;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("Hel\nlo", "U+000A")]
    [InlineData("Hel\tlo", "U+0009")]
    [InlineData("Hel\0lo", "U+0000")]
    [InlineData("Hello\r", "U+000D")]
    [InlineData("Hel\u007flo", "U+007F")]
    [InlineData("Hel\u0085lo", "U+0085")]
    public void D10_names_with_control_characters_are_refused_and_shown_escaped(string name, string code)
    {
        foreach (var problem in new[] { NameRules.CheckPipelineName(name), NameRules.CheckActivityName(name) })
        {
            Assert.NotNull(problem);
            Assert.Contains("control character (" + code + ")", problem, StringComparison.Ordinal);
            Assert.DoesNotContain(name, problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ünicode")]
    [InlineData("é-ünï")]
    [InlineData("Daten_Übersicht")]
    [InlineData("Ωmega")]
    [InlineData("データ")]
    [InlineData("_private")]
    [InlineData("9lives")]
    [InlineData("Load Sales (daily) [v2]")]
    public void D10_names_may_start_with_or_hold_letters_of_any_script(string name)
    {
        Assert.Null(NameRules.CheckPipelineName(name));
        Assert.Null(NameRules.CheckActivityName(name));
    }

    [Theory]
    [InlineData("-leading")]
    [InlineData(" leading")]
    [InlineData("€uro")]
    [InlineData("ü.x")]
    [InlineData("ü/x")]
    public void D10_names_that_start_with_no_letter_digit_or_underscore_or_hold_a_forbidden_character_are_still_refused(string name)
    {
        Assert.NotNull(NameRules.CheckPipelineName(name));
    }
}
