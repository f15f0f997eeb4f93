// Compiled by bench/LoopbackHost.ps1 with Add-Type; nothing here is part of the module. The minimal server of the
// bulk-start goal: just enough of the ADF run API, in its shapes (copied from the emulator's answers), that a client
// can start runs and read them back, with no simulation, limits or logging, so the server costs as little as it can.
// HTTP/1.1 by hand over a TcpListener with Nagle off: .NET's managed HttpListener writes the headers and a large body
// (a page of 100 runs is 65 KB) in separate sends, and Nagle's algorithm against the client's delayed ACK then stalls
// every such answer by about 40 ms, which would make the server, not the client, what the bench measures.
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.IO;
using System.Net;
using System.Net.Sockets;
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

        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly ConcurrentDictionary<string, int> counts = new ConcurrentDictionary<string, int>();
        private readonly ConcurrentDictionary<string, Run> runsById = new ConcurrentDictionary<string, Run>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Run> runs = new List<Run>();
        private readonly string factoryPath;
        private readonly string factoryId;
        private readonly int createRunDelayMin;
        private readonly int createRunDelayMax;

        /// <param name="createRunDelayMin">With createRunDelayMax: each createRun is answered after a delay drawn
        /// between the two (milliseconds), as a slower service would; 0 and 0 answer at once.</param>
        public LoopbackServer(string subscriptionId, string resourceGroupName, string factoryName, int createRunDelayMin = 0, int createRunDelayMax = 0)
        {
            factoryPath = string.Format(CultureInfo.InvariantCulture, FactoryPrefix, subscriptionId, resourceGroupName, factoryName);
            factoryId = factoryPath.ToUpperInvariant();
            this.createRunDelayMin = createRunDelayMin;
            this.createRunDelayMax = Math.Max(createRunDelayMin, createRunDelayMax);
        }

        public string Endpoint { get; private set; }

        public void Start()
        {
            listener.Start();
            Endpoint = "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port + "/";
            Task.Run(AcceptLoop);
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
            listener.Stop();
        }

        private async Task AcceptLoop()
        {
            while (true)
            {
                TcpClient connection;
                try
                {
                    connection = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }

                connection.NoDelay = true;
                _ = Task.Run(() => Serve(connection));
            }
        }

        /// <summary>One keep-alive connection: requests with Content-Length bodies (all the clients here send them).</summary>
        private async Task Serve(TcpClient connection)
        {
            using (connection)
            using (var stream = connection.GetStream())
            {
                var reader = new StreamReader(stream, new UTF8Encoding(false), false, 8192, leaveOpen: true);
                try
                {
                    while (true)
                    {
                        var requestLine = await reader.ReadLineAsync().ConfigureAwait(false);
                        if (requestLine == null) return;
                        if (requestLine.Length == 0) continue;
                        var words = requestLine.Split(' ');
                        var request = new Request { Method = words[0], Target = words.Length > 1 ? words[1] : "/" };
                        string line;
                        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync().ConfigureAwait(false)))
                        {
                            var colon = line.IndexOf(':');
                            if (colon > 0) request.Headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                        }

                        string length;
                        if (request.Headers.TryGetValue("Content-Length", out length) && int.Parse(length, CultureInfo.InvariantCulture) > 0)
                        {
                            // Content-Length counts bytes and the reader gives chars: the bodies here are ASCII JSON.
                            var buffer = new char[int.Parse(length, CultureInfo.InvariantCulture)];
                            var read = 0;
                            while (read < buffer.Length)
                            {
                                var got = await reader.ReadAsync(buffer, read, buffer.Length - read).ConfigureAwait(false);
                                if (got == 0) return;
                                read += got;
                            }

                            request.Body = new string(buffer);
                        }

                        if (createRunDelayMax > 0 && request.Method == "POST" && request.Target.Contains("/createRun"))
                        {
                            await Task.Delay(Random.Shared.Next(createRunDelayMin, createRunDelayMax + 1)).ConfigureAwait(false);
                        }

                        var reply = new Answer();
                        try
                        {
                            Handle(request, reply);
                        }
                        catch (Exception exception)
                        {
                            Set(reply, 500, Error("InternalServerError", exception.Message));
                        }

                        var bytes = Encoding.UTF8.GetBytes(reply.Body);
                        var head = "HTTP/1.1 " + reply.Status + (reply.Status == 200 ? " OK" : " Error") +
                            "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + bytes.Length +
                            "\r\nx-ms-request-id: " + Guid.NewGuid() +
                            (reply.Write ? "\r\nx-ms-ratelimit-remaining-subscription-writes: 1199" : "\r\nx-ms-ratelimit-remaining-subscription-reads: 11999") +
                            "\r\n\r\n";
                        var headBytes = Encoding.ASCII.GetBytes(head);
                        var message = new byte[headBytes.Length + bytes.Length];
                        Buffer.BlockCopy(headBytes, 0, message, 0, headBytes.Length);
                        Buffer.BlockCopy(bytes, 0, message, headBytes.Length, bytes.Length);
                        await stream.WriteAsync(message, 0, message.Length).ConfigureAwait(false);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        private void Handle(Request request, Answer context)
        {
            var query = request.Target.IndexOf('?');
            var path = query < 0 ? request.Target : request.Target.Substring(0, query);
            string auth;
            request.Headers.TryGetValue("Authorization", out auth);
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
            var method = request.Method;
            if (method == "POST" && parts.Length == 3 && parts[0] == "pipelines" && parts[2] == "createRun")
            {
                Count("CreateRun");
                CreateRun(request, context, Uri.UnescapeDataString(parts[1]));
            }
            else if (method == "GET" && parts.Length == 2 && parts[0] == "pipelineruns")
            {
                Count("GetRun");
                Run run;
                if (runsById.TryGetValue(Uri.UnescapeDataString(parts[1]), out run))
                {
                    Reply(context, 200, run.Json);
                }
                else
                {
                    Reply(context, 404, Error("PipelineRunNotFound", "The pipeline run does not exist."));
                }
            }
            else if (method == "POST" && parts.Length == 1 && parts[0] == "queryPipelineRuns")
            {
                Count("QueryRuns");
                Reply(context, 200, QueryRuns(request.Body));
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

        private void CreateRun(Request request, Answer context, string pipelineName)
        {
            var body = request.Body;
            string runId;
            request.Headers.TryGetValue("x-ms-client-request-id", out runId);
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

            var run = new Run { RunId = runId, PipelineName = pipelineName, Parameters = parameters };
            if (runsById.TryAdd(runId, run))
            {
                // Stamped under the lock, so the list stays in RunStart order and a query needs no sort.
                lock (runs)
                {
                    run.RunStart = DateTimeOffset.UtcNow;
                    run.Json = RunJson(run);
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

            var page = new List<Run>(PageSize + 1);
            lock (runs)
            {
                var matched = 0;
                for (var n = 0; n < runs.Count && page.Count <= PageSize; n++)
                {
                    var run = runs[descending ? runs.Count - 1 - n : n];
                    if (run.RunStart <= after || run.RunStart > before || (pipelines != null && !pipelines.Contains(run.PipelineName))) continue;
                    if (matched++ >= skip) page.Add(run);
                }
            }

            var text = new StringBuilder("{\"value\":[");
            for (var i = 0; i < Math.Min(PageSize, page.Count); i++)
            {
                if (i > 0) text.Append(',');
                text.Append(page[i].Json);
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

        // Every pipeline is the same Wait; the one named Indexed also declares a typed parameter, Index (Int).
        private string PipelineJson(string name)
        {
            var parameters = string.Equals(name, "Indexed", StringComparison.OrdinalIgnoreCase) ? "\"parameters\":{\"Index\":{\"type\":\"Int\"}}," : string.Empty;
            return "{\"id\":\"" + factoryPath + "/pipelines/" + name + "\",\"name\":" + JsonSerializer.Serialize(name) +
                ",\"type\":\"Microsoft.DataFactory/factories/pipelines\",\"properties\":{" + parameters + "\"activities\":[{\"name\":\"SayHello\",\"type\":\"Wait\",\"dependsOn\":[],\"userProperties\":[],\"typeProperties\":{\"waitTimeInSeconds\":1}}],\"annotations\":[]},\"etag\":\"bf5173cf-0000-0200-0000-44b9819c0000\"}";
        }

        private static string Error(string code, string message)
        {
            return "{\"error\":{\"code\":" + JsonSerializer.Serialize(code) + ",\"message\":" + JsonSerializer.Serialize(message) + "}}";
        }

        private void Count(string operation)
        {
            counts.AddOrUpdate(operation, 1, (_, value) => value + 1);
        }

        private static void Reply(Answer reply, int status, string body, bool write = false)
        {
            Set(reply, status, body, write);
        }

        private static void Set(Answer reply, int status, string body, bool write = false)
        {
            reply.Status = status;
            reply.Body = body;
            reply.Write = write;
        }

        private sealed class Request
        {
            public string Method;
            public string Target;
            public string Body;
            public readonly Dictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        private sealed class Answer
        {
            public int Status;
            public string Body;
            public bool Write;
        }

        private sealed class Run
        {
            public string RunId;
            public string PipelineName;
            public string Parameters;
            public DateTimeOffset RunStart;
            public string Json;
        }
    }
}
