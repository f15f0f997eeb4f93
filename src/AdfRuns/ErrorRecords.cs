using System;
using System.Management.Automation;
using AdfRuns.Engine.Http;
using AdfRuns.Engine.Json;
using AdfRuns.Engine.Requests;
using AdfRuns.Engine.Triggers;

namespace AdfRuns;

/// <summary>Builds the module's ErrorRecords: the service's error code first in the id, a fitting category, the input as target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        switch (exception)
        {
            case AdfServiceException service:
                var record = new ErrorRecord(service, service.Code, CategoryOf(service.Kind), target)
                {
                    ErrorDetails = new ErrorDetails(service.Message),
                };
                if (service.Kind == FailureKind.Throttled)
                {
                    record.ErrorDetails.RecommendedAction = "Wait and try again, or lower -ThrottleLimit.";
                }

                return record;
            case JsonTreeException json:
                return Create(json, "InvalidParameterValue", ErrorCategory.InvalidArgument, target);
            case InvalidInputException invalid:
                return Create(invalid, invalid.ErrorId, ErrorCategory.InvalidArgument, target);
            case TriggerRunException triggerRun:
                return Create(triggerRun, triggerRun.ErrorId, triggerRun.NotFound ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation, target);
            case TimeoutException timeout:
                return Create(timeout, "SignInTimeout", ErrorCategory.OperationTimeout, target);
            case FormatException format:
                return Create(format, "InvalidServiceResponse", ErrorCategory.InvalidResult, target);
            default:
                var name = exception.GetType().Name;
                if (name.EndsWith("AuthenticationFailedException", StringComparison.Ordinal) || name == "CredentialUnavailableException")
                {
                    return SignInFailed(exception, target);
                }

                return Create(exception, "UnexpectedError", ErrorCategory.NotSpecified, target);
        }
    }

    /// <summary>A failed sign-in, told first in terms of what to do: without Connect-AdfAccount, that is to run it.</summary>
    private static ErrorRecord SignInFailed(Exception exception, object? target)
    {
        var advice = AdfSession.IsSignedIn
            ? $"Signing in failed ({AdfSession.Current?.TokenProvider.AccountType}). Check the credential given to Connect-AdfAccount."
            : "Not signed in. Run Connect-AdfAccount first: -Identity (managed identity), -ServicePrincipal, -AccessToken or -UseDeviceAuthentication. Without it, AdfRuns tried Azure.Identity's default chain, which found no credential.";
        var record = new ErrorRecord(exception, "SignInFailed", ErrorCategory.AuthenticationError, target)
        {
            ErrorDetails = new ErrorDetails(advice + Environment.NewLine + exception.Message),
        };
        record.ErrorDetails.RecommendedAction = "Run Connect-AdfAccount (see Get-Help Connect-AdfAccount).";
        return record;
    }

    /// <summary>
    /// The exception with its message as written, without the " (Parameter 'x')" that .NET appends: x is the name of a
    /// .NET method's parameter, which means nothing to the user of a cmdlet.
    /// </summary>
    public static ArgumentException WithoutParameterName(ArgumentException exception)
    {
        var suffix = $" (Parameter '{exception.ParamName}')";
        return exception.ParamName is null || !exception.Message.EndsWith(suffix, StringComparison.Ordinal)
            ? exception
            : new PSArgumentException(exception.Message.Substring(0, exception.Message.Length - suffix.Length), exception);
    }

    public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target) =>
        new(exception, errorId, category, target) { ErrorDetails = new ErrorDetails(exception.Message) };

    public static ErrorCategory CategoryOf(FailureKind kind) => kind switch
    {
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.Throttled => ErrorCategory.LimitsExceeded,
        FailureKind.ServiceUnavailable => ErrorCategory.ResourceUnavailable,
        FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.InvalidResponse => ErrorCategory.InvalidResult,
        FailureKind.Conflict => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };
}
