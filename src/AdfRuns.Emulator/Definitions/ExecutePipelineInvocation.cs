using System.Text.Json;

namespace AdfRuns.Emulator.Definitions;

/// <summary>What an ExecutePipeline activity's typeProperties ask for: the pipeline, whether to wait, and its parameters.</summary>
internal sealed class ExecutePipelineInvocation
{
    public string? PipelineName { get; private set; }

    public bool WaitOnCompletion { get; private set; } = true;

    public string? ParametersJson { get; private set; }

    public static ExecutePipelineInvocation Parse(string typePropertiesJson)
    {
        var invocation = new ExecutePipelineInvocation();
        using var document = JsonDocument.Parse(typePropertiesJson);
        var root = document.RootElement;
        if (root.TryGetProperty("pipeline", out var reference) && reference.ValueKind == JsonValueKind.Object
            && reference.TryGetProperty("referenceName", out var name) && name.ValueKind == JsonValueKind.String)
        {
            invocation.PipelineName = name.GetString();
        }

        if (root.TryGetProperty("waitOnCompletion", out var wait) && wait.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            invocation.WaitOnCompletion = wait.GetBoolean();
        }

        if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
        {
            // Raw: values may be expressions, which the simulator evaluates in the scope of the activity's execution.
            invocation.ParametersJson = JsonText.Compact(parameters);
        }

        return invocation;
    }
}
