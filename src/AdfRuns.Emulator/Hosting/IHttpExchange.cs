using System.Collections.Specialized;
using System.IO;
using System.Threading.Tasks;

namespace AdfRuns.Emulator.Hosting;

/// <summary>
/// One request and its answer, whichever listener carried it: HttpListener for plain http, the TLS front for https.
/// RequestHandler sees only this.
/// </summary>
internal interface IHttpExchange
{
    string Method { get; }

    /// <summary>The request target as sent: path and query.</summary>
    string RawUrl { get; }

    NameValueCollection Headers { get; }

    bool HasEntityBody { get; }

    /// <summary>The announced Content-Length; -1 when none was announced (chunked).</summary>
    long ContentLength { get; }

    Stream Body { get; }

    /// <summary>Writes the reply, or drops the connection when the reply says so; a client that went away is ignored.</summary>
    Task WriteAsync(Reply reply);

    /// <summary>Cuts the connection without an answer.</summary>
    void Abort();
}

/// <summary>Where requests arrive: binds a loopback port, hands each request to the handler, stops.</summary>
internal interface IEmulatorListener
{
    System.Uri Endpoint { get; }

    void Start(System.Func<IHttpExchange, Task> handle);

    void Stop();
}
