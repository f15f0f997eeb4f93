using System;
using System.Threading;
using System.Threading.Tasks;
using AdfRuns.Engine.Requests;

namespace AdfRuns.Engine.Http;

/// <summary>One failed attempt of a request, as the retry loop hands it to the request's classifier.</summary>
public sealed class AttemptFailure
{
    public AttemptFailure(ServiceRequest request, AdfServiceException error, bool requestWasSent, string clientRequestId, int attempt)
    {
        Request = request;
        Error = error;
        RequestWasSent = requestWasSent;
        ClientRequestId = clientRequestId;
        Attempt = attempt;
    }

    public ServiceRequest Request { get; }
    public AdfServiceException Error { get; }

    /// <summary>False when the connection was refused or the name did not resolve: the service never saw the request.</summary>
    public bool RequestWasSent { get; }

    public string ClientRequestId { get; }
    public int Attempt { get; }
}

/// <summary>What the retry loop does after a failed attempt.</summary>
public readonly struct AttemptVerdict
{
    private AttemptVerdict(bool retry, AdfServiceException? error, ServiceResponse? resolved)
    {
        Retry = retry;
        Error = error;
        Resolved = resolved;
    }

    /// <summary>Send the request again (after the back-off delay).</summary>
    public bool Retry { get; }

    /// <summary>With Retry false and no Resolved: the error to report (the attempt's own, or a fuller one).</summary>
    public AdfServiceException? Error { get; }

    /// <summary>The request's outcome was learnt another way (e.g. the run a failed createRun created).</summary>
    public ServiceResponse? Resolved { get; }

    public static AttemptVerdict SendAgain => new(true, null, null);

    public static AttemptVerdict Fail(AdfServiceException error) => new(false, error, null);

    public static AttemptVerdict Answered(ServiceResponse response) => new(false, null, response);
}

/// <summary>
/// Decides, per operation, whether a failed attempt is sent again: the one retry loop (ServicePipeline.SendAsync) asks
/// its request's classifier, as Azure.Core's RetryPolicy asks ShouldRetry. The default serves every idempotent
/// operation; createRun has its own (Starting/CreateRunClassifier), since sending it twice can start two runs.
/// </summary>
public class RetryClassifier
{
    public static readonly RetryClassifier Idempotent = new();

    /// <summary>The x-ms-client-request-id of the next attempt.</summary>
    public virtual string NextClientRequestId() => Guid.NewGuid().ToString();

    public virtual Task<AttemptVerdict> ClassifyAsync(AttemptFailure failure, CancellationToken cancellationToken) =>
        Task.FromResult(ShouldRetry(failure) ? AttemptVerdict.SendAgain : AttemptVerdict.Fail(failure.Error));

    /// <summary>Throttling, a request the service never saw, and failures that may pass (timeouts, 5xx, dropped connections).</summary>
    public static bool ShouldRetry(AttemptFailure failure) =>
        failure.Error.StatusCode == 429 || !failure.RequestWasSent || RetryPolicy.IsTransient(failure.Error.StatusCode);
}
