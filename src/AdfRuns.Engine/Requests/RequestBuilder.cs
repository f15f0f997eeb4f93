using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Requests;

/// <summary>
/// The one place that turns an intent into a request: validated names, escaped path segments, query flags and
/// JSON body. Start, Restart, Get, Wait and Stop all come through here. What differs per service (the path's root,
/// the api-version, what createRun and the activity-run query take) the request's RunTarget says.
/// </summary>
public static partial class RequestBuilder
{
    private static readonly char[] QuerySeparator = { '&' };
    private static readonly char[] ValueSeparator = { '=' };

    /// <summary>Refuses broken names, run ids and activity names of a createRun before anything else is asked for.</summary>
    public static void Validate(RunRequest request)
    {
        request.Target.Validate();
        RefuseWhatTheServiceCannotDo(request);
        Require(NameRules.CheckPipelineName(request.PipelineName));
        if (request.Mode != RunMode.New)
        {
            Require(NameRules.CheckRunId(request.ReferencePipelineRunId));
        }

        if (request.Mode == RunMode.RecoverFromActivity)
        {
            Require(NameRules.CheckActivityName(request.StartActivityName));
        }

        if (request.Mode == RunMode.RecoverFromFailure && request.Target.Capabilities.FromFailure != FromFailureRerun.StartFromFailure)
        {
            // RunStarter turns -FromFailure into startActivityName where the service reruns through the failed activity.
            throw new InvalidInputException($"The createRun of {request.Target.Describe()} has no startFromFailure: rerun from the failed activity with startActivityName instead.", "FromFailureNotSupported");
        }
    }

    /// <summary>A rerun the target's service has no way to send is refused before anything is asked (NotSupportedByService).</summary>
    private static void RefuseWhatTheServiceCannotDo(RunRequest request)
    {
        var capabilities = request.Target.Capabilities;
        var refused = request.Mode switch
        {
            RunMode.New => null,
            _ when !capabilities.Reruns => "rerun a run or start one from an earlier run's parameters",
            RunMode.RecoverFromActivity when !capabilities.RerunsFromActivity => "rerun from an activity (-FromActivity)",
            RunMode.RecoverFromFailure when capabilities.FromFailure == FromFailureRerun.NotSupported => "rerun from the failure (-FromFailure)",
            _ => null,
        };
        if (refused is not null)
        {
            throw new InvalidInputException($"The run API of {request.Target.Describe()} cannot {refused}. Nothing was sent.", "NotSupportedByService");
        }
    }

    /// <param name="shownBody">The body as logs may show it (secrets masked); null when only its size may be shown.</param>
    public static ServiceRequest CreateRun(RunRequest request, string? shownBody = null)
    {
        Validate(request);
        var query = new List<KeyValuePair<string, string>> { ApiVersionPair(request.Target) };
        if (request.Mode != RunMode.New)
        {
            query.Add(Pair("referencePipelineRunId", NameRules.NormalizeRunId(request.ReferencePipelineRunId!)));
        }

        switch (request.Mode)
        {
            case RunMode.Recover:
                query.Add(Pair("isRecovery", "true"));
                break;
            case RunMode.RecoverFromFailure:
                query.Add(Pair("isRecovery", "true"));
                query.Add(Pair("startFromFailure", "true"));
                break;
            case RunMode.RecoverFromActivity:
                query.Add(Pair("isRecovery", "true"));
                query.Add(Pair("startActivityName", request.StartActivityName!));
                break;
        }

        // With a reference run the service takes the reference's parameters and ignores the body; like the
        // official clients we still send an object, never an absent body.
        var body = request.Mode == RunMode.New && request.Parameters is { Count: > 0 }
            ? JsonTree.Serialize(request.Parameters)
            : "{}";
        if (request.Mode == RunMode.New)
        {
            // The same address for every new run of a pipeline: built once per target and pipeline.
            var known = request.Target.KnownRequest(
                request.PipelineName,
                name => Build(AdfOperation.CreateRun, "POST", request.Target, query, null, "pipelines", name, "createRun"));
            return known.WithBody(body).WithShownBody(shownBody);
        }

        return Build(AdfOperation.CreateRun, "POST", request.Target, query, body, "pipelines", request.PipelineName, "createRun").WithShownBody(shownBody);
    }

    public static ServiceRequest GetRun(RunTarget target, string runId)
    {
        target.Validate();
        Require(NameRules.CheckRunId(runId));
        return Build(AdfOperation.GetRun, "GET", target, ApiVersionOnly(target), null, "pipelineruns", NameRules.NormalizeRunId(runId));
    }

    public static ServiceRequest CancelRun(RunTarget target, string runId, bool recursive)
    {
        target.Validate();
        Require(NameRules.CheckRunId(runId));
        var query = new List<KeyValuePair<string, string>>();
        if (recursive)
        {
            query.Add(Pair("isRecursive", "true"));
        }

        query.Add(ApiVersionPair(target));
        return Build(AdfOperation.CancelRun, "POST", target, query, null, "pipelineruns", NameRules.NormalizeRunId(runId), "cancel");
    }

    public static ServiceRequest QueryRuns(RunTarget target, RunQuery runQuery, string? continuationToken)
    {
        target.Validate();
        return Build(AdfOperation.QueryRuns, "POST", target, ApiVersionOnly(target), QueryBody(runQuery, continuationToken), "queryPipelineRuns");
    }

