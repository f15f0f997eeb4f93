using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting;

/// <summary>An HttpListener on 127.0.0.1: binds a port, accepts requests on a few loops, writes or drops answers.</summary>
internal sealed class LoopbackListener
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const int AcceptLoops = 4;

    private readonly HttpListener listener;
    private int stopped;

    public LoopbackListener(int port)
    {
        (listener, Endpoint) = Bind(port);
    }

    public Uri Endpoint { get; }

    /// <summary>Starts the accept loops; each request is handled on the thread pool.</summary>
    public void Start(Func<HttpListenerContext, Task> handle)
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

    public static async Task WriteAsync(HttpListenerContext context, Reply reply)
    {
        if (reply.DropsConnection)
        {
            await DropAsync(context.Response).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        try
        {
            response.StatusCode = reply.StatusCode;
            foreach (var header in reply.Headers)
            {
                response.AddHeader(header.Key, header.Value);
            }

            response.ContentType = JsonContentType;
            response.ContentLength64 = reply.Body.Length;
            if (reply.Body.Length > 0)
            {
                await response.OutputStream.WriteAsync(reply.Body, 0, reply.Body.Length).ConfigureAwait(false);
            }

            if (reply.DiscardRestOfBody)
            {
                // The answer goes out first; reading (not keeping) the rest lets a client that is still sending see it.
                await response.OutputStream.FlushAsync().ConfigureAwait(false);
                if (!await RequestBodyReader.DiscardAsync(context.Request).ConfigureAwait(false))
                {
                    response.Abort();
                    return;
                }
            }

            response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away; nothing left to tell it.
        }
    }

    /// <summary>
    /// Cuts the connection mid-response. A bare Abort() on the managed (non-Windows) HttpListener still sends an
    /// empty 200, so a body shorter than its announced length is started first; every client then fails to read it.
    /// </summary>
    private static async Task DropAsync(HttpListenerResponse response)
    {
        try
        {
            response.StatusCode = 500;
            response.ContentType = JsonContentType;
            response.ContentLength64 = 1024;
            var fragment = Encoding.UTF8.GetBytes("{");
            await response.OutputStream.WriteAsync(fragment, 0, fragment.Length).ConfigureAwait(false);
            await response.OutputStream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Already gone, which is what dropping wants anyway.
        }

        response.Abort();
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

    private async Task AcceptLoopAsync(Func<HttpListenerContext, Task> handle)
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

            _ = Task.Run(() => handle(context));
        }
    }
}
