using System;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AdfRuns.Engine.Requests;

/// <summary>
/// The service's naming rules (datafactory.json 2018-06-01), checked before anything is sent so that a bad
/// name can never change the request path.
/// </summary>
public static class NameRules
{
    private static readonly Regex SubscriptionPattern = new(@"^[0-9A-Za-z-]{1,64}\z", RegexOptions.CultureInvariant);
    private static readonly Regex ResourceGroupPattern = new(@"^[-\w\._\(\)]{1,90}\z", RegexOptions.CultureInvariant);
    // Synapse workspace names (ARM template reference, Microsoft.Synapse/workspaces 2020-12-01): 1 to 50 lower-case
    // letters, digits and hyphens, starting and ending with a letter or digit, not containing "-ondemand".
    private static readonly Regex WorkspacePattern = new(@"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?\z", RegexOptions.CultureInvariant);
    private static readonly Regex FactoryPattern = new(@"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\z", RegexOptions.CultureInvariant);
    // The REST spec's pattern starts with [A-Za-z0-9_]; the ADF naming rules say "must start with a letter" and
    // forbid only . + ? / < > * % & : \, so a name may also start with a letter of any script ('Übersicht').
    private static readonly Regex TriggerRunIdPattern = new(@"^[A-Za-z0-9-]{1,100}\z", RegexOptions.CultureInvariant);
    // What an entity name may not hold anywhere; it starts with a letter (of any script), an ASCII digit or '_'.
    // Checked by hand, not by a pattern: every start checks its pipeline's name.
    private static readonly char[] ForbiddenInEntityNames = { '<', '>', '*', '#', '.', '%', '&', ':', '\\', '+', '?', '/' };

    public static string? CheckSubscriptionId(string? value) =>
        IsMissing(value) ? "SubscriptionId is empty."
        : SubscriptionPattern.IsMatch(value!) ? null
        : $"SubscriptionId '{value}' is not a subscription id: only letters, digits and hyphens are allowed.";

    public static string? CheckResourceGroupName(string? value) =>
        IsMissing(value) ? "ResourceGroupName is empty."
        : ResourceGroupPattern.IsMatch(value!) && !value!.EndsWith(".", StringComparison.Ordinal) ? null
        : $"ResourceGroupName '{value}' breaks the Azure naming rules: 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'.";

    public static string? CheckFactoryName(string? value) =>
        IsMissing(value) ? "FactoryName is empty."
        : value!.Length >= 3 && value.Length <= 63 && FactoryPattern.IsMatch(value) ? null
        : $"FactoryName '{value}' breaks the Data Factory naming rules: 3 to 63 letters, digits and single hyphens, starting and ending with a letter or digit.";

    public static string? CheckWorkspaceName(string? value)
    {
        if (IsMissing(value))
        {
            return "WorkspaceName is empty.";
        }

        foreach (var character in value!)
        {
            if (char.IsControl(character))
            {
                return $"WorkspaceName '{ShowControlCharacters(value)}' contains a control character (U+{(int)character:X4}): Synapse workspace names are lower-case letters, digits and hyphens.";
            }
        }

        if (WorkspacePattern.IsMatch(value!) && value!.IndexOf("-ondemand", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        var lower = value!.ToLowerInvariant();
        var hint = lower != value && WorkspacePattern.IsMatch(lower) ? $" Did you mean '{lower}'?" : string.Empty;
        return $"WorkspaceName '{value}' breaks the Synapse naming rules: 1 to 50 lower-case letters, digits and hyphens, starting and ending with a letter or digit, not containing '-ondemand'.{hint}";
    }

    public static string? CheckPipelineName(string? value) => CheckEntityName("PipelineName", value, 260);

    public static string? CheckActivityName(string? value) => CheckEntityName("ActivityName", value, 260);

    public static string? CheckTriggerName(string? value) => CheckEntityName("TriggerName", value, 260);

    /// <summary>Trigger run ids are not GUIDs (recorded: 29 digits, "CU", two or three digits); the spec's examples show GUIDs.</summary>
    public static string? CheckTriggerRunId(string? value) =>
        IsMissing(value) ? "TriggerRunId is empty."
        : TriggerRunIdPattern.IsMatch(value!) ? null
        : $"TriggerRunId '{value}' is not a trigger run id: ids such as 08586001811587302486644506085CU07 hold only letters, digits and hyphens.";

    public static string? CheckRunId(string? value) =>
        IsMissing(value) ? "RunId is empty."
        : Guid.TryParse(value, out _) ? null
        : $"RunId '{value}' is not a pipeline run id: run ids are GUIDs such as 2f7fdb90-5df1-4b8e-ac2f-064cfa58202b."
            + (CheckPipelineName(value) is null ? $" If '{value}' is a pipeline, query its runs with -PipelineName '{value}'." : string.Empty);

    /// <summary>A valid run id in the one spelling the service uses (lower-case, hyphenated, no braces or spaces).</summary>
    public static string NormalizeRunId(string runId) => Guid.Parse(runId).ToString("D");

    private static bool IsEntityName(string value) =>
        (char.IsLetter(value[0]) || value[0] is >= '0' and <= '9' or '_') && value.IndexOfAny(ForbiddenInEntityNames) < 0;

    private static string? CheckEntityName(string what, string? value, int maxLength)
    {
        if (IsMissing(value))
        {
            return $"{what} is empty.";
        }

        foreach (var character in value!)
        {
            if (char.IsControl(character))
            {
                return $"{what} '{ShowControlCharacters(value)}' contains a control character (U+{(int)character:X4}): Data Factory names cannot hold line breaks, tabs, NUL or other control characters.";
            }
        }

        return value.Length <= maxLength && IsEntityName(value) ? null
            : $"{what} '{value}' breaks the Data Factory naming rules: it must start with a letter, digit or '_', be at most {maxLength} characters, and contain none of < > * # . % & : \\ + ? /.";
    }

    private static string ShowControlCharacters(string value)
    {
        var shown = new StringBuilder(value.Length + 8);
        foreach (var character in value)
        {
            if (char.IsControl(character))
            {
                shown.Append("\\u").Append(((int)character).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(character);
            }
        }

        return shown.ToString();
    }

    private static bool IsMissing(string? value) => string.IsNullOrWhiteSpace(value);
}
