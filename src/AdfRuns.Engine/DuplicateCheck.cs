using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine;

/// <summary>
/// After a createRun failed in a way that leaves open whether the service created the run (a timeout, a 5xx,
/// a dropped connection after sending), finds that run if it exists, so that it is reported rather than started
/// twice. The run id the service returned in recorded traffic equals the request's x-ms-client-request-id: that
/// is tried first, but only as a hint; a candidate must also match the pipeline, the time and the parameters,
/// and belong to no other input of this process.
/// </summary>
public static class DuplicateCheck
{
    /// <summary>How far the service's clock may be from ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static async Task<PipelineRunData?> FindAsync(AdfClient client, RunRequest request, string clientRequestId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var expected = await ExpectedAsync(client, request, cancellationToken).ConfigureAwait(false);

        try
        {
            var hinted = await client.GetRunAsync(request.Factory, clientRequestId, cancellationToken).ConfigureAwait(false);
            if (Matches(hinted, request, expected, sentAt, clientRequestId))
            {
                return hinted;
            }
        }
        catch (AdfServiceException exception) when (exception.Kind == FailureKind.NotFound)
        {
            // No run under the hinted id; the query below still looks for one under another id.
        }

        var query = new RunQuery(
            sentAt - ClockSkew,
            DateTimeOffset.UtcNow + ClockSkew,
            new[] { new QueryFilter("PipelineName", "Equals", new[] { request.PipelineName }) });
        var candidates = new List<PipelineRunData>();
        await client.QueryAllRunsAsync(
            request.Factory,
            query,
            run =>
            {
                if (Matches(run, request, expected, sentAt, clientRequestId))
                {
                    candidates.Add(run);
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);

        return candidates.Count switch
        {
            0 => null,
            1 => candidates[0],
            _ => throw new AdfServiceException(
                "AmbiguousCreateRun",
                $"createRun of pipeline '{request.PipelineName}' failed after it was sent, and {candidates.Count} runs that could be it exist ({string.Join(", ", candidates.Select(run => run.RunId))}); none was adopted and no new run was started.",
                FailureKind.Conflict),
        };
    }

    /// <summary>What the created run would look like: its parameters, and the group a recovery run joins.</summary>
    private static async Task<Expected> ExpectedAsync(AdfClient client, RunRequest request, CancellationToken cancellationToken)
    {
        if (request.Mode == RunMode.New)
        {
            return new Expected(request.Parameters, null);
        }

        var reference = await client.GetRunAsync(request.Factory, request.ReferencePipelineRunId!, cancellationToken).ConfigureAwait(false);
        var parameters = new JsonTreeObject();
        foreach (var pair in reference.Parameters)
        {
            parameters.Set(pair.Key, pair.Value);
        }

        var group = request.Mode == RunMode.NewFromReference ? null : reference.RunGroupId ?? reference.RunId;
        return new Expected(parameters, group);
    }

    internal static bool Matches(PipelineRunData run, RunRequest request, Expected expected, DateTimeOffset sentAt, string ownRequestId)
    {
        if (!string.Equals(run.PipelineName, request.PipelineName, StringComparison.OrdinalIgnoreCase)
            || RunLedger.IsClaimed(run.RunId)
            || (RunLedger.IsInFlight(run.RunId) && !string.Equals(run.RunId, ownRequestId, StringComparison.OrdinalIgnoreCase))
            || (run.RunStart is { } start && start < sentAt - ClockSkew))
        {
            return false;
        }

        var isOwnGroup = run.RunGroupId is null || string.Equals(run.RunGroupId, run.RunId, StringComparison.OrdinalIgnoreCase);
        if (expected.Group is null ? !isOwnGroup : !string.Equals(run.RunGroupId, expected.Group, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return ParametersMatch(run.Parameters, expected.Parameters);
    }

    /// <summary>Every parameter we sent is there with the same value; the service may add defaults.</summary>
    internal static bool ParametersMatch(IReadOnlyList<KeyValuePair<string, object?>> returned, IReadOnlyDictionary<string, object?>? sent)
    {
        if (sent is null)
        {
            return true;
        }

        foreach (var parameter in sent)
        {
            var match = returned.FirstOrDefault(pair => string.Equals(pair.Key, parameter.Key, StringComparison.OrdinalIgnoreCase));
            if (match.Key is null || !SameValue(match.Value, parameter.Value))
            {
                return false;
            }
        }

        return true;
    }

    // The service returns every parameter as a string (arrays and objects JSON-encoded), so values are compared
    // by their JSON meaning.
    private static bool SameValue(object? returned, object? sent)
    {
        var returnedText = returned as string ?? (returned is null ? null : JsonTree.Serialize(returned));
        if (sent is string sentText)
        {
            return string.Equals(returnedText, sentText, StringComparison.Ordinal);
        }

        if (sent is null)
        {
            return returnedText is null or "" or "null";
        }

        var sentJson = JsonTree.Serialize(sent);
        if (returnedText is null)
        {
            return false;
        }

        if (sent is bool flag)
        {
            return string.Equals(returnedText, flag ? "true" : "false", StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            return JsonTree.Serialize(JsonTree.Parse(returnedText)) == JsonTree.Serialize(JsonTree.Parse(sentJson));
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Equals(returnedText, Convert.ToString(sent, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
    }

    internal sealed class Expected
    {
        public Expected(IReadOnlyDictionary<string, object?>? parameters, string? group)
        {
            Parameters = parameters;
            Group = group;
        }

        public IReadOnlyDictionary<string, object?>? Parameters { get; }
        public string? Group { get; }
    }
}
