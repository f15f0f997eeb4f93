// Compiled by bench/LoopbackHost.ps1 with Add-Type; nothing here is part of the module. The minimal server of the
// bulk-start goal: just enough of the ADF run API, in its shapes (copied from the emulator's answers), that a client
// can start runs and read them back, with no simulation, limits or logging, so the server costs as little as it can.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRunsBench
{
    public sealed class LoopbackServer : IDisposable
    {
        private const int PageSize = 100;
        private const string FactoryPrefix = "/subscriptions/{0}/resourceGroups/{1}/providers/Microsoft.DataFactory/factories/{2}";

        private readonly HttpListener listener = new HttpListener();
        private readonly ConcurrentDictionary<string, int> counts = new ConcurrentDictionary<string, int>();
        private readonly ConcurrentDictionary<string, Run> runsById = new ConcurrentDictionary<string, Run>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Run> runs = new List<Run>();
        private readonly string factoryPath;
        private readonly string factoryId;

        public LoopbackServer(int port, string subscriptionId, string resourceGroupName, string factoryName)
        {
            Endpoint = "http://127.0.0.1:" + port + "/";
            factoryPath = string.Format(CultureInfo.InvariantCulture, FactoryPrefix, subscriptionId, resourceGroupName, factoryName);
            factoryId = factoryPath.ToUpperInvariant();
            listener.Prefixes.Add(Endpoint);
        }

        public string Endpoint { get; }

        public void Start()
        {
            listener.Start();
            for (var i = 0; i < 8; i++)
            {
                Task.Run(AcceptLoop);
            }
        }

        /// <summary>Requests received since the last Clear, by operation.</summary>
        public string CountsJson()
        {
            return JsonSerializer.Serialize(counts.ToDictionary(pair => pair.Key, pair => pair.Value));
        }

        public void Clear()
        {
            counts.Clear();
        }

        public void Dispose()
        {
            try { listener.Stop(); } catch (ObjectDisposedException) { }
            listener.Close();
        }

        private async Task AcceptLoop()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }

                try
                {
                    Handle(context);
                }
                catch (Exception exception)
                {
                    try { Reply(context, 500, Error("InternalServerError", exception.Message)); } catch (Exception) { }
                }
            }
        }

        private void Handle(HttpListenerContext context)
        {
            var request = context.Request;
            var path = request.Url.AbsolutePath;
            var auth = request.Headers["Authorization"];
            if (auth == null || !auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                Count("Unauthorized");
                Reply(context, 401, Error("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."));
                return;
            }

            if (!path.StartsWith(factoryPath, StringComparison.OrdinalIgnoreCase))
            {
                Count("Other");
                Reply(context, 404, Error("NotFound", "No route for " + path));
                return;
            }

            var rest = path.Substring(factoryPath.Length).Trim('/');
            var parts = rest.Length == 0 ? new string[0] : rest.Split('/');
            var method = request.HttpMethod;
            if (method == "POST" && parts.Length == 3 && parts[0] == "pipelines" && parts[2] == "createRun")
            {
                Count("CreateRun");
                CreateRun(context, Uri.UnescapeDataString(parts[1]));
            }
            else if (method == "GET" && parts.Length == 2 && parts[0] == "pipelineruns")
            {
                Count("GetRun");
                Run run;
                if (runsById.TryGetValue(Uri.UnescapeDataString(parts[1]), out run))
                {
                    Reply(context, 200, RunJson(run));
                }
                else
                {
                    Reply(context, 404, Error("PipelineRunNotFound", "The pipeline run does not exist."));
                }
            }
            else if (method == "POST" && parts.Length == 1 && parts[0] == "queryPipelineRuns")
            {
                Count("QueryRuns");
                Reply(context, 200, QueryRuns(ReadBody(request)));
            }
            else if (method == "GET" && parts.Length == 2 && parts[0] == "pipelines")
            {
                Count("GetPipeline");
                Reply(context, 200, PipelineJson(Uri.UnescapeDataString(parts[1])));
            }
            else if (method == "GET" && parts.Length == 0)
            {
                Count("GetFactory");
                Reply(context, 200, "{\"id\":\"" + factoryPath + "\",\"name\":\"" + factoryPath.Substring(factoryPath.LastIndexOf('/') + 1) +
                    "\",\"type\":\"Microsoft.DataFactory/factories\",\"location\":\"westeurope\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");
            }
            else
            {
                Count("Other");
                Reply(context, 404, Error("NotFound", "No route for " + method + " " + path));
            }
        }

        private void CreateRun(HttpListenerContext context, string pipelineName)
        {
            var body = ReadBody(context.Request);
            var runId = context.Request.Headers["x-ms-client-request-id"];
            if (string.IsNullOrEmpty(runId))
            {
                runId = Guid.NewGuid().ToString();
            }

            var parameters = "{}";
            if (!string.IsNullOrWhiteSpace(body))
            {
                using (var document = JsonDocument.Parse(body))
                {
                    var values = new Dictionary<string, string>();
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in document.RootElement.EnumerateObject())
                        {
                            values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                        }
                    }

                    parameters = JsonSerializer.Serialize(values);
                }
            }

            var now = DateTimeOffset.UtcNow;
            var run = new Run { RunId = runId, PipelineName = pipelineName, Parameters = parameters, RunStart = now };
            if (runsById.TryAdd(runId, run))
            {
                lock (runs)
                {
                    runs.Add(run);
                }
            }

            Reply(context, 200, "{\"runId\":\"" + runId + "\"}", write: true);
        }

        private string QueryRuns(string body)
        {
            var after = DateTimeOffset.MinValue;
            var before = DateTimeOffset.MaxValue;
            var skip = 0;
            var descending = false;
            HashSet<string> pipelines = null;
            using (var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body))
            {
                var root = document.RootElement;
                JsonElement element;
                if (root.TryGetProperty("lastUpdatedAfter", out element)) after = DateTimeOffset.Parse(element.GetString(), CultureInfo.InvariantCulture);
                if (root.TryGetProperty("lastUpdatedBefore", out element)) before = DateTimeOffset.Parse(element.GetString(), CultureInfo.InvariantCulture);
                if (root.TryGetProperty("continuationToken", out element) && element.ValueKind == JsonValueKind.String) skip = int.Parse(element.GetString(), CultureInfo.InvariantCulture);
                if (root.TryGetProperty("filters", out element))
                {
                    foreach (var filter in element.EnumerateArray())
                    {
                        if (filter.GetProperty("operand").GetString() != "PipelineName") continue;
                        var op = filter.GetProperty("operator").GetString();
                        if (op != "In" && op != "Equals") continue;
                        pipelines = new HashSet<string>(filter.GetProperty("values").EnumerateArray().Select(value => value.GetString()), StringComparer.OrdinalIgnoreCase);
                    }
                }

                if (root.TryGetProperty("orderBy", out element))
                {
                    foreach (var order in element.EnumerateArray())
                    {
                        descending = order.GetProperty("orderBy").GetString() == "RunStart" && order.GetProperty("order").GetString() == "DESC";
                    }
                }
            }

            Run[] snapshot;
            lock (runs)
            {
                snapshot = runs.ToArray();
            }

            var matching = snapshot.Where(run => run.RunStart > after && run.RunStart <= before && (pipelines == null || pipelines.Contains(run.PipelineName)));
            matching = descending ? matching.OrderByDescending(run => run.RunStart) : matching.OrderBy(run => run.RunStart);
            var page = matching.Skip(skip).Take(PageSize + 1).ToList();
            var text = new StringBuilder("{\"value\":[");
            for (var i = 0; i < Math.Min(PageSize, page.Count); i++)
            {
                if (i > 0) text.Append(',');
                text.Append(RunJson(page[i]));
            }

            text.Append(']');
            if (page.Count > PageSize)
            {
                text.Append(",\"continuationToken\":\"").Append((skip + PageSize).ToString(CultureInfo.InvariantCulture)).Append('"');
            }

            return text.Append('}').ToString();
        }

        private string RunJson(Run run)
        {
            var start = run.RunStart.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
            return "{\"id\":\"" + factoryId + "/pipelineruns/" + run.RunId + "\",\"runId\":\"" + run.RunId + "\",\"debugRunId\":null,\"runGroupId\":\"" + run.RunId +
                "\",\"pipelineName\":" + JsonSerializer.Serialize(run.PipelineName) + ",\"parameters\":" + run.Parameters +
                ",\"invokedBy\":{\"id\":\"0a03684ffd214aba873d14d3aaebc3e3\",\"name\":\"Manual\",\"invokedByType\":\"Manual\"},\"runStart\":\"" + start +
                "\",\"runEnd\":null,\"durationInMs\":null,\"status\":\"InProgress\",\"message\":\"\",\"lastUpdated\":\"" + start +
                "\",\"annotations\":[],\"runDimension\":{},\"isLatest\":true}";
        }

        private string PipelineJson(string name)
        {
            return "{\"id\":\"" + factoryPath + "/pipelines/" + name + "\",\"name\":" + JsonSerializer.Serialize(name) +
                ",\"type\":\"Microsoft.DataFactory/factories/pipelines\",\"properties\":{\"activities\":[{\"name\":\"SayHello\",\"type\":\"Wait\",\"dependsOn\":[],\"userProperties\":[],\"typeProperties\":{\"waitTimeInSeconds\":1}}],\"annotations\":[]},\"etag\":\"bf5173cf-0000-0200-0000-44b9819c0000\"}";
        }

        private static string Error(string code, string message)
        {
            return "{\"error\":{\"code\":" + JsonSerializer.Serialize(code) + ",\"message\":" + JsonSerializer.Serialize(message) + "}}";
        }

        private static string ReadBody(HttpListenerRequest request)
        {
            if (!request.HasEntityBody) return null;
            using (var reader = new System.IO.StreamReader(request.InputStream, Encoding.UTF8))
            {
                return reader.ReadToEnd();
            }
        }

        private void Count(string operation)
        {
            counts.AddOrUpdate(operation, 1, (_, value) => value + 1);
        }

        private static void Reply(HttpListenerContext context, int status, string body, bool write = false)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
            response.Headers[write ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads"] = write ? "1199" : "11999";
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes, 0, bytes.Length);
            response.Close();
        }

        private sealed class Run
        {
            public string RunId;
            public string PipelineName;
            public string Parameters;
            public DateTimeOffset RunStart;
        }
    }
}
