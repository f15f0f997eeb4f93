using System;
using System.Collections.Specialized;
using AdfRuns.Binding;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns;

/// <summary>A pipeline parameter's definition.</summary>
public sealed class PipelineParameter
{
    private readonly PipelineParameterData data;
    private readonly Lazy<object?> defaultValue;

    internal PipelineParameter(PipelineParameterData data)
    {
        this.data = data;
        defaultValue = new Lazy<object?>(() => PowerShellJson.ToPowerShell(data.DefaultValue));
    }

    public string Name => data.Name;
    /// <summary>String, Int, Float, Bool, Array, Object or SecureString.</summary>
    public string Type => data.Type;
    public object? DefaultValue => defaultValue.Value;
    /// <summary>True when the parameter has no default: a run must give it.</summary>
    public bool IsRequired => data.IsRequired;

    public override string ToString() => IsRequired ? $"{Name} ({Type}, required)" : $"{Name} ({Type})";
}

/// <summary>A pipeline of a factory. DataFactoryName is added by AdfRuns.types.ps1xml.</summary>
public sealed class Pipeline
{
    private readonly PipelineData data;
    private OrderedDictionary? parameters;
    private string[]? activities;

    internal Pipeline(PipelineData data) => this.data = data;

    public string Name => data.Name;
    /// <summary>The same as Name, so that a pipeline binds to -PipelineName by property name.</summary>
    public string PipelineName => Name;
    public string? Description => data.Description;
    /// <summary>Name to PipelineParameter (Type, DefaultValue, IsRequired).</summary>
    public OrderedDictionary Parameters => parameters ??= DefinitionsByName();
    /// <summary>Activity names in definition order.</summary>
    public string[] Activities => activities ??= System.Linq.Enumerable.ToArray(data.Activities);
    public string? Folder => data.Folder;
    public string SubscriptionId => (data.Target as FactoryTarget)?.SubscriptionId ?? string.Empty;
    public string ResourceGroupName => (data.Target as FactoryTarget)?.ResourceGroupName ?? string.Empty;
    public string FactoryName => (data.Target as FactoryTarget)?.FactoryName ?? string.Empty;
    /// <summary>The Synapse workspace; null for a data factory (whose coordinates are then set, and empty for a workspace).</summary>
    public string? WorkspaceName => (data.Target as WorkspaceTarget)?.WorkspaceName;
    /// <summary>The Fabric workspace's display name (as given when it was not looked up); null outside Fabric.</summary>
    public string? FabricWorkspace => (data.Target as FabricTarget)?.Name;
    /// <summary>The Fabric workspace's id; null outside Fabric.</summary>
    public string? FabricWorkspaceId => (data.Target as FabricTarget)?.WorkspaceId;
    /// <summary>The pipeline's Fabric item id; null outside Fabric.</summary>
    public string? PipelineId => data.PipelineId;
    /// <summary>DataFactory, Synapse or Fabric: the service the run lives in.</summary>
    public string Service => data.Target?.Service ?? "DataFactory";

    public override string ToString() => Name;

    private OrderedDictionary DefinitionsByName()
    {
        var byName = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in data.Parameters)
        {
            byName[parameter.Name] = new PipelineParameter(parameter);
        }

        return byName;
    }
}
