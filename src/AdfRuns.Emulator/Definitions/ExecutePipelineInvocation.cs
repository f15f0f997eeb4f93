using System;
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
            // Expressions cannot be evaluated here; GUESS: they are left out so the child's defaults apply.
            invocation.ParametersJson = JsonText.WriteObject(writer =>
            {
                foreach (var parameter in parameters.EnumerateObject())
                {
                    var isExpression = parameter.Value.ValueKind == JsonValueKind.Object
                        && parameter.Value.TryGetProperty("type", out var type)
                        && type.ValueKind == JsonValueKind.String
                        && string.Equals(type.GetString(), "Expression", StringComparison.OrdinalIgnoreCase);
                    if (!isExpression)
                    {
                        writer.WritePropertyName(parameter.Name);
                        parameter.Value.WriteTo(writer);
                    }
                }
            });
        }

        return invocation;
    }
}
