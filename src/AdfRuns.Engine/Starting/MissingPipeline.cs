using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Model;
using AdfRuns.Engine.Targets;

namespace AdfRuns.Engine.Starting;

/// <summary>Reading one pipeline's definition, and the service's "not found" told with where it was looked for and near names.</summary>
public static class MissingPipeline
{
    /// <summary>The pipeline's definition; when the service has none, an error naming the factory or workspace and the closest names.</summary>
    public static async Task<PipelineData> GetAsync(AdfClient client, RunTarget target, string pipelineName, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetPipelineAsync(target, pipelineName, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException missing) when (missing.Kind == FailureKind.NotFound)
        {
            throw await ExplainAsync(client, missing, target, pipelineName, string.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The service's "not found", with the target named and the closest pipeline names suggested.</summary>
    /// <param name="trailer">Text after the hint, e.g. " Nothing was sent."</param>
    internal static async Task<AdfServiceException> ExplainAsync(AdfClient client, AdfServiceException missing, RunTarget target, string pipelineName, string trailer, CancellationToken cancellationToken)
    {
        IReadOnlyList<PipelineData> pipelines;
        try
        {
            pipelines = await client.ListPipelinesAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (AdfServiceException)
        {
            return missing;
        }

        return new AdfServiceException(
            missing.Code,
            $"Pipeline '{pipelineName}' does not exist in {target.DescribeInFull()}.{NameDistance.Hint(pipelines.Select(pipeline => pipeline.Name), pipelineName)}{trailer}",
            missing.Kind,
            missing.StatusCode,
            missing.Target,
            missing.RequestId);
    }
}
