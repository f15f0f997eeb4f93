using System;
using System.Collections.Generic;
using System.Globalization;

namespace AdfRuns.Engine.Http;

/// <summary>
/// Follows the continuation tokens (or nextLinks) of one listing, and ends it with an error when the service gives
/// a token it already gave (following it would ask for the same pages for ever) or when the listing runs past
/// <see cref="MaxPages"/>. Every paging loop asks it for the next token.
/// </summary>
public sealed class PageSequence
{
    /// <summary>
    /// ADF allows 1,000 monitoring queries a minute per factory, so 10,000 pages is at least ten minutes of a
    /// factory's whole query allowance spent on one listing (a million runs at 100 a page): a listing that long is
    /// better narrowed than followed.
    /// </summary>
    public const int MaxPages = 10_000;

    private readonly string listing;
    private readonly int maxPages;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <param name="listing">What is being listed, for the error ("queryActivityruns of run X").</param>
    public PageSequence(string listing, int maxPages = MaxPages)
    {
        this.listing = listing;
        this.maxPages = maxPages;
    }

    /// <summary>How many pages were read so far.</summary>
    public int Pages { get; private set; }

    /// <summary>
    /// Counts the page just read and returns the token to ask for the next one with, or null when the listing is
    /// complete. Throws AdfServiceException (ContinuationTokenRepeated, TooManyPages) when it must not go on.
    /// </summary>
    public string? Next(string? continuationToken)
    {
        Pages++;
        if (string.IsNullOrEmpty(continuationToken))
        {
            return null;
        }

        if (!seen.Add(continuationToken!))
        {
            throw new AdfServiceException(
                "ContinuationTokenRepeated",
                $"The service answered page {Count(Pages)} of {listing} with a continuation token it had already given for an earlier page, so the next page would repeat one already read, for ever. AdfRuns stopped after {Count(Pages)} pages; what they held is incomplete.",
                FailureKind.InvalidResponse);
        }

        if (Pages >= maxPages)
        {
            throw new AdfServiceException(
                "TooManyPages",
                $"{listing} was still not complete after {Count(Pages)} pages, the most AdfRuns follows for one listing. Narrow it: a shorter time window, or filters such as -PipelineName, -Status or -ActivityName.",
                FailureKind.InvalidResponse);
        }

        return continuationToken;
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
