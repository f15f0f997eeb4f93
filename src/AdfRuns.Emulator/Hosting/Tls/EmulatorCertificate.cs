using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AdfRuns.Emulator.Hosting.Tls;

/// <summary>
/// The emulator's https certificate: self-signed, made at start for 127.0.0.1 and localhost (IP and DNS subject
/// alternative names), P-256, valid for 30 days; kept only in memory and as the public PEM clients trust.
/// </summary>
internal static class EmulatorCertificate
{
    private const string SubjectName = "CN=AdfRuns emulator";

    /// <summary>
    /// CertificateRequest exists on every runtime AdfRuns loads on (.NET Framework 4.7.2+, .NET Core 2.0+) but not in
    /// netstandard2.0's reference surface, so it is reached by reflection rather than by a second target framework.
    /// </summary>
    public static X509Certificate2 Create()
    {
        try
        {
            return CreateSelfSigned();
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var requestType = FindType("System.Security.Cryptography.X509Certificates.CertificateRequest");
        var request = requestType.GetConstructor(new[] { typeof(string), typeof(ECDsa), typeof(HashAlgorithmName) })!
            .Invoke(new object[] { SubjectName, key, HashAlgorithmName.SHA256 });
        var extensions = (Collection<X509Extension>)requestType.GetProperty("CertificateExtensions")!.GetValue(request)!;
        var publicKey = (PublicKey)requestType.GetProperty("PublicKey")!.GetValue(request)!;
        var keyIdentifier = new X509SubjectKeyIdentifierExtension(publicKey, critical: false);

        // A CA that signs only itself: OpenSSL (Node, Python) takes it as a trust anchor from NODE_EXTRA_CA_CERTS or REQUESTS_CA_BUNDLE.
        extensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        extensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, critical: false));
        extensions.Add(keyIdentifier);
        extensions.Add(AuthorityKeyIdentifier(keyIdentifier.SubjectKeyIdentifier!));
        extensions.Add(SubjectAlternativeNames());

        var now = DateTimeOffset.UtcNow;
        using var ephemeral = (X509Certificate2)requestType
            .GetMethod("CreateSelfSigned", new[] { typeof(DateTimeOffset), typeof(DateTimeOffset) })!
            .Invoke(request, new object[] { now.AddDays(-1), now.AddDays(30) })!;

        // A round trip through PKCS#12 gives a key SslStream can use on every platform (Windows refuses ephemeral keys).
        return new X509Certificate2(ephemeral.Export(X509ContentType.Pkcs12), (string?)null, X509KeyStorageFlags.Exportable);
    }

    public static string ToPem(X509Certificate2 certificate)
    {
        var base64 = Convert.ToBase64String(certificate.RawData);
        var pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (var i = 0; i < base64.Length; i += 64)
        {
            pem.Append(base64, i, Math.Min(64, base64.Length - i)).Append('\n');
        }

        return pem.Append("-----END CERTIFICATE-----\n").ToString();
    }

    private static X509Extension SubjectAlternativeNames()
    {
        var builderType = FindType("System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder");
        var builder = Activator.CreateInstance(builderType)!;
        builderType.GetMethod("AddIpAddress", new[] { typeof(IPAddress) })!.Invoke(builder, new object[] { IPAddress.Loopback });
        builderType.GetMethod("AddDnsName", new[] { typeof(string) })!.Invoke(builder, new object[] { "localhost" });
        return (X509Extension)builderType.GetMethod("Build", new[] { typeof(bool) })!.Invoke(builder, new object[] { false })!;
    }

    /// <summary>authorityKeyIdentifier = SEQUENCE { [0] keyIdentifier }: the same id as the subject's, as strict verifiers want.</summary>
    private static X509Extension AuthorityKeyIdentifier(string subjectKeyIdentifierHex)
    {
        var id = Enumerable.Range(0, subjectKeyIdentifierHex.Length / 2)
            .Select(i => Convert.ToByte(subjectKeyIdentifierHex.Substring(i * 2, 2), 16))
            .ToArray();
        var der = new byte[4 + id.Length];
        der[0] = 0x30;
        der[1] = (byte)(2 + id.Length);
        der[2] = 0x80;
        der[3] = (byte)id.Length;
        Array.Copy(id, 0, der, 4, id.Length);
        return new X509Extension(new Oid("2.5.29.35"), der, critical: false);
    }

    private static Type FindType(string fullName)
    {
        foreach (var assembly in new[] { typeof(X509Certificate2).Assembly, typeof(ECDsa).Assembly, typeof(X509BasicConstraintsExtension).Assembly })
        {
            if (assembly.GetType(fullName) is { } found)
            {
                return found;
            }
        }

        foreach (var assemblyName in new[] { "System.Security.Cryptography", "System.Security.Cryptography.X509Certificates", "System.Core" })
        {
            if (Type.GetType($"{fullName}, {assemblyName}") is { } found)
            {
                return found;
            }
        }

        throw new PlatformNotSupportedException($"This runtime has no {fullName}, which the emulator needs to make its https certificate (.NET Framework 4.7.2 or .NET Core 2.0 and later have it).");
    }
}
