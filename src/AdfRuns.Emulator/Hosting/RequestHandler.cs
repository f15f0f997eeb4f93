using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Emulator.Control;
using AdfRuns.Emulator.Faults;
using AdfRuns.Emulator.Identity;
using AdfRuns.Emulator.Routing;
using AdfRuns.Emulator.Simulation;

namespace AdfRuns.Emulator.Hosting;

/// <summary>
/// One request from arrival to answer: route, credentials (before the body is read), body, faults, the ARM or
/// identity answer, and the request log.
/// </summary>
internal sealed class RequestHandler
{
    private readonly IEmulatorClock clock;
    private readonly IFrontDoor door;
    private readonly ManagedIdentityEndpoint identity;
    private readonly FaultInjector faults;
    private readonly RequestLog log;
    private readonly RunSimulator simulator;
    private readonly ControlApi control;
    private readonly CancellationToken stopping;

    public RequestHandler(IEmulatorClock clock, IFrontDoor door, ManagedIdentityEndpoint identity, FaultInjector faults, RequestLog log, RunSimulator simulator, ControlApi control, CancellationToken stopping)
    {
        this.control = control;
        this.clock = clock;
        this.door = door;
        this.identity = identity;
        this.faults = faults;
        this.log = log;
        this.simulator = simulator;
        this.stopping = stopping;
    }

    public async Task HandleAsync(IHttpExchange request)
    {
        var received = clock.UtcNow;
        var rawUrl = request.RawUrl;
        var queryStart = rawUrl.IndexOf('?');
        var path = queryStart < 0 ? rawUrl : rawUrl.Substring(0, queryStart);
        var query = queryStart < 0 ? string.Empty : rawUrl.Substring(queryStart + 1);
        var method = request.Method;
        if (ControlApi.Owns(path))
        {
            await AnswerControlAsync(request, method, path).ConfigureAwait(false);
            return;
        }

        var route = door.Resolve(method, path);
        var isToken = route.Operation == EmulatorOperation.Token;
        string? body = null;
        Reply reply;
        try
        {
            // Checked before the body is read: a client without credentials makes the emulator read and keep nothing.
            var refusal = isToken ? identity.Refuse(method, request.Headers) : door.Refuse(route, request.Headers);
            if (refusal is not null)
            {
                Record(received, method, path, query, null, request.Headers, refusal.StatusCode, route, null);
                await request.WriteAsync(refusal).ConfigureAwait(false);
                return;
            }

            body = await RequestBodyReader.ReadAsync(request).ConfigureAwait(false);
            if (!isToken)
            {
                simulator.BeginTriggers();
            }

            var parsedQuery = QueryString.Parse(query);
            var requestBody = body;
            reply = await faults.RunAsync(
                route.Operation,
                () => isToken ? identity.Issue(method, parsedQuery, requestBody) : door.Answer(route, parsedQuery, requestBody, request.Headers),
                failure => isToken ? failure : door.Dress(failure, request.Headers, route.IsWrite),
                stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping while a Delay fault holds this request.
            Record(received, method, path, query, body, request.Headers, 0, route, null);
            request.Abort();
            return;
        }
        catch (ServiceException exception)
        {
            // The body was too large or not UTF-8.
            reply = door.Dress(door.Error(exception), request.Headers, route.IsWrite);
            reply.DiscardRestOfBody = exception.StatusCode == 413;
        }
        catch (Exception exception)
        {
            reply = door.Dress(door.Error(new ServiceException(500, "InternalServerError", $"The ADF emulator failed: {exception.Message}")), request.Headers, route.IsWrite);
        }

        // Recorded before answering so a client that has its response can already see its request in the log.
        Record(received, method, path, query, body, request.Headers, reply.StatusCode, route, reply.CreatedRunId);
        await request.WriteAsync(reply).ConfigureAwait(false);
    }

    private async Task AnswerControlAsync(IHttpExchange request, string method, string path)
    {
        Reply reply;
        try
        {
            reply = control.Answer(method, path, await RequestBodyReader.ReadAsync(request).ConfigureAwait(false));
        }
        catch (ServiceException exception)
        {
            reply = door.Error(exception);
            reply.DiscardRestOfBody = exception.StatusCode == 413;
        }

        await request.WriteAsync(reply).ConfigureAwait(false);
    }

    private void Record(
        DateTimeOffset received,
        string method,
        string path,
        string query,
        string? body,
        NameValueCollection headers,
        int statusCode,
        ServiceRoute route,
        string? createdRunId)
    {
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in headers.AllKeys)
        {
            if (name is null)
            {
                continue;
            }

            copy[name] = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
                ? "Bearer <redacted>"
                : headers[name] ?? string.Empty;
        }

        // The log is what tests print and dump, so a SecureString parameter is masked there as in the run itself.
        var pipeline = route.Operation == EmulatorOperation.CreateRun && route.PipelineName is { } pipelineName ? simulator.FindPipeline(pipelineName) : null;
        var kept = pipeline is null ? body : SecureParameters.MaskBody(pipeline, body);
        log.Add(new RecordedRequest(received, method, path, query, kept, copy, statusCode, route.Operation, route.PipelineName ?? route.RunId, createdRunId));
    }
}
