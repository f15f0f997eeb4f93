using System;
using System.Collections.Generic;
using System.Linq;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Starting;

/// <summary>
/// The pipeline names a run query asks for, from names and wildcard patterns given by the user, resolved against
/// the factory's pipeline list (read once per invocation). An exact name the list lacks is still asked for (runs of
/// a deleted pipeline remain queryable), but is a suspect: when no run of it comes back, it is reported with
/// <see cref="MissingPipeline.NotFoundText"/>.
/// </summary>
public sealed class PipelineNameResolution
{
    private PipelineNameResolution(IReadOnlyList<string> names, IReadOnlyList<string> unknown)
    {
        Names = names;
        Unknown = unknown;
    }

    /// <summary>The names to query, each once, in the order given (a pattern's matches in the list's order).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Exact names given that the factory's list does not have.</summary>
    public IReadOnlyList<string> Unknown { get; }

    /// <param name="patternOf">A matcher for a name with wildcard characters; null for an exact name.</param>
    /// <param name="known">The factory's pipeline names; null when the list could not be read (names are then taken as given).</param>
    public static PipelineNameResolution Resolve(IEnumerable<string> given, IReadOnlyList<string>? known, Func<string, Func<string, bool>?> patternOf)
    {
        var names = new List<string>();
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in given)
        {
            if (patternOf(name) is { } matches)
            {
                if (known is null)
                {
                    throw new InvalidInputException($"'{name}' has wildcard characters, but the pipelines could not be listed to expand it: give exact names. Nothing was sent.", "PipelineListUnavailable");
                }

                names.AddRange(known.Where(candidate => matches(candidate) && seen.Add(candidate)));
                continue;
            }

            var listed = known?.FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase));
            if (known is not null && listed is null)
            {
                unknown.Add(name);
            }

            if (seen.Add(listed ?? name))
            {
                names.Add(listed ?? name);
            }
        }

        return new PipelineNameResolution(names, unknown);
    }

}
