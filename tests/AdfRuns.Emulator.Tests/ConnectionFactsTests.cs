using System.Linq;
using System.Text.Json;
using Xunit;

namespace AdfRuns.Emulator.Tests;

/// <summary>What a client in any language reads to connect (the standalone host's connection file): the emulated service's own facts.</summary>
public class ConnectionFactsTests
{
    [Fact]
    public void A_Fabric_emulator_names_Fabric_its_token_scope_and_its_workspace_in_the_connection_JSON()
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Fabric = true });

        var facts = Facts(server);

        Assert.Equal(EmulatedService.Fabric, server.Service);
        Assert.Equal("Fabric", facts.GetProperty("service").GetString());
        Assert.Equal("https://api.fabric.microsoft.com/.default", facts.GetProperty("tokenScope").GetString());
        Assert.Equal(server.FabricWorkspace, facts.GetProperty("fabricWorkspace").GetString());
        Assert.Equal(server.FabricWorkspaceId, facts.GetProperty("fabricWorkspaceId").GetString());
        Assert.Equal(server.Endpoint.ToString(), facts.GetProperty("fabricEndpoint").GetString());
        Assert.DoesNotContain(facts.EnumerateObject(), fact => fact.Name is "factoryName" or "subscriptionId" or "resourceGroupName" or "workspaceName");
    }

    [Theory]
    [InlineData(false, "DataFactory", "https://management.azure.com/.default", "factoryName")]
    [InlineData(true, "Synapse", "https://dev.azuresynapse.net/.default", "workspaceName")]
    public void A_factory_or_Synapse_emulator_keeps_its_service_scope_and_coordinates(bool synapse, string service, string scope, string coordinate)
    {
        using var server = AdfEmulatorServer.Start(new EmulatorOptions { Synapse = synapse });

        var facts = Facts(server);

        Assert.Equal(service, server.Service.ToString());
        Assert.Equal(service, facts.GetProperty("service").GetString());
        Assert.Equal(scope, facts.GetProperty("tokenScope").GetString());
        Assert.True(facts.TryGetProperty(coordinate, out _));
        Assert.DoesNotContain(facts.EnumerateObject(), fact => fact.Name.StartsWith("fabric", System.StringComparison.Ordinal));
    }

    private static JsonElement Facts(AdfEmulatorServer server)
    {
        using var document = JsonDocument.Parse(server.ConnectionJson());
        var facts = document.RootElement.Clone();
        Assert.Equal(server.ConnectionFacts().Select(fact => fact.Key), facts.EnumerateObject().Select(fact => fact.Name));
        return facts;
    }
}
