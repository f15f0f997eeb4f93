namespace AdfRuns.Emulator;

/// <summary>The service an emulator serves; its name is the service's name on outputs and in the connection facts.</summary>
public enum EmulatedService
{
    /// <summary>Data Factory under ARM: one or more factories.</summary>
    DataFactory,

    /// <summary>A Synapse workspace's data plane.</summary>
    Synapse,

    /// <summary>A Microsoft Fabric workspace (Fabric REST v1).</summary>
    Fabric,
}
