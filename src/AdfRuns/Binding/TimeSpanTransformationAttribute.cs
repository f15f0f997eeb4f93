using System;
using System.Globalization;
using System.Management.Automation;

namespace AdfRuns.Binding;

/// <summary>
/// Lets every time parameter take a bare number as seconds (5, 0.5, '5'), as -TimeoutSec and Start-Sleep do.
/// Without it PowerShell converts an integer to a TimeSpan of that many ticks (-PollingInterval 5 is half a
/// microsecond) and the string '5' to five days. A TimeSpan, or text such as '00:00:05', binds as before.
/// </summary>
internal sealed class TimeSpanTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal:
                return FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture), value);
            case string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds):
                return FromSeconds(seconds, text);
            default:
                // TimeSpan, 'hh:mm:ss' text, $null: PowerShell's own conversion, unchanged.
                return inputData;
        }
    }

    private static TimeSpan FromSeconds(double seconds, object given)
    {
        if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
        {
            throw new ArgumentTransformationMetadataException($"'{given}' is not a number of seconds that a TimeSpan can hold.");
        }

        return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }
}
