using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AdfRuns.Emulator.Definitions;

namespace AdfRuns.Emulator.Fabric;

/// <summary>
/// The Fabric workspace the emulator serves and its DataPipeline items. Ids are GUIDs derived from the names, so the
/// same workspace and pipeline keep their ids across emulator restarts (as a real workspace's do).
/// </summary>
internal sealed class FabricCatalog
{
    private readonly Dictionary<string, string> idByPipeline = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> pipelineById = new(StringComparer.OrdinalIgnoreCase);

    public FabricCatalog(string workspaceName, IEnumerable<PipelineDefinition> pipelines)
    {
        WorkspaceName = workspaceName;
        WorkspaceId = NameGuid("workspace/" + workspaceName);
        CapacityId = NameGuid("capacity/" + workspaceName);
        foreach (var pipeline in pipelines)
        {
            var id = NameGuid($"workspace/{workspaceName}/pipeline/{pipeline.Name}");
            idByPipeline[pipeline.Name] = id;
            pipelineById[id] = pipeline.Name;
        }
    }

    public string WorkspaceName { get; }

    public string WorkspaceId { get; }

    public string CapacityId { get; }

    public IEnumerable<KeyValuePair<string, string>> Items => idByPipeline.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase);

    public string? PipelineOf(string itemId) => pipelineById.TryGetValue(itemId, out var name) ? name : null;

    public string ItemIdOf(string pipelineName) => idByPipeline[pipelineName];

    /// <summary>
    /// Whether a path's workspace segment is this workspace. Fabric paths take the id only (INFERRED from the
    /// reference, whose every path parameter is a workspace id).
    /// </summary>
    public bool ServesWorkspace(string? segment) => string.Equals(segment, WorkspaceId, StringComparison.OrdinalIgnoreCase);

    private static string NameGuid(string name)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes("AdfRuns.Emulator.Fabric/" + name)).Take(16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
