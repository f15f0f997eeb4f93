using System;
using System.Collections.Generic;

namespace AdfRuns.Engine.Auth;

/// <summary>An Azure cloud: its Resource Manager host and the token scope ARM accepts there (see adf-contract/clouds.md).</summary>
public sealed class CloudEnvironment
{
    public static readonly CloudEnvironment AzureCloud = new("AzureCloud", new Uri("https://management.azure.com/"), "https://management.azure.com//.default", new Uri("https://login.microsoftonline.com/"));
    public static readonly CloudEnvironment AzureUSGovernment = new("AzureUSGovernment", new Uri("https://management.usgovcloudapi.net/"), "https://management.usgovcloudapi.net/.default", new Uri("https://login.microsoftonline.us/"));
    public static readonly CloudEnvironment AzureChinaCloud = new("AzureChinaCloud", new Uri("https://management.chinacloudapi.cn/"), "https://management.chinacloudapi.cn/.default", new Uri("https://login.chinacloudapi.cn/"));

    private static readonly Dictionary<string, CloudEnvironment> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        [AzureCloud.Name] = AzureCloud,
        [AzureUSGovernment.Name] = AzureUSGovernment,
        [AzureChinaCloud.Name] = AzureChinaCloud,
    };

    private CloudEnvironment(string name, Uri resourceManagerEndpoint, string tokenScope, Uri authorityHost)
    {
        Name = name;
        ResourceManagerEndpoint = resourceManagerEndpoint;
        TokenScope = tokenScope;
        AuthorityHost = authorityHost;
    }

    public static IEnumerable<string> Names => ByName.Keys;

    public string Name { get; }
    public Uri ResourceManagerEndpoint { get; }
    public string TokenScope { get; }
    public Uri AuthorityHost { get; }

    public static CloudEnvironment Get(string name) =>
        ByName.TryGetValue(name, out var environment)
            ? environment
            : throw new ArgumentException($"Unknown environment '{name}'. Known: {string.Join(", ", ByName.Keys)}.");

    /// <summary>
    /// An ARM endpoint override must be https, except on loopback (an emulator or a test server), so that a
    /// token never travels in clear text.
    /// </summary>
    public static string? CheckEndpoint(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            return $"ResourceManagerEndpoint '{endpoint}' is not an absolute URI.";
        }

        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)
        {
            return null;
        }

        return $"ResourceManagerEndpoint '{endpoint}' must use https; plain http is allowed only for loopback addresses (127.0.0.1, ::1, localhost).";
    }
}
