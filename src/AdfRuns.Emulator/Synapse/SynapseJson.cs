using System.Text.Json;
using AdfRuns.Emulator.Bodies;

namespace AdfRuns.Emulator.Synapse;

/// <summary>
/// The Synapse data plane's error bodies. Success bodies are the same as ADF's (the session records of
/// Azure.Analytics.Synapse.Artifacts show the same run and activity-run fields, in the same order), so ServiceJson writes them.
/// </summary>
internal static class SynapseJson
{
    /// <summary>
    /// The artifacts service's own errors come with code and message at the top level, not in ARM's "error" envelope
    /// (SECONDARY: a Synapse trigger-start error quoted in Azure-Samples/modern-data-warehouse-dataops#568,
    /// {"code","message","target","details":null,"error":null}), although the published CloudError schema has the envelope.
    /// </summary>
    public static byte[] Error(string code, string message, string? target) => JsonText.WriteBytes(
        writer =>
        {
            writer.WriteStartObject();
            ServiceJson.WriteErrorFields(writer, code, message, target);
            writer.WriteNull("error");
            writer.WriteEndObject();
        },
        indented: true);

    /// <summary>
    /// The workspace gateway's refusals keep the envelope: a Synapse RBAC 403 reads {"error":{"code","message"}}
    /// (Azure/azure-sdk-for-net#24423). GUESS: its 401s for a missing or wrong token look the same.
    /// </summary>
    public static byte[] GatewayError(string code, string message) => JsonText.WriteBytes(
        writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        },
        indented: false);

    /// <summary>An ARM-enveloped error from the shared simulation (or a fault) in the artifacts service's shape; other bodies unchanged.</summary>
    public static byte[] Unwrap(byte[] body)
    {
        if (body.Length == 0)
        {
            return body;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object
                || !error.TryGetProperty("code", out var code) || !error.TryGetProperty("message", out var message))
            {
                return body;
            }

            var target = error.TryGetProperty("target", out var targetValue) && targetValue.ValueKind == JsonValueKind.String ? targetValue.GetString() : null;
            return Error(code.GetString() ?? string.Empty, message.GetString() ?? string.Empty, target);
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
