using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdfRuns.Emulator.Hosting;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Identity;

/// <summary>
/// The managed-identity token endpoint of Azure Automation (IDENTITY_ENDPOINT / X-IDENTITY-HEADER), and the
/// minting of the JWT-shaped tokens the ARM routes accept.
/// </summary>
internal sealed class ManagedIdentityEndpoint
{
    public const string Path = "/msi/token";
    public const string ApiVersion = "2019-08-01";

    private readonly IEmulatorClock clock;
    private readonly ConcurrentDictionary<string, string> issuedTokens = new(StringComparer.Ordinal);

    public ManagedIdentityEndpoint(IEmulatorClock clock, string tenantId, string clientId)
    {
        this.clock = clock;
        TenantId = tenantId;
        ClientId = clientId;
        Secret = Convert.ToBase64String(RandomBytes(24));
    }

    public string TenantId { get; }

    /// <summary>The client id reported for the system-assigned identity when a token request names none.</summary>
    public string ClientId { get; }

    /// <summary>The value that must come as X-IDENTITY-HEADER.</summary>
    public string Secret { get; }

    public bool Issued(string token) => issuedTokens.ContainsKey(token);

    /// <summary>The resource a token was issued for; null for a token this endpoint did not issue.</summary>
    public string? AudienceOf(string token) => issuedTokens.TryGetValue(token, out var audience) ? audience : null;

    /// <summary>The refusal of a request with the wrong method or secret, checked before its body is read; null when it may go on.</summary>
    public Reply? Refuse(string method, NameValueCollection headers)
    {
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && !string.Equals(method, "GET", StringComparison.OrdinalIgnoreCase))
        {
            return Error(405, "invalid_request", $"The method {method} is not supported; use GET.");
        }

        var secret = headers["X-IDENTITY-HEADER"];
        if (string.IsNullOrEmpty(secret))
        {
            return Error(400, "invalid_request", "The X-IDENTITY-HEADER header is missing.");
        }

        return string.Equals(secret, Secret, StringComparison.Ordinal)
            ? null
            : Error(401, "unauthorized_client", "The X-IDENTITY-HEADER value is not valid.");
    }

    public Reply Issue(string method, Dictionary<string, string> query, string? body)
    {
        var values = new Dictionary<string, string>(query, StringComparer.OrdinalIgnoreCase);
        if (string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) && body is not null)
        {
            // Azure Automation's documented POST form: resource (and client_id) as form fields.
            foreach (var field in QueryString.Parse(body))
            {
                values[field.Key] = field.Value;
            }
        }

        // GUESS: api-version may be omitted (Azure Automation's samples omit it); when given it must be 2019-08-01.
        if (values.TryGetValue("api-version", out var apiVersion) && !string.Equals(apiVersion, ApiVersion, StringComparison.Ordinal))
        {
            return Error(400, "invalid_request", $"The api-version '{apiVersion}' is not supported; use {ApiVersion}.");
        }

        if (!values.TryGetValue("resource", out var resource) || string.IsNullOrWhiteSpace(resource))
        {
            return Error(400, "invalid_request", "The resource parameter is required.");
        }

        var clientId = values.TryGetValue("client_id", out var requestedClient) && requestedClient.Length > 0
            ? requestedClient
            : ClientId;
        var token = NewToken(resource);
        issuedTokens[token] = resource;
        var expiresOn = clock.UtcNow.AddHours(24).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return Reply.Json(200, JsonText.WriteBytes(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("access_token", token);
                writer.WriteString("expires_on", expiresOn);
                writer.WriteString("resource", resource);
                writer.WriteString("token_type", "Bearer");
                writer.WriteString("client_id", clientId);
                writer.WriteEndObject();
            },
            indented: false));
    }

    /// <summary>JWT-shaped (unsigned in substance) so clients that peek at claims find the usual ones.</summary>
    public string NewToken(string audience)
    {
        var now = clock.UtcNow.ToUnixTimeSeconds();
        var header = JsonText.WriteObject(writer =>
        {
            writer.WriteString("typ", "JWT");
            writer.WriteString("alg", "RS256");
            writer.WriteString("kid", "adfruns-emulator");
        });
        var payload = JsonText.WriteObject(writer =>
        {
            writer.WriteString("aud", audience);
            writer.WriteString("iss", $"https://sts.windows.net/{TenantId}/");
            writer.WriteNumber("iat", now);
            writer.WriteNumber("nbf", now);
            writer.WriteNumber("exp", now + (24 * 3600));
            writer.WriteString("oid", ClientId);
            writer.WriteString("sub", ClientId);
            writer.WriteString("tid", TenantId);
            writer.WriteString("appid", ClientId);
            writer.WriteString("jti", Guid.NewGuid().ToString("N"));
        });
        return Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payload)) + "." + Base64Url(RandomBytes(32));
    }

    // GUESS: OAuth-style {error, error_description} bodies; the identity endpoint's real error bodies were not captured.
    private static Reply Error(int statusCode, string error, string description) =>
        Reply.Json(statusCode, JsonText.WriteBytes(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", error);
                writer.WriteString("error_description", description);
                writer.WriteEndObject();
            },
            indented: false));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var generator = RandomNumberGenerator.Create();
        generator.GetBytes(bytes);
        return bytes;
    }
}
