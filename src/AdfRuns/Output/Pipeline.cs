using System.Collections.Specialized;

namespace AdfRuns;

/// <summary>A pipeline parameter's definition.</summary>
public sealed class PipelineParameter
{
    internal PipelineParameter(string name, string type, object? defaultValue, bool isRequired)
    {
        Name = name;
        Type = type;
        DefaultValue = defaultValue;
        IsRequired = isRequired;
    }

    public string Name { get; }
    /// <summary>String, Int, Float, Bool, Array, Object or SecureString.</summary>
    public string Type { get; }
    public object? DefaultValue { get; }
    /// <summary>True when the parameter has no default: a run must give it.</summary>
    public bool IsRequired { get; }

    public override string ToString() => IsRequired ? $"{Name} ({Type}, required)" : $"{Name} ({Type})";
}

/// <summary>A pipeline of a factory.</summary>
public sealed class Pipeline
{
    internal Pipeline(string name, string? description, OrderedDictionary parameters, string[] activities, string? folder, string subscriptionId, string resourceGroupName, string factoryName)
    {
        Name = name;
        Description = description;
        Parameters = parameters;
        Activities = activities;
        Folder = folder;
        SubscriptionId = subscriptionId;
        ResourceGroupName = resourceGroupName;
        FactoryName = factoryName;
    }

    public string Name { get; }
    /// <summary>The same as Name, so that a pipeline binds to -PipelineName by property name.</summary>
    public string PipelineName => Name;
    public string? Description { get; }
    /// <summary>Name to PipelineParameter (Type, DefaultValue, IsRequired).</summary>
    public OrderedDictionary Parameters { get; }
    /// <summary>Activity names in definition order.</summary>
    public string[] Activities { get; }
    public string? Folder { get; }
    public string SubscriptionId { get; }
    public string ResourceGroupName { get; }
    public string FactoryName { get; }

    public override string ToString() => Name;
}
