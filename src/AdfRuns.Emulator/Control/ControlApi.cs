using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdfRuns.Emulator.Bodies;
using AdfRuns.Emulator.Hosting;

namespace AdfRuns.Emulator.Control;

/// <summary>
/// The emulator's own API for tests in any language, under one reserved path on the service's port
/// (<see cref="Root"/>): what Set-AdfEmulatorBehavior, Set-AdfEmulatorFault and Get-AdfEmulatorRequest do in
/// process, plus a reset. No real service has a path starting with "/_adfruns", so it never shadows a route; it
/// needs no token (the emulator listens on loopback only) and its requests are not in the request log.
/// </summary>
internal sealed class ControlApi
{
    public const string Root = "/_adfruns";

    private readonly AdfEmulatorServer server;

    public ControlApi(AdfEmulatorServer server)
    {
        this.server = server;
    }

    public static bool Owns(string path) =>
        path.Equals(Root, StringComparison.OrdinalIgnoreCase) || path.StartsWith(Root + "/", StringComparison.OrdinalIgnoreCase);

    public Reply Answer(string method, string path, string? body)
    {
        var resource = path.Substring(Root.Length).Trim('/').ToLowerInvariant();
        try
        {
            return (method.ToUpperInvariant(), resource) switch
            {
                ("GET", "") => Json(200, ControlJson.Describe(server)),
                ("GET", "requests") => Json(200, ControlJson.Requests(server.GetRequests())),
                ("DELETE", "requests") => Done(server.ClearRequests),
                ("POST", "behaviors") => Done(() => SetBehavior(Parse(body))),
                ("DELETE", "behaviors") => Done(server.ClearActivityOutcomes),
                ("POST", "faults") => Done(() => server.AddFault(ControlJson.ReadFault(Parse(body)))),
                ("DELETE", "faults") => Done(server.ClearFaults),
                ("POST", "reset") => Done(server.Reset),
                (_, "" or "requests" or "behaviors" or "faults" or "reset") => Error(405, "MethodNotAllowed", $"{method} is not allowed on {path}. {Usage}"),
                _ => Error(404, "UnknownControlPath", $"The emulator's control API has no '{path}'. {Usage}"),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return Error(400, "InvalidControlRequest", exception.Message);
        }
    }

    private const string Usage = "It serves GET /_adfruns, GET|DELETE /_adfruns/requests, POST|DELETE /_adfruns/behaviors, POST|DELETE /_adfruns/faults and POST /_adfruns/reset (docs/emulator-control-api.md).";

    private static JsonElement Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new ArgumentException("The request needs a JSON object body.");
        }

        using var document = JsonDocument.Parse(body!);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The request body must be a JSON object.");
        }

        return document.RootElement.Clone();
    }

    private static Reply Done(Action action)
    {
        action();
        return Reply.Json(204, Array.Empty<byte>());
    }

    private static Reply Json(int status, byte[] body) => Reply.Json(status, body);

    private static Reply Error(int status, string code, string message) => Reply.Json(status, ServiceJson.Error(code, message, null));

    private void SetBehavior(JsonElement request)
    {
        var pipeline = ControlJson.RequiredString(request, "pipelineName");
        var activity = ControlJson.RequiredString(request, "activityName");
        var outcome = ControlJson.OptionalString(request, "outcome") ?? "Failed";
        if (!outcome.Equals("Failed", StringComparison.OrdinalIgnoreCase) && !outcome.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"outcome must be 'Failed' or 'Succeeded', not '{outcome}'.");
        }

        var times = ControlJson.OptionalInt(request, "times") ?? 0;
        if (times < 0)
        {
            throw new ArgumentException("times must be 0 (every execution) or more.");
        }

        server.SetActivityOutcome(
            pipeline,
            activity,
            outcome,
            times,
            ControlJson.OptionalString(request, "errorCode"),
            ControlJson.OptionalString(request, "message"),
            ControlJson.OptionalStringMap(request, "whenParameters"),
            ControlJson.OptionalString(request, "whenItem"));
    }
}
