using System;
using AdfRuns.Engine.Http;

namespace AdfRuns.Engine.Targets;

/// <summary>The target names a call (or a piped object, or a command line being completed) gives; blank means "not given".</summary>
public sealed class TargetNames
{
    public string? SubscriptionId { get; set; }
    public string? ResourceGroupName { get; set; }
    public string? FactoryName { get; set; }
    public string? WorkspaceName { get; set; }
    public string? FabricWorkspace { get; set; }

    /// <summary>
    /// An empty workspace name means "the connected default" (an empty cell of a piped row); otherwise a blank name
    /// given on the command line is kept as given, so that the target's validation refuses it for this input.
    /// </summary>
    public bool EmptyWorkspaceMeansDefault { get; set; } = true;
}

/// <summary>A target that cannot be resolved: the invocation is unusable as given.</summary>
public sealed class TargetResolutionException : ArgumentException
{
    public TargetResolutionException(string message, string errorId, string subject)
        : base(message)
    {
        ErrorId = errorId;
        Subject = subject;
    }

    /// <summary>AmbiguousTarget or MissingFactoryCoordinate.</summary>
    public string ErrorId { get; }

    /// <summary>What the error names: the parameter that is missing, or the workspace given beside a factory.</summary>
    public string Subject { get; }
}

/// <summary>
/// The one place that decides where an input goes, for the cmdlets and for tab completion alike: the Fabric workspace
/// named, else the workspace named (by the call or a piped object), else the factory whose coordinates are named (missing ones from
/// Connect-AdfAccount's defaults), else the connection's default Fabric workspace, else its default workspace, else
/// its default factory.
/// </summary>
public static class TargetResolver
{
    /// <summary>The target; TargetResolutionException when a workspace and a factory are both named, or a factory coordinate is missing.</summary>
    public static RunTarget Resolve(TargetNames given, ConnectionSettings? defaults)
    {
        if (!IsBlank(given.FabricWorkspace))
        {
            if (!IsBlank(given.FactoryName) || !IsBlank(given.WorkspaceName))
            {
                throw new TargetResolutionException(
                    $"-FabricWorkspace '{given.FabricWorkspace}' and -{(IsBlank(given.FactoryName) ? $"WorkspaceName '{given.WorkspaceName}'" : $"FactoryName '{given.FactoryName}'")} name two services: a run lives in one of a Fabric workspace, a Synapse workspace or a data factory. Give one of them.",
                    "AmbiguousTarget",
                    given.FabricWorkspace!);
            }

            return new FabricTarget(given.FabricWorkspace!.Trim());
        }

        if (given.WorkspaceName is { } workspace && (workspace.Length > 0 || !given.EmptyWorkspaceMeansDefault))
        {
            if (!IsBlank(workspace) && !IsBlank(given.FactoryName))
            {
                throw new TargetResolutionException(
                    $"-WorkspaceName '{given.WorkspaceName}' and -FactoryName '{given.FactoryName}' name two services: a run lives in a Synapse workspace or in a data factory. Give one of them.",
                    "AmbiguousTarget",
                    given.WorkspaceName!);
            }

            // Not trimmed: a name with a line break or spaces is refused by the target's validation, naming it.
            return new WorkspaceTarget(workspace);
        }

        var namesFactory = !IsBlank(given.SubscriptionId) || !IsBlank(given.ResourceGroupName) || !IsBlank(given.FactoryName);
        if (!namesFactory && IsBlank(given.WorkspaceName) && !IsBlank(defaults?.FabricWorkspace))
        {
            return new FabricTarget(defaults!.FabricWorkspace!);
        }

        if (!namesFactory && !IsBlank(defaults?.WorkspaceName))
        {
            return new WorkspaceTarget(defaults!.WorkspaceName!);
        }

        return new FactoryTarget(
            Pick(given.SubscriptionId, defaults?.SubscriptionId, nameof(TargetNames.SubscriptionId)),
            Pick(given.ResourceGroupName, defaults?.ResourceGroupName, nameof(TargetNames.ResourceGroupName)),
            Pick(given.FactoryName, defaults?.FactoryName, nameof(TargetNames.FactoryName)));
    }

    /// <summary>The target, or null when it cannot be resolved (for completion, which never throws at the user).</summary>
    public static RunTarget? TryResolve(TargetNames given, ConnectionSettings? defaults)
    {
        try
        {
            return Resolve(given, defaults);
        }
        catch (TargetResolutionException)
        {
            return null;
        }
    }

    /// <summary>The connection's own default target, or null when it has none.</summary>
    public static RunTarget? DefaultOf(ConnectionSettings settings) => TryResolve(new TargetNames(), settings);

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string Pick(string? given, string? fromDefaults, string parameter)
    {
        if (!IsBlank(given))
        {
            return given!;
        }

        if (!IsBlank(fromDefaults))
        {
            return fromDefaults!;
        }

        throw new TargetResolutionException(
            $"-{parameter} was not given and Connect-AdfAccount set no default for it. Pass -{parameter}, or run Connect-AdfAccount -{parameter} <value>. For a Synapse workspace, pass -WorkspaceName instead.",
            "MissingFactoryCoordinate",
            parameter);
    }
}
