using System;
using System.Collections.Generic;
using System.Threading;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Model;

/// <summary>A pipeline parameter's definition.</summary>
public sealed class PipelineParameterData
{
    public PipelineParameterData(string name, string type, object? defaultValue, bool hasDefault)
    {
        Name = name;
        Type = type;
        DefaultValue = defaultValue;
        HasDefault = hasDefault;
    }

    public string Name { get; }
    /// <summary>Object, String, Int, Float, Bool, Array or SecureString, as the definition spells it.</summary>
    public string Type { get; }
    public object? DefaultValue { get; }
    public bool HasDefault { get; }
    /// <summary>A parameter without a default value must be given when a run starts.</summary>
    public bool IsRequired => !HasDefault;
}

/// <summary>A pipeline definition: what the tool needs of it (name, parameters, activities).</summary>
public sealed class PipelineData
{
    public string Name { get; internal set; } = string.Empty;
    /// <summary>The pipeline's Fabric item id; null for a factory's or a workspace's pipeline.</summary>
    public string? PipelineId { get; internal set; }
    public string? Description { get; internal set; }
    public IReadOnlyList<PipelineParameterData> Parameters { get; internal set; } = Array.Empty<PipelineParameterData>();
    public IReadOnlyList<string> Activities { get; internal set; } = Array.Empty<string>();
    /// <summary>The activities inside its containers (ForEach, Until, If Condition, Switch), at any depth.</summary>
    public IReadOnlyList<string> InnerActivities { get; internal set; } = Array.Empty<string>();
    /// <summary>The pipelines its ExecutePipeline activities call, containers included.</summary>
    public IReadOnlyList<string> CalledPipelines { get; internal set; } = Array.Empty<string>();
    public string? Folder { get; internal set; }
    public string? ETag { get; internal set; }
    public RunTarget? Target { get; internal set; }

    private ParameterIndex? parameterIndex;

    /// <summary>
    /// The declared parameters by name, without case (the last of a name wins): built once per list of parameters,
    /// as a cached definition checks every run a bulk start sends.
    /// </summary>
    internal IReadOnlyDictionary<string, PipelineParameterData> ParametersByName
    {
        get
        {
            if (Volatile.Read(ref parameterIndex) is { } known && ReferenceEquals(known.Of, Parameters))
            {
                return known.ByName;
            }

            var byName = new Dictionary<string, PipelineParameterData>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in Parameters)
            {
                byName[parameter.Name] = parameter;
            }

            Volatile.Write(ref parameterIndex, new ParameterIndex(Parameters, byName));
            return byName;
        }
    }

    private sealed class ParameterIndex
    {
        public ParameterIndex(IReadOnlyList<PipelineParameterData> of, IReadOnlyDictionary<string, PipelineParameterData> byName)
        {
            Of = of;
            ByName = byName;
        }

        public IReadOnlyList<PipelineParameterData> Of { get; }
        public IReadOnlyDictionary<string, PipelineParameterData> ByName { get; }
    }
}
