using System;
using System.Management.Automation;
using AdfRuns.Engine.Model;

namespace AdfRuns.Binding;

/// <summary>
/// Accepts the run statuses, with both of the service's spellings of Cancelled. Unlike ValidateSet it does not
/// offer "Canceled" in tab completion (StatusCompleter offers one spelling).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ValidateRunStatusAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var status = element?.ToString();
        if (status is null || !RunStatus.IsKnown(status))
        {
            throw new ValidationMetadataException($"'{status}' is not a run status: use {string.Join(", ", RunStatus.All)} (or Deduped, Fabric's).");
        }
    }
}
