using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting;

/// <summary>An HttpListener on 127.0.0.1: binds a port, accepts requests on a few loops, writes or drops answers.</summary>
internal sealed class LoopbackListener : IEmulatorListener
{
    private const int AcceptLoops = 4;

    private readonly HttpListener listener;
    private int stopped;

    public LoopbackListener(int port)
    {
        (listener, Endpoint) = Bind(port);
    }

    public Uri Endpoint { get; }

    /// <summary>Starts the accept loops; each request is handled on the thread pool.</summary>
    public void Start(Func<IHttpExchange, Task> handle)
    {
        for (var i = 0; i < AcceptLoops; i++)
        {
            _ = Task.Run(() => AcceptLoopAsync(handle));
        }
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static (HttpListener Listener, Uri Endpoint) Bind(int port)
    {
        Exception? lastError = null;
        var attempts = port == 0 ? 20 : 1;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var candidatePort = port == 0 ? FindFreePort() : port;

            // http.sys (Windows) lets non-administrators register only "localhost" prefixes.
            foreach (var host in new[] { "127.0.0.1", "localhost" })
            {
                var listener = new HttpListener { IgnoreWriteExceptions = true };
                var prefix = $"http://{host}:{candidatePort}/";
                listener.Prefixes.Add(prefix);
                try
                {
                    listener.Start();
                    return (listener, new Uri(prefix));
                }
                catch (HttpListenerException exception)
                {
                    lastError = exception;
                    try
                    {
                        listener.Close();
                    }
                    catch (ObjectDisposedException)
                    {
                    }

                    const int accessDenied = 5;
                    if (exception.ErrorCode != accessDenied)
                    {
                        break;
                    }
                }
            }
        }

        throw new InvalidOperationException(
            $"The ADF emulator could not listen on http://127.0.0.1:{(port == 0 ? "<free port>" : port.ToString(CultureInfo.InvariantCulture))}/: {lastError?.Message}",
            lastError);
    }

    private static int FindFreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private async Task AcceptLoopAsync(Func<IHttpExchange, Task> handle)
    {
        while (Volatile.Read(ref stopped) == 0)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref stopped) == 1)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => handle(new ListenerExchange(context)));
        }
    }
}
