using System;
using System.Collections.Generic;

namespace AdfRuns.Engine.Auth;

/// <summary>
/// An Azure cloud: its Resource Manager host and the token scope ARM accepts there (see adf-contract/clouds.md), and
/// the Synapse data plane's host suffix and token scope (workspace "w" answers at https://w.{suffix}/).
/// </summary>
public sealed class CloudEnvironment
{
    public static readonly CloudEnvironment AzureCloud = new("AzureCloud", new Uri("https://management.azure.com/"), "https://management.azure.com//.default", new Uri("https://login.microsoftonline.com/"), "dev.azuresynapse.net");
    public static readonly CloudEnvironment AzureUSGovernment = new("AzureUSGovernment", new Uri("https://management.usgovcloudapi.net/"), "https://management.usgovcloudapi.net/.default", new Uri("https://login.microsoftonline.us/"), "dev.azuresynapse.usgovcloudapi.net");
    public static readonly CloudEnvironment AzureChinaCloud = new("AzureChinaCloud", new Uri("https://management.chinacloudapi.cn/"), "https://management.chinacloudapi.cn/.default", new Uri("https://login.chinacloudapi.cn/"), "dev.azuresynapse.azure.cn");

    private static readonly Dictionary<string, CloudEnvironment> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        [AzureCloud.Name] = AzureCloud,
        [AzureUSGovernment.Name] = AzureUSGovernment,
        [AzureChinaCloud.Name] = AzureChinaCloud,
    };

    private CloudEnvironment(string name, Uri resourceManagerEndpoint, string tokenScope, Uri authorityHost, string synapseSuffix)
    {
        SynapseSuffix = synapseSuffix;
        SynapseTokenScope = "https://" + synapseSuffix + "/.default";
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
    /// <summary>The Synapse development endpoint's domain, e.g. dev.azuresynapse.net.</summary>
    public string SynapseSuffix { get; }
    /// <summary>The scope of a Synapse data-plane token, e.g. https://dev.azuresynapse.net/.default.</summary>
    public string SynapseTokenScope { get; }

    /// <summary>Where a workspace's data plane answers in this cloud: https://{workspace}.{suffix}/.</summary>
    public Uri WorkspaceEndpoint(string workspaceName) => new("https://" + workspaceName + "." + SynapseSuffix + "/");

    public static CloudEnvironment Get(string name) =>
        ByName.TryGetValue(name, out var environment)
            ? environment
            : throw new ArgumentException($"Unknown environment '{name}'. Known: {string.Join(", ", ByName.Keys)}.");

    /// <summary>
    /// An ARM endpoint override must be https, except on loopback (an emulator or a test server), so that a
    /// token never travels in clear text.
    /// </summary>
    /// <summary>The workspace a development endpoint such as https://contoso.dev.azuresynapse.net/ belongs to, in any known cloud; null for another host.</summary>
    public static string? WorkspaceNameOf(Uri endpoint)
    {
        foreach (var environment in ByName.Values)
        {
            var suffix = "." + environment.SynapseSuffix;
            if (endpoint.IsAbsoluteUri && endpoint.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && endpoint.Host.Length > suffix.Length)
            {
                var name = endpoint.Host.Substring(0, endpoint.Host.Length - suffix.Length);
                return name.IndexOf('.') < 0 ? name : null;
            }
        }

        return null;
    }

    public static string? CheckEndpoint(Uri endpoint, string parameter = "ResourceManagerEndpoint")
    {
        if (!endpoint.IsAbsoluteUri)
        {
            return $"{parameter} '{endpoint}' is not an absolute URI.";
        }

        if (endpoint.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttp && endpoint.IsLoopback)
        {
            return null;
        }

        return $"{parameter} '{endpoint}' must use https; plain http is allowed only for loopback addresses (127.0.0.1, ::1, localhost).";
    }
}
