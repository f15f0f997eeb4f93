using System;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AdfRuns.Engine.Http;
using Xunit;

namespace AdfRuns.Tests;

public class EndpointCertificatesTests
{
    [Fact]
    public void A_pinned_certificate_is_trusted_for_its_loopback_port_only_and_only_that_certificate()
    {
        using var pinned = SelfSigned();
        using var other = SelfSigned();
        var endpoint = new Uri("https://127.0.0.1:45871/");
        EndpointCertificates.Trust(endpoint, pinned.RawData);
        try
        {
            Assert.True(Validate("https://127.0.0.1:45871/x", pinned));
            Assert.True(Validate("https://localhost:45871/x", pinned));
            Assert.False(Validate("https://127.0.0.1:45872/x", pinned));
            Assert.False(Validate("https://127.0.0.1:45871/x", other));
            Assert.False(Validate("https://example.com:45871/x", pinned));
        }
        finally
        {
            EndpointCertificates.Forget(endpoint);
        }

        Assert.False(Validate("https://127.0.0.1:45871/x", pinned));
    }

    [Fact]
    public void The_system_verdict_stands_for_every_other_certificate() =>
        Assert.True(EndpointCertificates.Validate(new HttpRequestMessage(HttpMethod.Get, "https://management.azure.com/"), null, null, SslPolicyErrors.None));

    [Fact]
    public void Only_a_loopback_endpoint_can_be_pinned() =>
        Assert.Throws<ArgumentException>(() => EndpointCertificates.Trust(new Uri("https://management.azure.com/"), new byte[] { 1 }));

    internal static bool Validate(string url, X509Certificate2 certificate) =>
        EndpointCertificates.Validate(new HttpRequestMessage(HttpMethod.Get, url), certificate, null, SslPolicyErrors.RemoteCertificateChainErrors);

    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
