using System;
using System.IO;
using AdfRuns.Engine.Http;
using Xunit;

namespace AdfRuns.Tests;

public sealed class EmulatorConnectionFileTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "adfruns-connection-" + Guid.NewGuid().ToString("n"));

    public EmulatorConnectionFileTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_factory_emulators_file_gives_its_endpoint_token_and_coordinates()
    {
        var file = EmulatorConnectionFile.Read(Write("""
            {"service":"DataFactory","endpoint":"http://127.0.0.1:5001/","accessToken":"t0k","tokenScope":"https://management.azure.com/.default",
             "subscriptionId":"sub","resourceGroupName":"rg","factoryName":"adf","controlEndpoint":"http://127.0.0.1:5001/_adfruns/","processId":"42"}
            """));

        Assert.Equal(new Uri("http://127.0.0.1:5001/"), file.Endpoint);
        Assert.Equal("t0k", file.AccessToken);
        Assert.Equal(("sub", "rg", "adf"), (file.SubscriptionId, file.ResourceGroupName, file.FactoryName));
        Assert.Equal(file.Endpoint, file.ResourceManagerEndpoint);
        Assert.Null(file.WorkspaceEndpoint);
        Assert.Null(file.FabricEndpoint);
        file.TrustCertificate(); // plain http: nothing to trust, nothing thrown
    }

    [Fact]
    public void A_synapse_emulators_endpoint_is_the_workspace_endpoint()
    {
        var file = EmulatorConnectionFile.Read(Write("""{"service":"Synapse","endpoint":"http://127.0.0.1:5003/","accessToken":"t","workspaceName":"salesws"}"""));

        Assert.Equal(new Uri("http://127.0.0.1:5003/"), file.WorkspaceEndpoint);
        Assert.Null(file.ResourceManagerEndpoint);
        Assert.Null(file.FabricEndpoint);
        Assert.Equal("salesws", file.WorkspaceName);
    }

    [Fact]
    public void A_fabric_emulators_file_names_its_workspace_and_fabric_endpoint()
    {
        var file = EmulatorConnectionFile.Read(Write("""{"service":"Fabric","endpoint":"http://127.0.0.1:5002/","accessToken":"t","fabricWorkspace":"Sales Team","fabricEndpoint":"http://127.0.0.1:5002/"}"""));

        Assert.Null(file.ResourceManagerEndpoint);
        Assert.Null(file.WorkspaceEndpoint);
        Assert.Equal("Sales Team", file.FabricWorkspace);
        Assert.Equal(new Uri("http://127.0.0.1:5002/"), file.FabricEndpoint);
    }

    [Fact]
    public void An_https_emulators_certificate_is_pinned_for_its_endpoint_from_a_pem_with_crlf_lines()
    {
        using var certificate = EndpointCertificatesTests.SelfSigned();
        var pem = "-----BEGIN CERTIFICATE-----\r\n" + Convert.ToBase64String(certificate.RawData, Base64FormattingOptions.InsertLineBreaks) + "\r\n-----END CERTIFICATE-----\r\n";
        var pemPath = Path.Combine(folder, "emulator.pem");
        File.WriteAllText(pemPath, pem);
        var endpoint = new Uri("https://127.0.0.1:45901/");
        var file = EmulatorConnectionFile.Read(Write($$"""{"endpoint":"{{endpoint}}","accessToken":"t","certificatePath":{{System.Text.Json.JsonSerializer.Serialize(pemPath)}}}"""));

        file.TrustCertificate();
        try
        {
            Assert.True(EndpointCertificatesTests.Validate("https://127.0.0.1:45901/x", certificate));
            Assert.False(EndpointCertificatesTests.Validate("https://127.0.0.1:45902/x", certificate));
        }
        finally
        {
            EndpointCertificates.Forget(endpoint);
        }
    }

    [Theory]
    [InlineData("[1,2]", "is not a JSON object")]
    [InlineData("""{"accessToken":"t"}""", "has no endpoint")]
    [InlineData("""{"endpoint":"not a uri","accessToken":"t"}""", "has no endpoint")]
    [InlineData("""{"endpoint":"http://127.0.0.1:1/"}""", "has no accessToken")]
    [InlineData("endpoint=http://127.0.0.1:1/", "is not an emulator's connection file")]
    public void A_file_that_is_not_an_emulators_connection_file_says_so_and_names_itself(string content, string problem)
    {
        var path = Write(content);
        var refused = Assert.Throws<InvalidDataException>(() => EmulatorConnectionFile.Read(path));
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"endpoint":"https://example.com/","accessToken":"t","certificatePath":"c.pem"}""", "loopback")]
    [InlineData("""{"endpoint":"https://127.0.0.1:45903/","accessToken":"t"}""", "no certificatePath")]
    public void An_https_endpoint_is_trusted_only_on_loopback_and_with_a_certificate(string content, string problem)
    {
        var file = EmulatorConnectionFile.Read(Write(content));
        var refused = Assert.Throws<InvalidDataException>(file.TrustCertificate);
        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_file_that_is_not_pem_is_refused_naming_both_files()
    {
        var notPem = Path.Combine(folder, "not.pem");
        File.WriteAllText(notPem, "hello");
        var path = Write($$"""{"endpoint":"https://127.0.0.1:45904/","accessToken":"t","certificatePath":{{System.Text.Json.JsonSerializer.Serialize(notPem)}}}""");
        var refused = Assert.Throws<InvalidDataException>(EmulatorConnectionFile.Read(path).TrustCertificate);
        Assert.Contains(notPem, refused.Message, StringComparison.Ordinal);
        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
    }

    private string Write(string content)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("n") + ".json");
        File.WriteAllText(path, content);
        return path;
    }
}
