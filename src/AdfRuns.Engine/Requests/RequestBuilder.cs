using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Requests;

/// <summary>
/// The one place that turns an intent into a request: validated names, escaped path segments, query flags and
/// JSON body. Start, Restart, Get, Wait and Stop all come through here. A factory's requests go to ARM under the
/// factory's resource path (api-version 2018-06-01); a Synapse workspace's go to its data plane, whose paths have
/// no subscription, resource group or factory (api-version 2020-12-01).
/// </summary>
public static class RequestBuilder
{
    private static readonly char[] QuerySeparator = { '&' };
    private static readonly char[] ValueSeparator = { '=' };

    public const string ApiVersion = "2018-06-01";

    /// <summary>The Synapse data plane's artifacts API (specification/synapse/data-plane/.../stable/2020-12-01/artifacts.json).</summary>
    public const string SynapseApiVersion = "2020-12-01";

    /// <summary>Refuses broken names, run ids and activity names of a createRun before anything else is asked for.</summary>
    public static void Validate(RunRequest request)
    {
        ValidateFactory(request.Factory);
        Require(NameRules.CheckPipelineName(request.PipelineName));
        if (request.Mode != RunMode.New)
        {
            Require(NameRules.CheckRunId(request.ReferencePipelineRunId));
        }

        if (request.Mode == RunMode.RecoverFromActivity)
        {
            Require(NameRules.CheckActivityName(request.StartActivityName));
        }

        if (request.Mode == RunMode.RecoverFromFailure && request.Factory.IsWorkspace)
        {
            // Synapse's createRun has no startFromFailure; RunStarter turns -FromFailure into startActivityName.
            throw new InvalidInputException("A Synapse workspace's createRun has no startFromFailure: rerun from the failed activity with startActivityName instead.", "FromFailureNotSupported");
        }
    }

    /// <param name="shownBody">The body as logs may show it (secrets masked); null when only its size may be shown.</param>
    public static ArmRequest CreateRun(RunRequest request, string? shownBody = null)
    {
        Validate(request);
        var query = new List<KeyValuePair<string, string>> { ApiVersionPair(request.Factory) };
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
        var body = request.Mode == RunMode.New && request.Parameters is not null
            ? JsonTree.Serialize(request.Parameters)
            : "{}";
        return Build(AdfOperation.CreateRun, "POST", request.Factory, query, body, "pipelines", request.PipelineName, "createRun").WithShownBody(shownBody);
    }

    public static ArmRequest GetRun(FactoryCoordinates factory, string runId)
    {
        ValidateFactory(factory);
        Require(NameRules.CheckRunId(runId));
        return Build(AdfOperation.GetRun, "GET", factory, ApiVersionOnly(factory), null, "pipelineruns", NameRules.NormalizeRunId(runId));
    }

    public static ArmRequest CancelRun(FactoryCoordinates factory, string runId, bool recursive)
    {
        ValidateFactory(factory);
        Require(NameRules.CheckRunId(runId));
        var query = new List<KeyValuePair<string, string>>();
        if (recursive)
        {
            query.Add(Pair("isRecursive", "true"));
        }

        query.Add(ApiVersionPair(factory));
        return Build(AdfOperation.CancelRun, "POST", factory, query, null, "pipelineruns", NameRules.NormalizeRunId(runId), "cancel");
    }

    public static ArmRequest QueryRuns(FactoryCoordinates factory, RunQuery runQuery, string? continuationToken)
    {
        ValidateFactory(factory);
        return Build(AdfOperation.QueryRuns, "POST", factory, ApiVersionOnly(factory), QueryBody(runQuery, continuationToken), "queryPipelineRuns");
    }

    /// <param name="pipelineName">The run's pipeline: a workspace's path names it (a factory's does not).</param>
    public static ArmRequest QueryActivityRuns(FactoryCoordinates factory, string runId, RunQuery runQuery, string? continuationToken, string? pipelineName = null)
    {
        ValidateFactory(factory);
        Require(NameRules.CheckRunId(runId));
        var body = QueryBody(runQuery, continuationToken);
        if (factory.IsWorkspace)
        {
            Require(NameRules.CheckPipelineName(pipelineName));
            return Build(AdfOperation.QueryActivityRuns, "POST", factory, ApiVersionOnly(factory), body, "pipelines", pipelineName!, "pipelineruns", NameRules.NormalizeRunId(runId), "queryActivityruns");
        }

        return Build(AdfOperation.QueryActivityRuns, "POST", factory, ApiVersionOnly(factory), body, "pipelineruns", NameRules.NormalizeRunId(runId), "queryActivityruns");
    }

    public static ArmRequest QueryTriggerRuns(FactoryCoordinates factory, RunQuery runQuery, string? continuationToken)
    {
        ValidateFactory(factory);
        return Build(AdfOperation.QueryTriggerRuns, "POST", factory, ApiVersionOnly(factory), QueryBody(runQuery, continuationToken), "queryTriggerRuns");
    }

