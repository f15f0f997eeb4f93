using System;
using System.Linq;
using AdfRuns.Engine.Auth;
using Xunit;

namespace AdfRuns.Tests;

public sealed class CloudEnvironmentTests
{
    [Theory]
    [InlineData("AzureCloud", "https://management.azure.com/", "https://management.azure.com//.default", "https://login.microsoftonline.com/")]
    [InlineData("AzureUSGovernment", "https://management.usgovcloudapi.net/", "https://management.usgovcloudapi.net/.default", "https://login.microsoftonline.us/")]
    [InlineData("AzureChinaCloud", "https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn/.default", "https://login.chinacloudapi.cn/")]
    public void Each_cloud_has_the_arm_host_scope_and_authority_of_clouds_md(string name, string arm, string scope, string authority)
    {
        var clouds = ContractFiles.ReadText("clouds.md");
        var environment = CloudEnvironment.Get(name);

        Assert.Equal(name, environment.Name);
        Assert.Equal(new Uri(arm), environment.ResourceManagerEndpoint);
        Assert.Equal(scope, environment.TokenScope);
        Assert.Equal(new Uri(authority), environment.AuthorityHost);
        // The values are the ones the research pack documents for that cloud.
        var row = clouds.Split('\n').Single(line => line.StartsWith("| " + name + " ", StringComparison.Ordinal));
        Assert.Contains("`" + arm + "`", row, StringComparison.Ordinal);
        Assert.Contains("`" + scope + "`", row, StringComparison.Ordinal);
        Assert.Contains("`" + authority + "`", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_looked_up_without_case_and_unknown_names_are_refused()
    {
        Assert.Same(CloudEnvironment.AzureChinaCloud, CloudEnvironment.Get("azurechinacloud"));
        Assert.Equal(new[] { "AzureChinaCloud", "AzureCloud", "AzureUSGovernment" }, CloudEnvironment.Names.OrderBy(n => n, StringComparer.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => CloudEnvironment.Get("AzureGermanCloud"));
        Assert.Contains("AzureCloud", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://management.azure.com/")]
    [InlineData("https://arm.contoso.example:8443/")]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080/")]
    public void Https_and_loopback_http_endpoints_are_accepted(string endpoint)
    {
        Assert.Null(CloudEnvironment.CheckEndpoint(new Uri(endpoint)));
    }

    [Theory]
    [InlineData("http://management.azure.com/")]
    [InlineData("http://10.0.0.5:5000/")]
    [InlineData("http://localhost.contoso.example/")]
    [InlineData("ftp://127.0.0.1/")]
    public void Plain_http_to_other_hosts_and_other_schemes_are_refused(string endpoint)
    {
        var problem = CloudEnvironment.CheckEndpoint(new Uri(endpoint));

        Assert.NotNull(problem);
        Assert.Contains("https", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_endpoint_is_refused()
    {
        Assert.Contains("not an absolute URI", CloudEnvironment.CheckEndpoint(new Uri("arm/", UriKind.Relative)), StringComparison.Ordinal);
    }
}
