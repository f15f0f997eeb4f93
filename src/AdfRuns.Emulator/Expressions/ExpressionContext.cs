using System;
using System.Collections.Generic;

namespace AdfRuns.Emulator.Expressions;

/// <summary>What an expression can see: the run (pipeline(), with typed parameter values) and the ForEach item (item()).</summary>
internal sealed class ExpressionContext
{
    private ExpressionContext(string pipelineName, string runId, Dictionary<string, object?> parameters, bool hasItem, object? item)
    {
        PipelineName = pipelineName;
        RunId = runId;
        Parameters = parameters;
        HasItem = hasItem;
        Item = item;
    }

    public string PipelineName { get; }

    public string RunId { get; }

    public Dictionary<string, object?> Parameters { get; }

    /// <summary>True inside a ForEach iteration (item() is defined there only).</summary>
    public bool HasItem { get; }

    public object? Item { get; }

    public static ExpressionContext ForRun(string pipelineName, string runId, Dictionary<string, object?> typedParameters) =>
        new(pipelineName, runId, typedParameters, hasItem: false, item: null);

    public ExpressionContext WithItem(object? item) => new(PipelineName, RunId, Parameters, hasItem: true, item);

    /// <summary>pipeline() as an object: its documented system variables the emulator knows, and the parameters.</summary>
    public Dictionary<string, object?> PipelineObject() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Pipeline"] = PipelineName,
        ["RunId"] = RunId,
        ["parameters"] = Parameters,
    };
}
