// Compiled by bench/Measure-BulkStart.ps1 and bench/MemoryChild.ps1 with Add-Type; nothing here is part of the module.
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRunsBench
{
    public sealed class LoopResult
    {
        public int Succeeded;
        public int Failed;
        public double Seconds;
        public string FirstError;
    }

    /// <summary>The baseline: bare createRun POSTs from one HttpClient, a fixed number in flight.</summary>
    public static class HttpClientLoop
    {
        private static readonly Regex RunIdPattern = new Regex("\"runId\"\\s*:\\s*\"([^\"]+)\"", RegexOptions.Compiled);

        /// <summary>
        /// One POST per run; with readBackUrlFormat ({0} = the run id), also a GET of each created run; with indexed,
        /// each body carries the run's number as the typed parameter Index ({"Index":n}).
        /// </summary>
        public static LoopResult Run(string url, string token, int count, int inFlight, string readBackUrlFormat = null, bool indexed = false)
        {
            return RunAsync(url, token, count, inFlight, readBackUrlFormat, indexed).GetAwaiter().GetResult();
        }

        private static async Task<LoopResult> RunAsync(string url, string token, int count, int inFlight, string readBackUrlFormat, bool indexed)
        {
            var result = new LoopResult();
            using (var handler = new SocketsHttpHandler { MaxConnectionsPerServer = inFlight, UseProxy = false })
            using (var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(100) })
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var next = -1;
                var watch = Stopwatch.StartNew();
                var workers = new Task[inFlight];
                for (var i = 0; i < inFlight; i++)
                {
                    workers[i] = Task.Run(async () =>
                    {
                        int index;
                        while ((index = Interlocked.Increment(ref next)) < count)
                        {
                            try
                            {
                                var body = indexed ? "{\"Index\":" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}" : "{}";
                                using (var content = new StringContent(body, Encoding.UTF8, "application/json"))
                                using (var response = await client.PostAsync(url, content).ConfigureAwait(false))
                                {
                                    var answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                                    var match = RunIdPattern.Match(answer);
                                    if (response.IsSuccessStatusCode && match.Success)
                                    {
                                        if (!string.IsNullOrEmpty(readBackUrlFormat))
                                        {
                                            var readBack = string.Format(readBackUrlFormat, Uri.EscapeDataString(match.Groups[1].Value));
                                            using (var run = await client.GetAsync(readBack).ConfigureAwait(false))
                                            {
                                                var runBody = await run.Content.ReadAsStringAsync().ConfigureAwait(false);
                                                if (!run.IsSuccessStatusCode || !runBody.Contains(match.Groups[1].Value))
                                                {
                                                    throw new InvalidOperationException("GET of the run: " + (int)run.StatusCode + " " + runBody);
                                                }
                                            }
                                        }

                                        Interlocked.Increment(ref result.Succeeded);
                                    }
                                    else
                                    {
                                        Interlocked.Increment(ref result.Failed);
                                        Interlocked.CompareExchange(ref result.FirstError, (int)response.StatusCode + " " + answer, null);
                                    }
                                }
                            }
                            catch (Exception exception)
                            {
                                Interlocked.Increment(ref result.Failed);
                                Interlocked.CompareExchange(ref result.FirstError, exception.GetType().Name + ": " + exception.Message, null);
                            }
                        }
                    });
                }

                await Task.WhenAll(workers).ConfigureAwait(false);
                result.Seconds = watch.Elapsed.TotalSeconds;
            }

            return result;
        }
    }

    /// <summary>
    /// Piped input made by a function of the input's number, Count times, but no more once TimeLimitSeconds have
    /// passed since the first one, so a contender that turns out very slow (e.g. paced) is measured over a bounded time.
    /// </summary>
    public class DeadlineFeed<T> : System.Collections.Generic.IEnumerable<T>
    {
        private readonly Func<int, T> make;
        private readonly int count;
        private readonly double timeLimitSeconds;

        public DeadlineFeed(Func<int, T> make, int count, double timeLimitSeconds)
        {
            this.make = make;
            this.count = count;
            this.timeLimitSeconds = timeLimitSeconds;
        }

        public int Yielded { get; private set; }
        public bool Capped { get; private set; }

        public System.Collections.Generic.IEnumerator<T> GetEnumerator()
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                if (timeLimitSeconds > 0 && watch.Elapsed.TotalSeconds > timeLimitSeconds)
                {
                    Capped = true;
                    yield break;
                }

                Yielded++;
                yield return make(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The same pipeline name as each input.</summary>
    public sealed class DeadlineNames : DeadlineFeed<string>
    {
        public DeadlineNames(string name, int count, double timeLimitSeconds)
            : base(_ => name, count, timeLimitSeconds)
        {
        }
    }

    /// <summary>
    /// Objects with a PipelineName and a typed Parameter, @{ Index = n }, bound by property name as a user's objects
    /// would be.
    /// </summary>
    public sealed class DeadlineIndexedStarts : DeadlineFeed<System.Management.Automation.PSObject>
    {
        public DeadlineIndexedStarts(string name, int count, double timeLimitSeconds)
            : base(index => Indexed(name, index), count, timeLimitSeconds)
        {
        }

        private static System.Management.Automation.PSObject Indexed(string name, int index)
        {
            var input = new System.Management.Automation.PSObject();
            input.Properties.Add(new System.Management.Automation.PSNoteProperty("PipelineName", name));
            input.Properties.Add(new System.Management.Automation.PSNoteProperty("Parameter", new System.Collections.Hashtable { { "Index", index } }));
            return input;
        }
    }

    /// <summary>Samples this process's working set and GC heap on a background thread and keeps the peaks.</summary>
    public sealed class MemorySampler : IDisposable
    {
        private readonly Thread thread;
        private readonly int intervalMs;
        private volatile bool stopping;

        public MemorySampler(int intervalMs)
        {
            this.intervalMs = intervalMs;
            BaselineWorkingSet = Environment.WorkingSet;
            BaselineGcHeap = GC.GetTotalMemory(false);
            PeakWorkingSet = BaselineWorkingSet;
            PeakGcHeap = BaselineGcHeap;
            thread = new Thread(Loop) { IsBackground = true, Name = "bench memory sampler" };
            thread.Start();
        }

        public long BaselineWorkingSet { get; private set; }
        public long BaselineGcHeap { get; private set; }
        public long PeakWorkingSet { get; private set; }
        public long PeakGcHeap { get; private set; }
        public int Samples { get; private set; }

        private void Loop()
        {
            while (!stopping)
            {
                Sample();
                Thread.Sleep(intervalMs);
            }
        }

        private void Sample()
        {
            var workingSet = Environment.WorkingSet;
            var heap = GC.GetTotalMemory(false);
            if (workingSet > PeakWorkingSet) PeakWorkingSet = workingSet;
            if (heap > PeakGcHeap) PeakGcHeap = heap;
            Samples++;
        }

        public void Dispose()
        {
            stopping = true;
            thread.Join();
            Sample();
        }
    }
}
