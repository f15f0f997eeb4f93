using System;
using System.Management.Automation;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Commands;

/// <summary>
/// The factory coordinates (or Synapse workspace) every run cmdlet shares, filled from the pipeline, the call or Connect-AdfAccount. An
/// empty value (an empty CSV cell) means "the connected default", so they are not validated as non-empty here.
/// </summary>
public abstract class FactoryCmdletBase : AdfCmdletBase
{
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
    /// Where the current input goes: the workspace named in the call (or by a piped object), else the factory whose
    /// coordinates the call names, else the connection's default workspace, else its default factory. A missing
    /// factory coordinate is a terminating MissingFactoryCoordinate error; a workspace and a factory named together
    /// are an AmbiguousTarget error.
    /// </summary>
    internal FactoryCoordinates ResolveFactory()
    {
        var context = AdfSession.Current;
        var namesFactory = !IsBlank(SubscriptionId) || !IsBlank(ResourceGroupName) || !IsBlank(FactoryName);
        // Only an empty cell of a piped row means "the connected default"; a blank name given on the command line,
        // or one of spaces or line breaks, is kept as given, so that the request builder refuses it for this input.
        if (WorkspaceName is { } given && (given.Length > 0 || !MyInvocation.ExpectingInput))
        {
            if (!IsBlank(given) && !IsBlank(FactoryName))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-WorkspaceName '{WorkspaceName}' and -FactoryName '{FactoryName}' name two services: a run lives in a Synapse workspace or in a data factory. Give one of them."),
                    "AmbiguousTarget",
                    ErrorCategory.InvalidArgument,
                    WorkspaceName));
            }

            return FactoryCoordinates.Workspace(given);
        }

        if (!namesFactory && !IsBlank(context?.WorkspaceName))
        {
            return FactoryCoordinates.Workspace(context!.WorkspaceName!);
        }

        return new FactoryCoordinates(
            Pick(SubscriptionId, context?.SubscriptionId, nameof(SubscriptionId)),
            Pick(ResourceGroupName, context?.ResourceGroupName, nameof(ResourceGroupName)),
            Pick(FactoryName, context?.FactoryName, nameof(FactoryName)));
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private string Pick(string? given, string? fromContext, string parameter)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given!;
        }

        if (!string.IsNullOrWhiteSpace(fromContext))
        {
            return fromContext!;
        }

        ThrowTerminatingError(new ErrorRecord(
            new PSArgumentException($"-{parameter} was not given and Connect-AdfAccount set no default for it. Pass -{parameter}, or run Connect-AdfAccount -{parameter} <value>. For a Synapse workspace, pass -WorkspaceName instead."),
            "MissingFactoryCoordinate",
            ErrorCategory.InvalidArgument,
            parameter));
        throw new InvalidOperationException("unreachable");
    }
}
