using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting.Tls;

/// <summary>
/// The https front: a TcpListener on 127.0.0.1 whose connections are wrapped in an SslStream with the emulator's
/// certificate and read as HTTP/1.1. HttpListener serves TLS only through OS bindings (http.sys certificate
/// bindings on Windows, none at all on Linux and macOS), so https is served here, by the same RequestHandler.
/// </summary>
internal sealed class TlsLoopbackListener : IEmulatorListener
{
    private static readonly byte[] ContinueLine = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");

    private readonly TcpListener listener;
    private readonly X509Certificate2 certificate;
    private readonly ConcurrentDictionary<TcpClient, byte> open = new();
    private int stopped;

    public TlsLoopbackListener(int port, X509Certificate2 certificate)
    {
        this.certificate = certificate;
        listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException exception)
        {
            throw new InvalidOperationException(
                $"The ADF emulator could not listen on https://127.0.0.1:{(port == 0 ? "<free port>" : port.ToString(CultureInfo.InvariantCulture))}/: {exception.Message}",
                exception);
        }

        Endpoint = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public Uri Endpoint { get; }

    public void Start(Func<IHttpExchange, Task> handle) => _ = Task.Run(() => AcceptLoopAsync(handle));

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        listener.Stop();
        foreach (var client in open.Keys)
        {
            Close(client);
        }
    }

    private static void Close(TcpClient client)
    {
        try
        {
            // Null once the connection closed itself (TcpClient.Close drops its socket): a race with Stop, not an error.
            client.Client?.Close(0);
            client.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task AcceptLoopAsync(Func<IHttpExchange, Task> handle)
    {
        while (Volatile.Read(ref stopped) == 0)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                if (Volatile.Read(ref stopped) == 1)
                {
                    return;
                }

                continue;
            }

            _ = Task.Run(() => ServeAsync(client, handle));
        }
    }

    private async Task ServeAsync(TcpClient client, Func<IHttpExchange, Task> handle)
    {
        open.TryAdd(client, 0);
        try
        {
            client.NoDelay = true;
            using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(certificate, clientCertificateRequired: false, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
            var reader = new HttpConnectionReader(tls);
            while (Volatile.Read(ref stopped) == 0)
            {
                ParsedRequest? request;
                try
                {
                    request = await reader.ReadRequestAsync(() => tls.WriteAsync(ContinueLine, 0, ContinueLine.Length)).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is InvalidDataException or FormatException or OverflowException)
                {
                    var refusal = TlsExchange.Head(400, null, 0, close: true);
                    await tls.WriteAsync(refusal, 0, refusal.Length).ConfigureAwait(false);
                    return;
                }

                if (request is null)
                {
                    return;
                }

                var exchange = new TlsExchange(request, tls, () => Close(client), reader.DiscardAsync);
                await handle(exchange).ConfigureAwait(false);
                if (!exchange.KeepAlive)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or AuthenticationException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // A client that went away, or one that does not trust the certificate: its connection ends here.
        }
        finally
        {
            open.TryRemove(client, out _);
            Close(client);
        }
    }
}