    /// <summary>POST triggers/{t}/triggerRuns/{id}/rerun or /cancel, with no body (as the official clients send it).</summary>
    public static ArmRequest TriggerRunAction(FactoryCoordinates factory, string triggerName, string triggerRunId, bool rerun)
    {
        ValidateFactory(factory);
        Require(NameRules.CheckTriggerName(triggerName));
        Require(NameRules.CheckTriggerRunId(triggerRunId));
        return Build(rerun ? AdfOperation.RerunTriggerRun : AdfOperation.CancelTriggerRun, "POST", factory, ApiVersionOnly(factory), null, "triggers", triggerName, "triggerRuns", triggerRunId, rerun ? "rerun" : "cancel");
    }

    public static ArmRequest GetPipeline(FactoryCoordinates factory, string pipelineName)
    {
        ValidateFactory(factory);
        Require(NameRules.CheckPipelineName(pipelineName));
        return Build(AdfOperation.GetPipeline, "GET", factory, ApiVersionOnly(factory), null, "pipelines", pipelineName);
    }

    public static ArmRequest ListPipelines(FactoryCoordinates factory)
    {
        ValidateFactory(factory);
        return Build(AdfOperation.ListPipelines, "GET", factory, ApiVersionOnly(factory), null, "pipelines");
    }

    /// <summary>
    /// The next page of a list, from the service's nextLink. Only its path and query are taken, and only under a
    /// subscription (ARM) or the workspace's pipelines: the request goes to the connected endpoint, never to a host a
    /// response named.
    /// </summary>
    public static ArmRequest NextPage(AdfOperation operation, string nextLink, Uri endpoint, string? workspaceName = null)
    {
        if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var link) && !Uri.TryCreate(endpoint, nextLink, out link))
        {
            throw new FormatException($"The service's nextLink is not a URL: '{nextLink}'.");
        }

        var expected = workspaceName is null ? "/subscriptions/" : "/pipelines";
        if (!link.AbsolutePath.StartsWith(expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(workspaceName is null
                ? $"The service's nextLink does not point into a subscription: '{nextLink}'."
                : $"The service's nextLink does not point to the workspace's pipelines: '{nextLink}'.");
        }

        var query = new List<KeyValuePair<string, string>>();
        foreach (var pair in link.Query.TrimStart('?').Split(QuerySeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(ValueSeparator, 2);
            query.Add(Pair(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty));
        }

        return new ArmRequest(operation, "GET", link.AbsolutePath, query, null, workspaceName);
    }

    public static ArmRequest GetFactory(FactoryCoordinates factory)
    {
        ValidateFactory(factory);
        if (factory.IsWorkspace)
        {
            throw new InvalidInputException($"GetFactory asks ARM about a factory; {factory.Describe()} is a Synapse workspace.");
        }

        return new ArmRequest(AdfOperation.GetFactory, "GET", FactoryPath(factory), ApiVersionOnly(factory), null);
    }

    /// <summary>Checks the coordinates (or the workspace name); throws InvalidInputException naming the first broken one.</summary>
    public static void ValidateFactory(FactoryCoordinates factory)
    {
        if (factory.IsWorkspace)
        {
            Require(NameRules.CheckWorkspaceName(factory.WorkspaceName));
            return;
        }

        Require(NameRules.CheckSubscriptionId(factory.SubscriptionId));
        Require(NameRules.CheckResourceGroupName(factory.ResourceGroupName));
        Require(NameRules.CheckFactoryName(factory.FactoryName));
    }

    public static string FactoryPath(FactoryCoordinates factory, params string[] segments)
    {
        var path = new StringBuilder(256)
            .Append("/subscriptions/").Append(Escape(factory.SubscriptionId))
            .Append("/resourceGroups/").Append(Escape(factory.ResourceGroupName))
            .Append("/providers/Microsoft.DataFactory/factories/").Append(Escape(factory.FactoryName));
        foreach (var segment in segments)
        {
            path.Append('/').Append(Escape(segment));
        }

        return path.ToString();
    }

    /// <summary>The path under the factory (ARM) or the workspace's root (its data plane), and which service answers.</summary>
    private static ArmRequest Build(AdfOperation operation, string method, FactoryCoordinates factory, IReadOnlyList<KeyValuePair<string, string>> query, string? body, params string[] segments) =>
        factory.IsWorkspace
            ? new ArmRequest(operation, method, WorkspacePath(segments), query, body, factory.WorkspaceName)
            : new ArmRequest(operation, method, FactoryPath(factory, segments), query, body);

    private static ArmRequest WithShownBody(this ArmRequest request, string? shownBody)
    {
        request.ShownBody = shownBody;
        return request;
    }

    public static string WorkspacePath(params string[] segments)
    {
        var path = new StringBuilder(128);
        foreach (var segment in segments)
        {
            path.Append('/').Append(Escape(segment));
        }

        return path.ToString();
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

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }

    private static KeyValuePair<string, string> ApiVersionPair(FactoryCoordinates factory) => Pair("api-version", factory.IsWorkspace ? SynapseApiVersion : ApiVersion);

    private static List<KeyValuePair<string, string>> ApiVersionOnly(FactoryCoordinates factory) => new() { ApiVersionPair(factory) };

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
