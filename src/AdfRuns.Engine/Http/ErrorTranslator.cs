using System;
using System.Globalization;
using System.Text.Json;

namespace AdfRuns.Engine.Http;

/// <summary>The one error translator: any failed response becomes an AdfServiceException with the service's code and message.</summary>
public static class ErrorTranslator
{
    public static AdfServiceException FromResponse(int statusCode, string? reasonPhrase, string? body, string? requestId, TimeSpan? retryAfter)
    {
        var (code, message, target) = ReadEnvelope(body);
        requestId ??= ReadFabricRequestId(body);
        code ??= DefaultCode(statusCode);
        message ??= string.IsNullOrWhiteSpace(body) || body!.TrimStart().StartsWith("{", StringComparison.Ordinal)
            ? $"The service answered {statusCode} {reasonPhrase}".TrimEnd() + "."
            : body!.Trim();
        return new AdfServiceException(code, message, AdfServiceException.KindOf(statusCode, code), statusCode, target, requestId, retryAfter);
    }

    /// <summary>
    /// Reads {"error":{...}}, {"success":false,"error":{...}}, and Fabric's {"errorCode","message","requestId",
    /// "moreDetails":[{"errorCode","message"}],"relatedResource":{"resourceId","resourceType"}} (its details join the
    /// message; the related resource is the target); nulls where the body says nothing usable.
    /// </summary>
    public static (string? Code, string? Message, string? Target) ReadEnvelope(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var error = TryGet(root, "error");
            if (error is { ValueKind: JsonValueKind.Object } envelope)
            {
                return (Text(envelope, "code"), Text(envelope, "message"), Text(envelope, "target"));
            }

            if (Text(root, "errorCode") is { } fabricCode)
            {
                return (fabricCode, FabricMessage(root), TryGet(root, "relatedResource") is { ValueKind: JsonValueKind.Object } related ? Text(related, "resourceId") : null);
            }

            // Some gateways answer with the error fields at the top level.
            return (Text(root, "code"), Text(root, "message"), Text(root, "target"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? FabricMessage(JsonElement root)
    {
        var message = Text(root, "message");
        if (TryGet(root, "moreDetails") is not { ValueKind: JsonValueKind.Array } details)
        {
            return message;
        }

        var parts = new System.Collections.Generic.List<string>();
        if (message is not null)
        {
            parts.Add(message);
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind == JsonValueKind.Object && Text(detail, "message") is { } more)
            {
                parts.Add(Text(detail, "errorCode") is { } moreCode ? $"{moreCode}: {more}" : more);
            }
        }

        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    /// <summary>Fabric names the request in its error body (and a RequestId header), not in x-ms-request-id.</summary>
    private static string? ReadFabricRequestId(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body!);
            return document.RootElement.ValueKind == JsonValueKind.Object && Text(document.RootElement, "errorCode") is not null
                ? Text(document.RootElement, "requestId")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DefaultCode(int statusCode) => statusCode switch
    {
        400 => "BadRequest",
        401 => "AuthenticationFailed",
        403 => "AuthorizationFailed",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "Http" + statusCode.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonElement? TryGet(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name)
    {
        var value = TryGet(element, name);
        return value is { ValueKind: JsonValueKind.String } text && text.GetString() is { Length: > 0 } result ? result : null;
    }
}
