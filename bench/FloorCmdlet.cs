// Compiled by bench/Measure-BulkStart.ps1 with Add-Type and imported as a module; nothing here is part of AdfRuns.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRunsBench
{
    /// <summary>
    /// The floor for any cmdlet with Start-AdfPipelineRun's pipeline parameters: the same parameter declarations (so
    /// PowerShell binds each piped input exactly as it does for AdfRuns), and per input nothing but one createRun POST,
    /// up to -ThrottleLimit in flight, and the answer's run id written in input order. No read-back, no definition
    /// check, no retries, no exactly-once, no error records: what PowerShell and HttpClient alone cost per input.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "BenchFloorRun", DefaultParameterSetName = "ByParameter")]
    public sealed class StartBenchFloorRunCommand : PSCmdlet
    {
        private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false });
        private readonly Queue<Task<string>> pending = new Queue<Task<string>>();
        private SemaphoreSlim slots;

        // Start-AdfPipelineRun's pipeline parameters, as declared there.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string[] PipelineName { get; set; } = Array.Empty<string>();

        [Parameter(ParameterSetName = "ByParameter", Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Parameters", "ParameterObject")]
        public IDictionary Parameter { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ByParameterFile", ValueFromPipelineByPropertyName = true)]
        public string ParameterFile { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "ByReference", ValueFromPipelineByPropertyName = true)]
        public string ReferencePipelineRunId { get; set; }

        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string SubscriptionId { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string ResourceGroupName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("DataFactoryName")]
        public string FactoryName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string WorkspaceName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string FabricWorkspace { get; set; }

        [Parameter]
        public int ThrottleLimit { get; set; } = 8;

        // What the floor needs instead of a connection: the createRun URL ({0} = the pipeline name) and a token.
        [Parameter(Mandatory = true)]
        public string CreateRunUrlFormat { get; set; }

        [Parameter(Mandatory = true)]
        public string AccessToken { get; set; }

        protected override void BeginProcessing() => slots = new SemaphoreSlim(ThrottleLimit);

        protected override void ProcessRecord()
        {
            foreach (var name in PipelineName)
            {
                var body = Parameter == null ? "{}" : "{\"Index\":" + Convert.ToString(Parameter["Index"], CultureInfo.InvariantCulture) + "}";
                slots.Wait();
                pending.Enqueue(SendAsync(string.Format(CultureInfo.InvariantCulture, CreateRunUrlFormat, Uri.EscapeDataString(name)), body));
                while (pending.Count > 0 && (pending.Peek().IsCompleted || pending.Count > ThrottleLimit * 4))
                {
                    WriteObject(pending.Dequeue().GetAwaiter().GetResult());
                }
            }
        }

        protected override void EndProcessing()
        {
            while (pending.Count > 0)
            {
                WriteObject(pending.Dequeue().GetAwaiter().GetResult());
            }
        }

        private async Task<string> SendAsync(string url, string body)
        {
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Post, url))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
                    request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    using (var response = await Client.SendAsync(request).ConfigureAwait(false))
                    {
                        var answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        var at = answer.IndexOf("\"runId\":\"", StringComparison.Ordinal);
                        if (!response.IsSuccessStatusCode || at < 0)
                        {
                            throw new InvalidOperationException((int)response.StatusCode + " " + answer);
                        }

                        at += "\"runId\":\"".Length;
                        return answer.Substring(at, answer.IndexOf('"', at) - at);
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
