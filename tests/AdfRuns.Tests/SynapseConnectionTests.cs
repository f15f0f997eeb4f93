using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Starting;
using AdfRuns.Engine.Targets;
using Azure.Core;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>Where a workspace's requests go, which token they carry, and how its errors and -FromFailure read.</summary>
public sealed class SynapseConnectionTests
{
    private const string RunId = "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b";

    private sealed class ScopeRecordingCredential : TokenCredential
    {
        public string? LastScope { get; private set; }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            LastScope = requestContext.Scopes[0];
            return new ValueTask<AccessToken>(new AccessToken("token-for-" + LastScope, DateTimeOffset.UtcNow.AddHours(1)));
        }
    }

    [Theory]
    [InlineData("AzureCloud", "https://contoso.dev.azuresynapse.net/", "https://dev.azuresynapse.net/.default")]
    [InlineData("AzureUSGovernment", "https://contoso.dev.azuresynapse.usgovcloudapi.net/", "https://dev.azuresynapse.usgovcloudapi.net/.default")]
    [InlineData("AzureChinaCloud", "https://contoso.dev.azuresynapse.azure.cn/", "https://dev.azuresynapse.azure.cn/.default")]
    public void Each_cloud_has_its_Synapse_host_and_token_scope(string cloud, string endpoint, string scope)
    {
        var environment = CloudEnvironment.Get(cloud);
        Assert.Equal(new Uri(endpoint), environment.WorkspaceEndpoint("contoso"));
        Assert.Equal(scope, environment.SynapseTokenScope);
        // The values are the ones clouds.md documents, with their sources, for that cloud.
        var row = ContractFiles.ReadText("clouds.md").Split('\n').Single(line => line.StartsWith("| Synapse in " + cloud + " ", StringComparison.Ordinal));
        Assert.Contains("`" + endpoint.Replace("contoso", "{workspace}") + "`", row, StringComparison.Ordinal);
        Assert.Contains("`" + scope + "`", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_request_goes_to_the_workspace_with_a_Synapse_token_and_a_factory_request_to_ARM_with_an_ARM_token()
    {
        var credential = new ScopeRecordingCredential();
        var settings = new ConnectionSettings(CloudEnvironment.AzureUSGovernment, CloudEnvironment.AzureUSGovernment.ResourceManagerEndpoint, new CredentialTokenProvider(credential, CloudEnvironment.AzureUSGovernment.TokenScope, "ServicePrincipal", TimeSpan.FromSeconds(5)));
        var workspaceRequest = RequestBuilder.GetRun(new WorkspaceTarget("contoso"), RunId);
        var factoryRequest = RequestBuilder.GetRun(new FactoryTarget("sub", "rg", "adf-sales"), RunId);

        Assert.Equal(new Uri("https://contoso.dev.azuresynapse.usgovcloudapi.net/"), settings.EndpointOf(workspaceRequest));
        Assert.Equal(new Uri("https://management.usgovcloudapi.net/"), settings.EndpointOf(factoryRequest));

        await settings.TokenProviderOf(workspaceRequest).GetTokenAsync(CancellationToken.None);
        Assert.Equal("https://dev.azuresynapse.usgovcloudapi.net/.default", credential.LastScope);
        await settings.TokenProviderOf(factoryRequest).GetTokenAsync(CancellationToken.None);
        Assert.Equal("https://management.usgovcloudapi.net/.default", credential.LastScope);
        Assert.Equal("ServicePrincipal", settings.SynapseTokenProvider.AccountType);
    }

    [Fact(DisplayName = "a workspace endpoint given with a workspace name serves that workspace; another goes to its own host, or is refused on a loopback connection (newcomer 3 row 4)")]
    public void A_workspace_endpoint_given_with_a_name_serves_that_workspace()
    {
        var emulator = new Uri("http://127.0.0.1:50123/");
        var settings = new ConnectionSettings(CloudEnvironment.AzureCloud, CloudEnvironment.AzureCloud.ResourceManagerEndpoint, new StaticTokenProvider("t"), workspaceName: "adfruns-emulator", workspaceEndpoint: emulator);

        Assert.Equal(emulator, settings.EndpointOf(RequestBuilder.ListPipelines(new WorkspaceTarget("ADFRUNS-EMULATOR"))));
        Assert.Equal(new Uri("https://other.dev.azuresynapse.net/"), settings.EndpointOf(RequestBuilder.ListPipelines(new WorkspaceTarget("other"))));
        Assert.Same(settings.TokenProvider, settings.SynapseTokenProvider);

        var loopback = new ConnectionSettings(CloudEnvironment.AzureCloud, emulator, new StaticTokenProvider("t"), workspaceName: "salesws", workspaceEndpoint: emulator);
        var refused = Assert.Throws<AdfServiceException>(() => loopback.EndpointOf(RequestBuilder.ListPipelines(new WorkspaceTarget("nosuchws"))));
        Assert.Equal("NoWorkspaceEndpoint", refused.Code);
        Assert.Contains("serves workspace 'salesws', not 'nosuchws'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_workspace_endpoint_given_without_a_name_answers_for_every_workspace()
    {
        var endpoint = new Uri("http://127.0.0.1:50123/");
        var settings = new ConnectionSettings(CloudEnvironment.AzureCloud, endpoint, new StaticTokenProvider("t"), workspaceEndpoint: endpoint);

        Assert.Equal(endpoint, settings.EndpointOf(RequestBuilder.ListPipelines(new WorkspaceTarget("one"))));
        Assert.Equal(endpoint, settings.EndpointOf(RequestBuilder.ListPipelines(new WorkspaceTarget("other"))));
    }

    [Theory]
    [InlineData("https://contoso.dev.azuresynapse.net/", "contoso")]
    [InlineData("https://contoso-ws.dev.azuresynapse.usgovcloudapi.net", "contoso-ws")]
    [InlineData("https://contoso.dev.azuresynapse.azure.cn/", "contoso")]
    [InlineData("http://127.0.0.1:50123/", null)]
    [InlineData("https://a.b.dev.azuresynapse.net/", null)]
    [InlineData("https://dev.azuresynapse.net/", null)]
    public void A_development_endpoint_names_its_workspace(string endpoint, string? workspace) =>
        Assert.Equal(workspace, CloudEnvironment.WorkspaceNameOf(new Uri(endpoint)));

    [Fact]
    public void A_Synapse_error_without_the_ARM_envelope_keeps_its_code_and_message()
    {
        const string body = "{\"code\":\"PipelineNotFound\",\"message\":\"Pipeline 'Nope' not found in workspace 'contoso'.\"}";

        var error = ErrorTranslator.FromResponse(404, "Not Found", body, "req-1", null);

        Assert.Equal("PipelineNotFound", error.Code);
        Assert.Equal("Pipeline 'Nope' not found in workspace 'contoso'.", error.Message);
        Assert.Equal(FailureKind.NotFound, error.Kind);
    }

    [Fact]
    public void A_Synapse_429_without_rate_limit_headers_still_retries_after_Retry_After()
    {
        var error = ErrorTranslator.FromResponse(429, "Too Many Requests", "{\"code\":\"TooManyRequests\",\"message\":\"Slow down.\"}", null, TimeSpan.FromSeconds(7));

        Assert.Equal("TooManyRequests", error.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.Delay(1, error.RetryAfter, new Random(1)));
    }

    [Fact]
    public void FromFailure_reruns_from_the_one_failed_top_level_activity()
    {
        var reference = PipelineRunData.Describe(RunId, "LoadSales", RunStatus.Failed, null, null, new WorkspaceTarget("contoso"));

        // The Copy inside the ForEach failed, and so did the ForEach around it: the pipeline's own activity is the origin.
        Assert.Equal("ForEachDay", FailureOrigin.Choose(reference, new[] { "CopyDay", "ForEachDay", "CopyDay" }, new[] { "Prepare", "ForEachDay", "Publish" }));
        Assert.Equal("CopyDay", FailureOrigin.Choose(reference, new[] { "CopyDay" }, null));
    }

    [Fact]
    public void FromFailure_with_several_origins_is_refused_naming_them()
    {
        var reference = PipelineRunData.Describe(RunId, "LoadSales", RunStatus.Failed, null, null, new WorkspaceTarget("contoso"));

        var several = Assert.Throws<InvalidInputException>(() => FailureOrigin.Choose(reference, new[] { "CopyEU", "CopyUS" }, new[] { "CopyEU", "CopyUS", "Publish" }));
        Assert.Equal("SeveralFailureOrigins", several.ErrorId);
        Assert.Contains("'CopyEU', 'CopyUS'", several.Message, StringComparison.Ordinal);
        Assert.Contains("-FromActivity", several.Message, StringComparison.Ordinal);

        var none = Assert.Throws<InvalidInputException>(() => FailureOrigin.Choose(reference, Array.Empty<string>(), new[] { "Publish" }));
        Assert.Equal("NoFailedActivity", none.ErrorId);
    }
}
