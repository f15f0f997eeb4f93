using System.Collections.Generic;
using System.Collections.Specialized;
using AdfRuns.Emulator.Routing;

namespace AdfRuns.Emulator.Hosting;

/// <summary>
/// What one service does around the run operations: which paths it serves, credentials, its error bodies and the
/// headers on every answer. ARM (Data Factory) and the Synapse data plane each have one; the simulation behind is shared.
/// </summary>
internal interface IFrontDoor
{
    ServiceRoute Resolve(string method, string path);

    /// <summary>The 401 for a request without an accepted bearer token, checked before its body is read; null when it may go on.</summary>
    Reply? Refuse(ServiceRoute route, NameValueCollection headers);

    Reply Answer(ServiceRoute route, Dictionary<string, string> query, string? body, NameValueCollection headers);

    /// <summary>The service's error body and headers for a failure made outside Answer (an injected fault, an unreadable body).</summary>
    Reply Dress(Reply failure, NameValueCollection requestHeaders, bool write);

    Reply Error(ServiceException exception);
}
