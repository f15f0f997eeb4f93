using System;
using System.Collections.Specialized;
using System.IO;
using System.Net;
using System.Text;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting;

/// <summary>An exchange carried by HttpListener (plain http).</summary>
internal sealed class ListenerExchange : IHttpExchange
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private readonly HttpListenerContext context;

    public ListenerExchange(HttpListenerContext context)
    {
        this.context = context;
    }

    public string Method => context.Request.HttpMethod;

    public string RawUrl => context.Request.RawUrl ?? "/";

    public NameValueCollection Headers => context.Request.Headers;

    public bool HasEntityBody => context.Request.HasEntityBody;

    public long ContentLength => context.Request.ContentLength64;

    public Stream Body => context.Request.InputStream;

    public void Abort() => context.Response.Abort();

    public async Task WriteAsync(Reply reply)
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
                if (!await RequestBodyReader.DiscardAsync(context.Request.InputStream).ConfigureAwait(false))
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
}
