using System;
using System.Text.RegularExpressions;
using AdfRuns.Engine.Http;
using Xunit;

namespace AdfRuns.Tests;

public sealed class ErrorTranslatorTests
{
    /// <summary>The CONFIRMED cancel-of-unknown-run body, taken verbatim from errors.md.</summary>
    private static string ConfirmedNotFoundBody()
    {
        var errors = ContractFiles.ReadText("errors.md");
        var match = Regex.Match(errors, "`(\\{\"error\":\\{\"code\":\"ReferencedPipelineRunNotFound\"[^`]*\\})`");
        Assert.True(match.Success, "errors.md no longer quotes the CONFIRMED ReferencedPipelineRunNotFound body");
        return match.Groups[1].Value;
    }

    [Fact]
    public void Confirmed_referenced_pipeline_run_not_found_body_is_translated()
    {
        var body = ConfirmedNotFoundBody();
        Assert.Contains("someGuid", body, StringComparison.Ordinal);

        var error = ErrorTranslator.FromResponse(400, "Bad Request", body, "6d9de9bd-a412-4a6f-8b9e-37d369323646", null);

        Assert.Equal("ReferencedPipelineRunNotFound", error.Code);
        Assert.Equal("Referenced pipeline run id someGuid does not exist.", error.Message);
        Assert.Equal("pipelinerun", error.Target);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal(FailureKind.NotFound, error.Kind); // the service says "not found" with 400, not 404
        Assert.Equal("6d9de9bd-a412-4a6f-8b9e-37d369323646", error.RequestId);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public void Success_false_envelope_is_read()
    {
        const string body = "{\"success\": false, \"error\": {\"code\": \"ReferencedPipelineRunNotValid\", \"message\": \"Referenced pipeline run id {} is not a valid run id.\", \"target\": \"pipeline/TestPipeline/\"}}";

        var error = ErrorTranslator.FromResponse(400, "Bad Request", body, null, null);

        Assert.Equal("ReferencedPipelineRunNotValid", error.Code);
        Assert.Equal("Referenced pipeline run id {} is not a valid run id.", error.Message);
        Assert.Equal("pipeline/TestPipeline/", error.Target);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void Top_level_error_fields_are_read()
    {
        var (code, message, target) = ErrorTranslator.ReadEnvelope("{\"code\":\"SubscriptionRequestsThrottled\",\"message\":\"Please try again after '10' seconds.\"}");

        Assert.Equal(("SubscriptionRequestsThrottled", "Please try again after '10' seconds.", (string?)null), (code, message, target));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_body_gets_the_status_default_code_and_a_status_message(string? body)
    {
        var error = ErrorTranslator.FromResponse(503, "Service Unavailable", body, null, TimeSpan.FromSeconds(15));

        Assert.Equal("ServiceUnavailable", error.Code);
        Assert.Equal("The service answered 503 Service Unavailable.", error.Message);
        Assert.Equal(FailureKind.ServiceUnavailable, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(15), error.RetryAfter);
    }

    [Fact]
    public void Non_json_body_becomes_the_message()
    {
        var error = ErrorTranslator.FromResponse(502, "Bad Gateway", "  upstream connect error  ", null, null);

        Assert.Equal("BadGateway", error.Code);
        Assert.Equal("upstream connect error", error.Message);
        Assert.Equal(FailureKind.ServiceUnavailable, error.Kind);
    }

    [Fact]
    public void Json_object_without_error_fields_falls_back_to_the_status()
    {
        var error = ErrorTranslator.FromResponse(500, null, "{\"error\": {\"details\": null}}", null, null);

        Assert.Equal("InternalServerError", error.Code);
        Assert.Equal("The service answered 500.", error.Message);
    }

    [Fact]
    public void Broken_json_that_looks_like_an_object_gets_the_status_message()
    {
        var error = ErrorTranslator.FromResponse(500, "Internal Server Error", "{\"error\": {", null, null);

        Assert.Equal("InternalServerError", error.Code);
        Assert.Equal("The service answered 500 Internal Server Error.", error.Message);
    }

    [Theory]
    [InlineData(404, "NotFound", FailureKind.NotFound)]
    [InlineData(401, "AuthenticationFailed", FailureKind.PermissionDenied)]
    [InlineData(403, "AuthorizationFailed", FailureKind.PermissionDenied)]
    [InlineData(429, "TooManyRequests", FailureKind.Throttled)]
    [InlineData(500, "InternalServerError", FailureKind.ServiceUnavailable)]
    [InlineData(503, "ServiceUnavailable", FailureKind.ServiceUnavailable)]
    [InlineData(504, "GatewayTimeout", FailureKind.Timeout)]
    [InlineData(409, "Conflict", FailureKind.Conflict)]
    [InlineData(400, "BadRequest", FailureKind.InvalidArgument)]
    [InlineData(418, "Http418", FailureKind.InvalidArgument)]
    public void Kind_and_default_code_per_status(int status, string defaultCode, FailureKind kind)
    {
        var error = ErrorTranslator.FromResponse(status, null, string.Empty, null, null);

        Assert.Equal(defaultCode, error.Code);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Theory]
    [InlineData(400, "ReferencedPipelineRunNotFound", FailureKind.NotFound)]
    [InlineData(400, "PipelineNotFound", FailureKind.NotFound)]
    [InlineData(400, "ResourceGroupNotFound", FailureKind.NotFound)]
    [InlineData(400, "InvalidTemplate", FailureKind.InvalidArgument)]
    [InlineData(401, "InvalidAuthenticationToken", FailureKind.PermissionDenied)]
    [InlineData(429, "SubscriptionRequestsThrottled", FailureKind.Throttled)]
    public void Service_code_decides_not_found_regardless_of_status(int status, string code, FailureKind kind)
    {
        var body = $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"m\"}}}}";

        Assert.Equal(kind, ErrorTranslator.FromResponse(status, null, body, null, null).Kind);
    }
}
