using System;
using System.Collections.Generic;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Requests;

/// <summary>
/// Fabric REST v1 requests (tests/contract/fabric/README.md): under /v1/workspaces, by workspace id and item id, with
/// no api-version. The ids come resolved (Fabric/FabricDirectory); each is checked to be a GUID before it goes in a path.
/// </summary>
public static partial class RequestBuilder
{
    private static readonly IReadOnlyList<KeyValuePair<string, string>> NoQuery = Array.Empty<KeyValuePair<string, string>>();

    /// <summary>GET /v1/workspaces (continuationToken pages).</summary>
    public static ServiceRequest FabricWorkspaces(FabricTarget target, string? continuationToken) =>
        Fabric(AdfOperation.GetFactory, "GET", target, Continue(continuationToken), null);

    /// <summary>GET /v1/workspaces/{id}/items?type=DataPipeline (continuationToken pages).</summary>
    public static ServiceRequest FabricPipelines(FabricTarget target, string? continuationToken) =>
        Fabric(AdfOperation.ListPipelines, "GET", target, WithType(Continue(continuationToken)), null, Id(target.WorkspaceId), "items");

    /// <summary>POST /v1/workspaces/{id}/items/{itemId}/getDefinition.</summary>
    public static ServiceRequest FabricDefinition(FabricTarget target, string itemId) =>
        Fabric(AdfOperation.GetPipeline, "POST", target, NoQuery, null, Id(target.WorkspaceId), "items", Id(itemId), "getDefinition");

    /// <summary>
    /// Run On Demand Item Job: POST .../items/{itemId}/jobs/instances?jobType=Pipeline (the recorded form), parameters as
    /// {"executionData":{"parameters":{name: JSON-typed value}}} (recorded); no body when there are none (recorded).
    /// </summary>
    /// <param name="shownBody">The body as logs may show it (secrets masked); null when only its size may be shown.</param>
    public static ServiceRequest FabricSubmit(FabricTarget target, string itemId, IReadOnlyDictionary<string, object?>? parameters, string? shownBody = null)
    {
        string? body = null;
        if (parameters is { Count: > 0 })
        {
            var executionData = new JsonTreeObject();
            executionData.Set("parameters", parameters);
            var root = new JsonTreeObject();
            root.Set("executionData", executionData);
            body = JsonTree.Serialize(root);
        }

        var query = new[] { Pair("jobType", "Pipeline") };
        return Fabric(AdfOperation.CreateRun, "POST", target, query, body, Id(target.WorkspaceId), "items", Id(itemId), "jobs", "instances").WithShownBody(shownBody);
    }

    /// <summary>GET .../items/{itemId}/jobs/instances/{jobId}.</summary>
    public static ServiceRequest FabricJob(FabricTarget target, string itemId, string jobId) =>
        Fabric(AdfOperation.GetRun, "GET", target, NoQuery, null, Id(target.WorkspaceId), "items", Id(itemId), "jobs", "instances", Id(jobId));

    /// <summary>GET .../items/{itemId}/jobs/instances (continuationToken pages): every active job and the 100 most recently finished.</summary>
    public static ServiceRequest FabricJobs(FabricTarget target, string itemId, string? continuationToken) =>
        Fabric(AdfOperation.QueryRuns, "GET", target, Continue(continuationToken), null, Id(target.WorkspaceId), "items", Id(itemId), "jobs", "instances");

    /// <summary>POST .../items/{itemId}/jobs/instances/{jobId}/cancel.</summary>
    public static ServiceRequest FabricCancel(FabricTarget target, string itemId, string jobId) =>
        Fabric(AdfOperation.CancelRun, "POST", target, NoQuery, null, Id(target.WorkspaceId), "items", Id(itemId), "jobs", "instances", Id(jobId), "cancel");

    /// <summary>POST /v1/workspaces/{id}/datapipelines/pipelineruns/{jobId}/queryactivityruns with ADF's filter body (fabric-docs).</summary>
    public static ServiceRequest FabricActivityRuns(FabricTarget target, string jobId, RunQuery runQuery, string? continuationToken) =>
        Fabric(AdfOperation.QueryActivityRuns, "POST", target, NoQuery, QueryBody(runQuery, continuationToken), Id(target.WorkspaceId), "datapipelines", "pipelineruns", Id(jobId), "queryactivityruns");

    private static ServiceRequest Fabric(AdfOperation operation, string method, FabricTarget target, IReadOnlyList<KeyValuePair<string, string>> query, string? body, params string[] segments)
    {
        target.Validate();
        return Build(operation, method, target, query, body, segments);
    }

    private static string Id(string? id) =>
        Guid.TryParse(id, out _) ? id! : throw new InvalidInputException($"'{id}' is not a Fabric id (a GUID).");

    private static IReadOnlyList<KeyValuePair<string, string>> Continue(string? continuationToken) =>
        continuationToken is null ? NoQuery : new[] { Pair("continuationToken", continuationToken) };

    private static IReadOnlyList<KeyValuePair<string, string>> WithType(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var typed = new List<KeyValuePair<string, string>> { Pair("type", "DataPipeline") };
        typed.AddRange(query);
        return typed;
    }
}
