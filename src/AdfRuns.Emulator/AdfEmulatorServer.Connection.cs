using System.Collections.Generic;
using System.Globalization;
using AdfRuns.Emulator.Control;
using AdfRuns.Emulator.Fabric;

namespace AdfRuns.Emulator;

/// <summary>What a client in another process or language needs to connect to this emulator.</summary>
public sealed partial class AdfEmulatorServer
{
    /// <summary>
    /// What a client in any language needs to connect, in order: the service, endpoint, access token, certificate
    /// path, token scope, the factory's or the workspace's coordinates, the control API and the process id.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> ConnectionFacts()
    {
        var facts = new List<KeyValuePair<string, string?>>
        {
            new("service", Service.ToString()),
            new("endpoint", Endpoint.ToString()),
            new("accessToken", AccessToken),
            new("tokenScope", Service switch
            {
                EmulatedService.Fabric => FabricFrontDoor.Audience + "/.default",
                EmulatedService.Synapse => "https://dev.azuresynapse.net/.default",
                _ => "https://management.azure.com/.default",
            }),
            new("certificatePath", CertificatePath),
        };
        switch (Service)
        {
            case EmulatedService.Fabric:
                facts.Add(new("fabricWorkspace", FabricWorkspace));
                facts.Add(new("fabricWorkspaceId", FabricWorkspaceId));
                facts.Add(new("fabricEndpoint", Endpoint.ToString()));
                break;
            case EmulatedService.Synapse:
                facts.Add(new("workspaceName", WorkspaceName));
                break;
            default:
                facts.Add(new("subscriptionId", SubscriptionId));
                facts.Add(new("resourceGroupName", ResourceGroupName));
                facts.Add(new("factoryName", FactoryName));
                break;
        }

        facts.Add(new("controlEndpoint", ControlEndpoint.ToString()));
        facts.Add(new("processId", System.Diagnostics.Process.GetCurrentProcess().Id.ToString(CultureInfo.InvariantCulture)));
        return facts;
    }

    /// <summary><see cref="ConnectionFacts"/> as one JSON object (UTF-8).</summary>
    public byte[] ConnectionJson() => ControlJson.Connection(ConnectionFacts());
}
