using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;

namespace AdfRuns.Engine.Starting;

/// <summary>Reading one pipeline's definition, and the service's "not found" told with the factory and near names.</summary>
public static class MissingPipeline
{
    /// <summary>The pipeline's definition; when the service has none, an error naming the factory and the closest names.</summary>
    public static async Task<PipelineData> GetAsync(AdfClient client, FactoryCoordinates factory, string pipelineName, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetPipelineAsync(factory, pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException missing) when (missing.Kind == FailureKind.NotFound)
        {
            throw await ExplainAsync(client, missing, factory, pipelineName, string.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The service's "not found", with the factory named and the closest pipeline names suggested.</summary>
    /// <param name="trailer">Text after the hint, e.g. " Nothing was sent."</param>
    internal static async Task<AdfServiceException> ExplainAsync(AdfClient client, AdfServiceException missing, FactoryCoordinates factory, string pipelineName, string trailer, CancellationToken cancellationToken)
    {
        IReadOnlyList<PipelineData> pipelines;
        try
        {
            pipelines = await client.ListPipelinesAsync(factory, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException)
        {
            return missing;
        }

        var where = factory.IsWorkspace ? factory.Describe() : $"factory '{factory.FactoryName}' (resource group '{factory.ResourceGroupName}')";
        return new AdfServiceException(
            missing.Code,
            $"Pipeline '{pipelineName}' does not exist in {where}.{NameDistance.Hint(pipelines.Select(pipeline => pipeline.Name), pipelineName)}{trailer}",
            missing.Kind,
            missing.StatusCode,
            missing.Target,
            missing.RequestId);
    }
}
