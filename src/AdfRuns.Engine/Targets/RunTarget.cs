using System;
using System.Collections.Concurrent;
using System.Text;
using AdfRuns.Engine.Auth;
using AdfRuns.Engine.Http;

namespace AdfRuns.Engine.Targets;

/// <summary>
/// The service a run lives in, and everything that differs between services: where its requests go and how they
/// are signed, its paths and api-version, which pacers apply, how it is named in messages and error records, and
/// what its API can do. One class per service (<see cref="FactoryTarget"/>, <see cref="WorkspaceTarget"/>, <see cref="FabricTarget"/>); every
/// request carries one, resolved once per input by <see cref="TargetResolver"/>. Immutable; equal by value, so it
/// keys caches and groups runs.
/// </summary>
public abstract class RunTarget : IEquatable<RunTarget>
{
    /// <summary>The service's name on outputs: "DataFactory", "Synapse" or "Fabric".</summary>
    public abstract string Service { get; }

    /// <summary>The api-version every request to this service carries.</summary>
    public abstract string ApiVersion { get; }

    /// <summary>What this service's run API can and cannot do.</summary>
    public abstract TargetCapabilities Capabilities { get; }

    /// <summary>The name an error record carries as its TargetObject when a request about the whole target fails.</summary>
    public abstract string ErrorTarget { get; }

    /// <summary>
    /// The key under which the service's limit on monitoring queries (1,000 a minute) counts this target's queries;
    /// null when no such limit applies.
    /// </summary>
    public abstract string? MonitoringKey { get; }

    /// <summary>Whether ARM's subscription-wide request buckets (RateLimitPacer) pace this target's requests.</summary>
    public abstract bool PacesArmBuckets { get; }

    /// <summary>What the service calls this kind of target: "factory" or "workspace", for messages.</summary>
    public abstract string Noun { get; }

    /// <summary>"factory 'x'" or "workspace 'x'", for messages.</summary>
    public abstract string Describe();

    /// <summary>As <see cref="Describe"/>, with what else a reader needs to find it (a factory's resource group).</summary>
    public virtual string DescribeInFull() => Describe();

    // Set once the names passed: a target is immutable, and a bulk start checks the same one for every input.
    private volatile bool valid;

    // Requests that differ only in their body, built once per key (a pipeline's createRun); as many as the pipelines started.
    private readonly ConcurrentDictionary<string, Requests.ServiceRequest> knownRequests = new(StringComparer.Ordinal);

    /// <summary>The request for <paramref name="key"/>, built once: callers give it their own body (ServiceRequest.WithBody).</summary>
    internal Requests.ServiceRequest KnownRequest(string key, Func<string, Requests.ServiceRequest> build) => knownRequests.GetOrAdd(key, build);

    /// <summary>Throws InvalidInputException naming the first name that breaks the service's rules.</summary>
    public void Validate()
    {
        if (!valid)
        {
            CheckNames();
            valid = true;
        }
    }

    /// <summary>What <see cref="Validate"/> checks: throws InvalidInputException naming the first name that breaks the service's rules.</summary>
    protected abstract void CheckNames();

    /// <summary>The escaped path of a resource of this target: its segments under the target's root.</summary>
    public string PathFor(params string[] segments)
    {
        var path = new StringBuilder(Root, Root.Length + 64);
        foreach (var segment in segments)
        {
            path.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return path.ToString();
    }

    /// <summary>The base address of this target's service on a connection (throws when the connection knows none).</summary>
    public abstract Uri EndpointOf(ConnectionSettings settings);

    /// <summary>The base address, or null when the connection knows none (rather than a public host).</summary>
    public abstract Uri? KnownEndpointOf(ConnectionSettings settings);

    /// <summary>The tokens this target's service accepts, on a connection.</summary>
    public abstract ITokenProvider TokensOf(ConnectionSettings settings);

    /// <summary>Whether a nextLink's path may be followed: it stays inside what this service answers for.</summary>
    public abstract bool MayFollow(string absolutePath);

    /// <summary>Where a followed nextLink must point, for the message when it does not ("into a subscription").</summary>
    public abstract string FollowedLinksPointTo { get; }

    /// <summary>The run operations of this target's service, on a client (the client's one shared instance).</summary>
    public abstract IServiceRuns RunsOn(AdfClient client);

    /// <summary>The escaped path every resource path of this target starts with ("" for a data plane's root).</summary>
    protected abstract string Root { get; }

    public abstract bool Equals(RunTarget? other);

    public override bool Equals(object? obj) => Equals(obj as RunTarget);

    public abstract override int GetHashCode();

    protected static bool Same(string? left, string? right) => string.Equals(left, right, StringComparison.OrdinalIgnoreCase);

    protected static int HashOf(string value) => StringComparer.OrdinalIgnoreCase.GetHashCode(value);
}
