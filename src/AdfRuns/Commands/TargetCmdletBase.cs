using System.Management.Automation;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Commands;

/// <summary>
/// The target (factory coordinates, or a Synapse workspace) every run cmdlet shares, filled from the pipeline, the call or Connect-AdfAccount. An
/// empty value (an empty CSV cell) means "the connected default", so they are not validated as non-empty here.
/// </summary>
public abstract class TargetCmdletBase : AdfCmdletBase
{
    private RunTarget? lastTarget;
    private string?[] lastNames = new string?[5];
    private object? lastDefaults;
    private bool lastExpectingInput;

    /// <summary>The Azure subscription id. Defaults to the one given to Connect-AdfAccount.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? SubscriptionId { get; set; }

    /// <summary>The resource group of the factory. Defaults to the one given to Connect-AdfAccount.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.ResourceGroupNameCompleter))]
    public string? ResourceGroupName { get; set; }

    /// <summary>The data factory. Defaults to the one given to Connect-AdfAccount.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("DataFactoryName")]
    [ArgumentCompleter(typeof(Completion.FactoryNameCompleter))]
    public string? FactoryName { get; set; }

    /// <summary>
    /// The Synapse workspace, instead of SubscriptionId, ResourceGroupName and FactoryName. Defaults to the one given
    /// to Connect-AdfAccount when no factory coordinate is given either.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.WorkspaceNameCompleter))]
    public string? WorkspaceName { get; set; }

    /// <summary>
    /// The Microsoft Fabric workspace (display name or id), instead of a factory or a Synapse workspace. Defaults to the
    /// one given to Connect-AdfAccount when no other target is named.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.FabricWorkspaceCompleter))]
    public string? FabricWorkspace { get; set; }

    /// <summary>
    /// Where the current input goes (TargetResolver: the workspace named in the call or by a piped object, else the
    /// factory whose coordinates the call names, else the connection's default workspace, else its default factory).
    /// A missing factory coordinate is a terminating MissingFactoryCoordinate error; a workspace and a factory named
    /// together are an AmbiguousTarget error.
    /// </summary>
    internal RunTarget ResolveTarget()
    {
        // Piped inputs mostly name the same target: the last one is reused (its names checked once) while the
        // names and the connection are those it was resolved from.
        var defaults = AdfSession.Current;
        var expectingInput = MyInvocation.ExpectingInput;
        if (lastTarget is not null && ReferenceEquals(defaults, lastDefaults) && expectingInput == lastExpectingInput
            && SubscriptionId == lastNames[0] && ResourceGroupName == lastNames[1] && FactoryName == lastNames[2]
            && WorkspaceName == lastNames[3] && FabricWorkspace == lastNames[4])
        {
            return lastTarget;
        }

        try
        {
            lastTarget = TargetResolver.Resolve(
                new TargetNames
                {
                    SubscriptionId = SubscriptionId,
                    ResourceGroupName = ResourceGroupName,
                    FactoryName = FactoryName,
                    WorkspaceName = WorkspaceName,
                    FabricWorkspace = FabricWorkspace,
                    // Only an empty cell of a piped row means "the connected default".
                    EmptyWorkspaceMeansDefault = expectingInput,
                },
                defaults);
            lastNames = new[] { SubscriptionId, ResourceGroupName, FactoryName, WorkspaceName, FabricWorkspace };
            lastDefaults = defaults;
            lastExpectingInput = expectingInput;
            return lastTarget;
        }
        catch (TargetResolutionException unusable)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException(unusable.Message), unusable.ErrorId, ErrorCategory.InvalidArgument, unusable.Subject));
            throw;
        }
    }
}
