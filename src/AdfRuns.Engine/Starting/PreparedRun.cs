using System.Collections.Generic;
using System.Text;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Starting;

/// <summary>A createRun that may be sent: names validated, parameters checked against the definition, the request built once.</summary>
public sealed class PreparedRun
{
    internal PreparedRun(RunRequest request, PipelineData? definition)
        : this(request, definition, shownBody => RequestBuilder.CreateRun(request, shownBody))
    {
    }

    /// <param name="build">The request, from the body as it may be shown (for a service whose start is not createRun).</param>
    internal PreparedRun(RunRequest request, PipelineData? definition, System.Func<string?, ServiceRequest> build)
    {
        Request = request;
        ServiceRequest = build(MaskSecrets(request, definition, out var nothingSecret));
        PipelineId = definition?.PipelineId;
        if (nothingSecret)
        {
            // The body as sent may be shown as it is: no second serialization of the same parameters per run.
            ServiceRequest.ShownBody = ServiceRequest.Body;
        }

        if (ServiceRequest.Body is { Length: > ParameterChecker.MaxParameterBytes / 4 } body && Encoding.UTF8.GetByteCount(body) > ParameterChecker.MaxParameterBytes)
        {
            throw new InvalidInputException(ParameterChecker.TooLarge($"The parameters of pipeline '{request.PipelineName}' are, as JSON,"), "RunParametersTooLarge");
        }
    }

    /// <summary>The pipeline's Fabric item id; null for other services.</summary>
    public string? PipelineId { get; }

    public RunRequest Request { get; }

    public ServiceRequest ServiceRequest { get; }

    /// <summary>The body as it may be shown (-WhatIf, -Debug): SecureString parameters masked; null when it cannot be known which are secret.</summary>
    public string? ShownBody => ServiceRequest.ShownBody;

    /// <summary>What -WhatIf and -Confirm name: the run a rerun is of, the pipeline, where, and a new run's parameters.</summary>
    public string Describe() =>
        new StringBuilder(Request.ReferencePipelineRunId is { } rerunOf ? $"run {rerunOf} of pipeline '" : "pipeline '").Append(Request.PipelineName).Append("' in ").Append(Request.Target.Describe())
            .Append(ShownBody is { } body && Request.Mode == RunMode.New ? " with parameters " + body : string.Empty)
            .ToString();

    /// <param name="nothingSecret">Set when no parameter is a SecureString: the body may then be shown as sent (null is returned).</param>
    private static string? MaskSecrets(RunRequest request, PipelineData? definition, out bool nothingSecret)
    {
        nothingSecret = false;
        if (request.Mode != RunMode.New)
        {
            return "{}";
        }

        if (definition is null || request.Parameters is null)
        {
            return null;
        }

        nothingSecret = true;
        foreach (var parameter in request.Parameters)
        {
            if (IsSecret(FindDeclared(definition, parameter.Key)))
            {
                nothingSecret = false;
                break;
            }
        }

        if (nothingSecret)
        {
            return null;
        }

        var shown = new JsonTreeObject();
        foreach (var parameter in request.Parameters)
        {
            var declared = FindDeclared(definition, parameter.Key);
            shown.Set(parameter.Key, IsSecret(declared) ? "********" : parameter.Value);
        }

        return JsonTree.Serialize(shown);
    }

    private static bool IsSecret(PipelineParameterData? declared) =>
        declared is not null && string.Equals(declared.Type, "SecureString", System.StringComparison.OrdinalIgnoreCase);

    private static PipelineParameterData? FindDeclared(PipelineData definition, string name)
    {
        foreach (var declared in definition.Parameters)
        {
            if (string.Equals(declared.Name, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return declared;
            }
        }

        return null;
    }
}
