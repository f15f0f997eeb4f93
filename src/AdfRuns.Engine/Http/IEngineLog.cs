namespace AdfRuns.Engine.Http;

/// <summary>Where the engine reports what it does; the cmdlets forward it to the verbose, debug and warning streams.</summary>
public interface IEngineLog
{
    /// <summary>Whether anyone reads verbose lines; when not, the engine does not even build them.</summary>
    bool VerboseEnabled { get; }

    /// <summary>Whether anyone reads debug lines (request and response headers).</summary>
    bool DebugEnabled { get; }

    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);
}

/// <summary>Discards everything.</summary>
public sealed class NullEngineLog : IEngineLog
{
    public static readonly NullEngineLog Instance = new();

    public bool VerboseEnabled => false;

    public bool DebugEnabled => false;

    public void Verbose(string message)
    {
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message)
    {
    }
}
