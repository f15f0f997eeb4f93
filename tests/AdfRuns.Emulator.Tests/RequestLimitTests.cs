using System;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using AdfRuns.Emulator.Hosting;
using Xunit;

namespace AdfRuns.Emulator.Tests;

public class RequestLimitTests
{
    [Fact]
    public async Task D5_a_body_over_4_MiB_is_answered_413_with_an_ARM_error_and_starts_no_run()
    {
        using var harness = new ServerHarness();
        var tooLarge = "{\"Name\":\"" + new string('x', RequestBodyReader.MaxBytes) + "\"}";

        using var response = await harness.Post("pipelines/ParameterTypes/createRun", tooLarge);

        Assert.Equal(413, (int)response.StatusCode);
        var (code, message, _) = await ServerHarness.Error(response);
        Assert.Equal("RequestEntityTooLarge", code);
        Assert.Contains("4 MiB", message);
        Assert.True(response.Headers.Contains("x-ms-request-id"));
        Assert.Equal(0, harness.Server.RunCount);
        Assert.Null(harness.Server.GetRequests().Single().Body);

        var atTheLimit = "{\"Name\":\"" + new string('x', RequestBodyReader.MaxBytes - 20) + "\"}";
        using var accepted = await harness.Post("pipelines/ParameterTypes/createRun", atTheLimit);
        Assert.Equal(200, (int)accepted.StatusCode);
    }

    [Fact]
    public async Task D5_an_announced_body_over_the_limit_is_refused_before_a_byte_of_it_arrives()
    {
        using var harness = new ServerHarness();
        var answer = await SendHeadersOnly(harness, harness.Url("pipelines/Hello/createRun"), RequestBodyReader.MaxBytes + 1L, authorized: true);
        Assert.StartsWith("HTTP/1.1 413", answer);
        Assert.Equal(0, harness.Server.RunCount);
    }

    [Fact]
    public async Task D5_an_unauthenticated_request_is_refused_before_its_body_is_read_and_its_body_is_not_kept()
    {
        using var harness = new ServerHarness();

        // Headers announce 10 MB that never come: only a server that answers before reading the body can reply.
        var answer = await SendHeadersOnly(harness, harness.Url("pipelines/Hello/createRun"), 10_000_000, authorized: false);
        Assert.StartsWith("HTTP/1.1 401", answer);

        using var anonymous = new HttpClient { BaseAddress = harness.Server.Endpoint };
        using var rejected = await anonymous.PostAsync(harness.Url("pipelines/Hello/createRun"), new StringContent("{\"big\":\"" + new string('y', 100_000) + "\"}"));
        Assert.Equal(401, (int)rejected.StatusCode);
        Assert.All(harness.Server.GetRequests(), request => Assert.Null(request.Body));
        Assert.Equal(0, harness.Server.RunCount);
    }

    [Fact]
    public void D5_the_request_log_keeps_bodies_up_to_256_K_each_and_16_M_characters_in_all_dropping_the_oldest_bodies()
    {
        var log = new RequestLog();
        var oversized = new string('o', RequestLog.MaxBodyChars + 1);
        log.Add(Request(oversized));
        Assert.StartsWith("<body of 262145 characters not kept", log.Snapshot().Single().Body);

        var body = new string('b', 200_000);
        for (var i = 0; i < 100; i++)
        {
            log.Add(Request(i + body));
        }

        var kept = log.Snapshot();
        Assert.Equal(101, kept.Count);
        Assert.True(kept.Sum(r => (long)(r.Body?.Length ?? 0)) <= RequestLog.BodyCharBudget);
        Assert.StartsWith("<body of 200001 characters dropped", kept[1].Body);
        Assert.Equal(99 + body, kept[100].Body);
        Assert.Equal(Enumerable.Range(0, 100), kept.Skip(1).Select((r, i) => i));

        log.Clear();
        log.Add(Request("{}"));
        Assert.Equal("{}", log.Snapshot().Single().Body);
    }

    private static RecordedRequest Request(string body) => new(
        DateTimeOffset.UtcNow, "POST", "/x", string.Empty, body, new System.Collections.Generic.Dictionary<string, string>(), 200, EmulatorOperation.CreateRun, "P", null);

    private static async Task<string> SendHeadersOnly(ServerHarness harness, string relativeUrl, long contentLength, bool authorized)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(harness.Server.Endpoint.Host, harness.Server.Endpoint.Port);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append("POST /").Append(relativeUrl).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(harness.Server.Endpoint.Authority).Append("\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append("Content-Length: ").Append(contentLength).Append("\r\n");
        if (authorized)
        {
            head.Append("Authorization: Bearer ").Append(harness.Server.AccessToken).Append("\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(head.Append("\r\n{").ToString());
        await stream.WriteAsync(bytes);
        var buffer = new byte[4096];
        var read = stream.ReadAsync(buffer).AsTask();
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(finished == read, "the server did not answer before the body arrived");
        return Encoding.ASCII.GetString(buffer, 0, await read);
    }
}
