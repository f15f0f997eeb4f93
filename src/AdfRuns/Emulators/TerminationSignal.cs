using System;
using System.Reflection;

namespace AdfRuns.Emulators;

/// <summary>
/// SIGTERM as a request to stop, so that `kill` (docker stop, a CI step's teardown) ends Start-AdfEmulator -Wait as
/// Ctrl+C does, rather than ending the process before the emulator is stopped. PosixSignalRegistration exists on
/// .NET 6 and later (every PowerShell 7.4+) but not in netstandard2.0, so it is reached by reflection; elsewhere
/// nothing is registered and AppDomain.ProcessExit is the fallback.
/// </summary>
internal sealed class TerminationSignal : IDisposable
{
    private const int SigTerm = -4; // PosixSignal.SIGTERM
    private readonly Action onSignal;
    private IDisposable? registration;

    private TerminationSignal(Action onSignal)
    {
        this.onSignal = onSignal;
    }

    public static TerminationSignal Register(Action onSignal)
    {
        var signal = new TerminationSignal(onSignal);
        var registrationType = Type.GetType("System.Runtime.InteropServices.PosixSignalRegistration, System.Runtime.InteropServices", throwOnError: false);
        var signalType = Type.GetType("System.Runtime.InteropServices.PosixSignal, System.Runtime.InteropServices", throwOnError: false);
        var contextType = Type.GetType("System.Runtime.InteropServices.PosixSignalContext, System.Runtime.InteropServices", throwOnError: false);
        var create = registrationType?.GetMethod("Create", BindingFlags.Public | BindingFlags.Static);
        if (create is null || signalType is null || contextType is null)
        {
            return signal;
        }

        var handlerType = typeof(Action<>).MakeGenericType(contextType);
        var handler = Delegate.CreateDelegate(handlerType, signal, typeof(TerminationSignal).GetMethod(nameof(OnSignal), BindingFlags.NonPublic | BindingFlags.Instance)!);
        try
        {
            signal.registration = (IDisposable?)create.Invoke(null, new object[] { Enum.ToObject(signalType, SigTerm), handler });
        }
        catch (TargetInvocationException)
        {
            // Not supported on this platform (e.g. SIGTERM on Windows is not raised): ProcessExit remains.
        }

        return signal;
    }

    public void Dispose() => registration?.Dispose();

    private void OnSignal(object context)
    {
        // Cancel the default (ending the process at once); the foreground loop stops the emulator and returns.
        context.GetType().GetProperty("Cancel")?.SetValue(context, true);
        onSignal();
    }
}
