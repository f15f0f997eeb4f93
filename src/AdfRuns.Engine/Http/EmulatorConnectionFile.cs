using System;
using System.IO;
using System.Text;
using System.Text.Json;

namespace AdfRuns.Engine.Http;

/// <summary>
/// The connection file a standalone emulator writes (<c>Start-AdfEmulator -ConnectionFile</c>): what another process
/// needs to reach it. Read by Connect-AdfAccount -ConnectionFile, which connects with its token and, for an https
/// emulator, trusts its certificate for that loopback endpoint only.
/// </summary>
public sealed class EmulatorConnectionFile
{
    private const string PemBegin = "-----BEGIN CERTIFICATE-----";
    private const string PemEnd = "-----END CERTIFICATE-----";

    private EmulatorConnectionFile(string path, JsonElement root)
    {
        Path = path;
        var service = Text(root, "service");
        Endpoint = AbsoluteUri(root, "endpoint") ?? throw Invalid(path, "has no endpoint");
        AccessToken = Text(root, "accessToken") ?? throw Invalid(path, "has no accessToken");
        CertificatePath = Text(root, "certificatePath");
        SubscriptionId = Text(root, "subscriptionId");
        ResourceGroupName = Text(root, "resourceGroupName");
        FactoryName = Text(root, "factoryName");
        WorkspaceName = Text(root, "workspaceName");
        FabricWorkspace = Text(root, "fabricWorkspace");
        // The file's service says which of a connection's endpoints its endpoint is (a factory emulator's by default).
        if (string.Equals(service, "Synapse", StringComparison.OrdinalIgnoreCase))
        {
            WorkspaceEndpoint = Endpoint;
        }
        else if (string.Equals(service, "Fabric", StringComparison.OrdinalIgnoreCase))
        {
            FabricEndpoint = AbsoluteUri(root, "fabricEndpoint") ?? Endpoint;
        }
        else
        {
            ResourceManagerEndpoint = Endpoint;
        }
    }

    public string Path { get; }

    public Uri Endpoint { get; }

    /// <summary>The endpoint as Connect-AdfAccount's -ResourceManagerEndpoint: a factory emulator's; else null.</summary>
    public Uri? ResourceManagerEndpoint { get; }

    /// <summary>The endpoint as -WorkspaceEndpoint: a Synapse emulator's; else null.</summary>
    public Uri? WorkspaceEndpoint { get; }

    /// <summary>A Fabric emulator's fabricEndpoint (else its endpoint) as -FabricEndpoint; null for the other services.</summary>
    public Uri? FabricEndpoint { get; }

    public string AccessToken { get; }
    public string? CertificatePath { get; }
    public string? SubscriptionId { get; }
    public string? ResourceGroupName { get; }
    public string? FactoryName { get; }
    public string? WorkspaceName { get; }
    public string? FabricWorkspace { get; }

    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an emulator's connection file.</exception>
    public static EmulatorConnectionFile Read(string path)
    {
        if (Directory.Exists(path))
        {
            throw Invalid(path, "is a folder");
        }

        try
        {
            // A byte order mark (an editor's, or Windows PowerShell's Set-Content -Encoding UTF8) is not JSON.
            var bytes = File.ReadAllBytes(path);
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            using var document = JsonDocument.Parse(bytes.AsMemory(start));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new EmulatorConnectionFile(path, document.RootElement)
                : throw Invalid(path, "is not a JSON object");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"'{path}' is not an emulator's connection file: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Trusts the emulator's certificate for its endpoint (and the Fabric endpoint, when another), loopback only:
    /// nothing else changes how certificates are checked. Nothing to do for a plain http emulator.
    /// </summary>
    /// <exception cref="InvalidDataException">An https endpoint without a readable PEM certificate, or one not on loopback.</exception>
    public void TrustCertificate()
    {
        if (Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        if (!Endpoint.IsLoopback)
        {
            throw Invalid(Path, $"names {Endpoint.GetLeftPart(UriPartial.Authority)}: only an emulator on a loopback address can be trusted from a connection file");
        }

        var certificate = CertificatePath is null ? throw Invalid(Path, "names an https endpoint but no certificatePath") : ReadPem(CertificatePath);
        EndpointCertificates.Trust(Endpoint, certificate);
        if (FabricEndpoint is { IsLoopback: true } fabric && fabric != Endpoint)
        {
            EndpointCertificates.Trust(fabric, certificate);
        }
    }

    /// <summary>The DER bytes of the first certificate in a PEM file.</summary>
    private byte[] ReadPem(string certificatePath)
    {
        string text;
        try
        {
            text = File.ReadAllText(certificatePath, Encoding.ASCII);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"The emulator's certificate '{certificatePath}' (from '{Path}') cannot be read: {exception.Message} A stopped emulator removes its certificate and its connection file: is it still running?", exception);
        }

        var start = text.IndexOf(PemBegin, StringComparison.Ordinal);
        var end = start < 0 ? -1 : text.IndexOf(PemEnd, start, StringComparison.Ordinal);
        try
        {
            return end > start ? Convert.FromBase64String(text.Substring(start + PemBegin.Length, end - start - PemBegin.Length)) : throw new FormatException("no PEM certificate");
        }
        catch (FormatException exception)
        {
            throw new InvalidDataException($"The emulator's certificate '{certificatePath}' (from '{Path}') is not a PEM certificate: {exception.Message}", exception);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static Uri? AbsoluteUri(JsonElement root, string name) =>
        Text(root, name) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

    private static InvalidDataException Invalid(string path, string problem) =>
        new($"'{path}' is not an emulator's connection file (Start-AdfEmulator -ConnectionFile): it {problem}.");
}
