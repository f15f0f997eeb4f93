using System;
using AdfRuns.Engine;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Targets;
using Xunit;

namespace AdfRuns.Tests;

/// <summary>A service is one RunTarget class: the request builder, the pacers and the resolver only ask it.</summary>
public sealed class TargetSeamTests
{
    private const string RunId = "2f7fdb90-5df1-4b8e-ac2f-064cfa58202b";
    private static readonly ConnectionSettings Settings = new(CloudEnvironment.AzureCloud, new Uri("https://management.azure.com/"), new StaticTokenProvider("t"), subscriptionId: "6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", resourceGroupName: "rg", factoryName: "adf");

    [Fact]
    public void A_third_service_gets_its_paths_api_version_and_endpoint_from_its_target_class_alone()
    {
        var target = new NoRerunTarget("sales");

        var request = RequestBuilder.GetRun(target, RunId);

        Assert.Equal($"/spaces/sales/pipelineruns/{RunId}?api-version=2099-01-01", request.PathAndQuery);
        Assert.Same(target, request.Target);
        Assert.Equal(new Uri("https://runs.example/"), Settings.EndpointOf(request));
    }

    [Theory]
    [InlineData(RunMode.Recover)]
    [InlineData(RunMode.RecoverFromFailure)]
    [InlineData(RunMode.RecoverFromActivity)]
    [InlineData(RunMode.NewFromReference)]
    public void A_rerun_the_service_cannot_send_is_refused_before_anything_is_sent(RunMode mode)
    {
        var request = new RunRequest(new NoRerunTarget("sales"), "Load", mode, referencePipelineRunId: RunId, startActivityName: "Copy");

        var error = Assert.Throws<InvalidInputException>(() => RequestBuilder.Validate(request));

        Assert.Equal("NotSupportedByService", error.ErrorId);
        Assert.Contains("space 'sales'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_resolver_takes_a_named_workspace_over_the_connected_factory()
    {
        var target = TargetResolver.Resolve(new TargetNames { WorkspaceName = "contoso-ws" }, Settings);

        Assert.Equal(new WorkspaceTarget("contoso-ws"), target);
    }

    [Fact]
    public void The_resolver_keeps_a_padded_or_blank_workspace_name_as_given_for_the_target_to_refuse_probe_2_E7()
    {
        var padded = TargetResolver.Resolve(new TargetNames { WorkspaceName = " contoso-ws ", EmptyWorkspaceMeansDefault = false }, Settings);
        var empty = TargetResolver.Resolve(new TargetNames { WorkspaceName = string.Empty, EmptyWorkspaceMeansDefault = false }, Settings);

        Assert.Equal(new WorkspaceTarget(" contoso-ws "), padded);
        Assert.Equal(new WorkspaceTarget(string.Empty), empty);
        Assert.ThrowsAny<System.Exception>(() => padded.Validate());
        Assert.ThrowsAny<System.Exception>(() => empty.Validate());
        Assert.IsType<FactoryTarget>(TargetResolver.Resolve(new TargetNames { WorkspaceName = string.Empty }, Settings));
    }

    [Fact]
    public void The_resolver_fills_missing_factory_coordinates_from_the_connection()
    {
        var target = TargetResolver.Resolve(new TargetNames { FactoryName = "other" }, Settings);

        Assert.Equal(new FactoryTarget("6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60", "rg", "other"), target);
    }

    [Fact]
    public void The_resolver_refuses_a_workspace_and_a_factory_named_together_and_names_a_missing_coordinate()
    {
        var ambiguous = Assert.Throws<TargetResolutionException>(() => TargetResolver.Resolve(new TargetNames { WorkspaceName = "ws", FactoryName = "adf" }, Settings));
        var missing = Assert.Throws<TargetResolutionException>(() => TargetResolver.Resolve(new TargetNames { FactoryName = "adf" }, null));

        Assert.Equal(("AmbiguousTarget", "ws"), (ambiguous.ErrorId, ambiguous.Subject));
        Assert.Equal(("MissingFactoryCoordinate", "SubscriptionId"), (missing.ErrorId, missing.Subject));
        Assert.Null(TargetResolver.TryResolve(new TargetNames { FactoryName = "adf" }, null));
    }

    [Fact]
    public void A_service_without_trigger_runs_refuses_trigger_run_requests_before_anything_is_sent()
    {
        var target = new NoRerunTarget("made-up");
        var query = new RunQuery(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
        Assert.Equal("NotSupportedByService", Assert.Throws<InvalidInputException>(() => RequestBuilder.QueryTriggerRuns(target, query, null)).ErrorId);
        Assert.Equal("NotSupportedByService", Assert.Throws<InvalidInputException>(() => RequestBuilder.TriggerRunAction(target, "Hourly", "08586001811587302486644506085CU07", rerun: true)).ErrorId);
    }

    /// <summary>A made-up service with no reruns at all, to show what a new one has to say.</summary>
    private sealed class NoRerunTarget : RunTarget
    {
        private static readonly TargetCapabilities None = new(FromFailureRerun.NotSupported, activityQueryNamesPipeline: false, reruns: false, rerunsFromActivity: false, triggerRuns: false);

        public NoRerunTarget(string name)
        {
            Name = name;
        }

        public string Name { get; }
        public override string Service => "Example";
        public override string ApiVersion => "2099-01-01";
        public override TargetCapabilities Capabilities => None;
        public override string ErrorTarget => Name;
        public override string? MonitoringKey => null;
        public override bool PacesArmBuckets => false;
        public override string Noun => "space";
        public override string FollowedLinksPointTo => "into the space";

        protected override string Root => "/spaces/" + Uri.EscapeDataString(Name);

        public override string Describe() => $"space '{Name}'";

        protected override void CheckNames()
        {
        }

        public override Uri EndpointOf(ConnectionSettings settings) => new("https://runs.example/");

        public override Uri? KnownEndpointOf(ConnectionSettings settings) => EndpointOf(settings);

        public override ITokenProvider TokensOf(ConnectionSettings settings) => settings.TokenProvider;

        // A made-up service shaped like Data Factory's API.
        public override IServiceRuns RunsOn(AdfClient client) => client.DataFactoryRuns;

        public override bool MayFollow(string absolutePath) => absolutePath.StartsWith(Root, StringComparison.Ordinal);

        public override bool Equals(RunTarget? other) => other is NoRerunTarget space && space.Name == Name;

        public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
    }
}
