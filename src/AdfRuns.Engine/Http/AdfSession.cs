using System.Threading;
using AdfRuns.Engine.Auth;

namespace AdfRuns.Engine.Http;

/// <summary>The process-wide connection: shared by every runspace, as a module's context is expected to be.</summary>
public static class AdfSession
{
    private static ConnectionSettings? current;
    private static AdfConnection? connection;
    private static readonly object Gate = new();

    public static ConnectionSettings? Current => Volatile.Read(ref current);

    /// <summary>False until Connect-AdfAccount: requests then sign in with Azure.Identity's default chain.</summary>
    public static bool IsSignedIn { get; private set; }

    public static void Connect(ConnectionSettings settings)
    {
        lock (Gate)
        {
            Volatile.Write(ref current, settings);
            connection = new AdfConnection(settings);
            IsSignedIn = true;
        }
    }

    public static void Disconnect()
    {
        lock (Gate)
        {
            Volatile.Write(ref current, null);
            connection = null;
            IsSignedIn = false;
        }
    }

    /// <summary>The current connection (its HTTP pipeline, pacer and caches); without Connect-AdfAccount, the default chain on AzureCloud.</summary>
    public static AdfConnection Connection
    {
        get
        {
            lock (Gate)
            {
                if (connection is null)
                {
                    var environment = CloudEnvironment.AzureCloud;
                    var settings = new ConnectionSettings(environment, environment.ResourceManagerEndpoint, CredentialFactory.DefaultChain(environment, null));
                    Volatile.Write(ref current, settings);
                    connection = new AdfConnection(settings);
                }

                return connection;
            }
        }
    }

}