    /// <param name="pipelineName">The run's pipeline: required where the target's activity-run query names it.</param>
    public static ServiceRequest QueryActivityRuns(RunTarget target, string runId, RunQuery runQuery, string? continuationToken, string? pipelineName = null)
    {
        target.Validate();
        Require(NameRules.CheckRunId(runId));
        var body = QueryBody(runQuery, continuationToken);
        if (target.Capabilities.ActivityQueryNamesPipeline)
        {
            Require(NameRules.CheckPipelineName(pipelineName));
            return Build(AdfOperation.QueryActivityRuns, "POST", target, ApiVersionOnly(target), body, "pipelines", pipelineName!, "pipelineruns", NameRules.NormalizeRunId(runId), "queryActivityruns");
        }

        return Build(AdfOperation.QueryActivityRuns, "POST", target, ApiVersionOnly(target), body, "pipelineruns", NameRules.NormalizeRunId(runId), "queryActivityruns");
    }

    public static ServiceRequest QueryTriggerRuns(RunTarget target, RunQuery runQuery, string? continuationToken)
    {
        RequireTriggerRuns(target);
        return Build(AdfOperation.QueryTriggerRuns, "POST", target, ApiVersionOnly(target), QueryBody(runQuery, continuationToken), "queryTriggerRuns");
    }

    /// <summary>POST triggers/{t}/triggerRuns/{id}/rerun or /cancel, with no body (as the official clients send it).</summary>
    public static ServiceRequest TriggerRunAction(RunTarget target, string triggerName, string triggerRunId, bool rerun)
    {
        RequireTriggerRuns(target);
        Require(NameRules.CheckTriggerName(triggerName));
        Require(NameRules.CheckTriggerRunId(triggerRunId));
        return Build(rerun ? AdfOperation.RerunTriggerRun : AdfOperation.CancelTriggerRun, "POST", target, ApiVersionOnly(target), null, "triggers", triggerName, "triggerRuns", triggerRunId, rerun ? "rerun" : "cancel");
    }

    private static void RequireTriggerRuns(RunTarget target)
    {
        target.Validate();
        if (!target.Capabilities.TriggerRuns)
        {
            throw new InvalidInputException($"The run API of {target.Describe()} has no trigger runs. Nothing was sent.", "NotSupportedByService");
        }
    }

    public static ServiceRequest GetPipeline(RunTarget target, string pipelineName)
    {
        target.Validate();
        Require(NameRules.CheckPipelineName(pipelineName));
        return Build(AdfOperation.GetPipeline, "GET", target, ApiVersionOnly(target), null, "pipelines", pipelineName);
    }

    public static ServiceRequest ListPipelines(RunTarget target)
    {
        target.Validate();
        return Build(AdfOperation.ListPipelines, "GET", target, ApiVersionOnly(target), null, "pipelines");
    }

    /// <summary>
    /// The next page of a list, from the service's nextLink. Only its path and query are taken, and only where the
    /// target may follow it (under a subscription, or the workspace's pipelines): the request goes to the target's
    /// endpoint on the connection, never to a host a response named.
    /// </summary>
    public static ServiceRequest NextPage(AdfOperation operation, string nextLink, RunTarget target, Uri endpoint)
    {
        if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var link) && !Uri.TryCreate(endpoint, nextLink, out link))
        {
            throw new FormatException($"The service's nextLink is not a URL: '{nextLink}'.");
        }

        if (!target.MayFollow(link.AbsolutePath))
        {
            throw new FormatException($"The service's nextLink does not point {target.FollowedLinksPointTo}: '{nextLink}'.");
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in link.Query.TrimStart('?').Split(QuerySeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(ValueSeparator, 2);
            query.Add(Pair(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty));
        }

        return new ServiceRequest(target, operation, "GET", link.AbsolutePath, query, null);
    }

    /// <summary>The factory itself, from ARM (only a factory has one to ask about).</summary>
    public static ServiceRequest GetFactory(FactoryTarget factory)
    {
        factory.Validate();
        return Build(AdfOperation.GetFactory, "GET", factory, ApiVersionOnly(factory), null);
    }

    /// <summary>The segments' path under the target, for the target's service.</summary>
    private static ServiceRequest Build(AdfOperation operation, string method, RunTarget target, IReadOnlyList<KeyValuePair<string, string>> query, string? body, params string[] segments) =>
        new(target, operation, method, target.PathFor(segments), query, body);

    private static ServiceRequest WithShownBody(this ServiceRequest request, string? shownBody)
    {
        request.ShownBody = shownBody;
        return request;
    }

    private static string QueryBody(RunQuery runQuery, string? continuationToken)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JsonTree.BodyEncoder }))
        {
            writer.WriteStartObject();
            if (continuationToken is not null)
            {
                writer.WriteString("continuationToken", continuationToken);
            }

            writer.WriteString("lastUpdatedAfter", FormatTime(runQuery.LastUpdatedAfter));
            writer.WriteString("lastUpdatedBefore", FormatTime(runQuery.LastUpdatedBefore));
            writer.WriteStartArray("filters");
            foreach (var filter in runQuery.Filters)
            {
                writer.WriteStartObject();
                writer.WriteString("operand", filter.Operand);
                writer.WriteString("operator", filter.Operator);
                writer.WriteStartArray("values");
                foreach (var value in filter.Values)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("orderBy");
            if (runQuery.OrderBy is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("orderBy", runQuery.OrderBy);
                writer.WriteString("order", runQuery.Descending ? "DESC" : "ASC");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }

    private static KeyValuePair<string, string> ApiVersionPair(RunTarget target) => Pair("api-version", target.ApiVersion);

    private static List<KeyValuePair<string, string>> ApiVersionOnly(RunTarget target) => new() { ApiVersionPair(target) };

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
