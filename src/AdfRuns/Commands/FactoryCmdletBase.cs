using System;
using System.Management.Automation;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Commands;

/// <summary>
/// The factory coordinates every run cmdlet shares, filled from the pipeline, the call or Connect-AdfAccount. An
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

    /// <summary>The coordinates for the current input; a missing one is a terminating MissingFactoryCoordinate error.</summary>
    internal FactoryCoordinates ResolveFactory()
    {
        var context = AdfSession.Current;
        return new FactoryCoordinates(
            Pick(SubscriptionId, context?.SubscriptionId, nameof(SubscriptionId)),
            Pick(ResourceGroupName, context?.ResourceGroupName, nameof(ResourceGroupName)),
            Pick(FactoryName, context?.FactoryName, nameof(FactoryName)));
    }

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
            new PSArgumentException($"-{parameter} was not given and Connect-AdfAccount set no default for it. Pass -{parameter}, or run Connect-AdfAccount -{parameter} <value>."),
            "MissingFactoryCoordinate",
            ErrorCategory.InvalidArgument,
            parameter));
        throw new InvalidOperationException("unreachable");
    }
}
