# The trigger-rerun part of docs/benchmarks.md (dot-sourced by Write-BenchReport.ps1, which defines Add-Line,
# Test-Property, Get-MeasurementError and $Failures): its rows in the goals table and its section.

function Add-TriggerRerunGoals($Result) {
    if (Get-MeasurementError $Result) { $Failures.Add("trigger rerun: $($Result.Error)") }
    $t = $Result
    $allWindows = $t.Measured -and $t.Succeeded -eq $t.Windows -and $t.DistinctWindows -eq $t.Windows -and $t.Errors -eq 0 -and $t.AcceptedReruns -eq $t.Windows
    Add-Line "| trigger rerun: all $($t.Windows) failed windows end Succeeded, each rerun once, 0 errors | $(if ($t.Measured) { "$($t.Succeeded) succeeded, $($t.DistinctWindows) distinct windows, $($t.AcceptedReruns) reruns accepted, $($t.Errors) errors" } else { 'n/a' }) | $(Format-Goal $t.Measured $allWindows) |"
    Add-Line "| trigger rerun: queued runs of the pipeline <= 100 | $(if ($t.Measured) { $t.PeakQueuedRuns } else { 'n/a' }) | $(Format-Goal $t.Measured ($t.Measured -and $t.PeakQueuedRuns -le 100)) |"
    Add-Line "| trigger rerun: elapsed / fastest the write bucket and the queue allow <= 1.15 | $(if ($t.Measured) { (Format-Number $t.RatioNominal '0.00') + " ($(Format-Number $t.Seconds '0.0') s / $(Format-Number $t.BoundNominal '0.0') s)" } else { 'n/a' }) | $(Format-Goal $t.Measured ($t.Measured -and $t.RatioNominal -le 1.15)) |"
}

function Add-TriggerRerunSection($Result) {
    $t = $Result
    Add-Line "## 9. Rerunning a night of failed windows: $($t.Windows) tumbling windows of a concurrency-1 pipeline"
    Add-Line
    if (-not $t.Measured) {
        Add-Line "Failed: $($t.Error)"
        return
    }

    $inv = [cultureinfo]::InvariantCulture
    Add-Line "``Get-AdfTriggerRun -TriggerName Windows -Status Failed | Restart-AdfTriggerRun -Wait -PollingInterval 0.5 -ThrottleLimit $($t.ThrottleLimit)``"
    Add-Line "against an emulator in another process with ARM's buckets on (``-ServiceLimits``: writes $($t.ArmWritesPerSecond.ToString($inv)) a second from a bucket of"
    Add-Line "$($t.WriteBucket), reads $($t.ArmReadsPerSecond.ToString($inv)) a second), over a factory whose pipeline ``Load`` has ``""concurrency"": 1`` and one Wait"
    Add-Line "activity of $($t.ActivityDuration.ToString($inv)) s, and whose tumbling window trigger ``Windows`` backfilled $($t.Windows) hourly windows, every"
    Add-Line 'first run failing. The time runs from the query to the last window written in its final state; the buckets were'
    Add-Line 'left 25 s to fill up after the backfill.'
    Add-Line
    Add-Line '| | |'
    Add-Line '|---|---|'
    Add-Line "| windows written / succeeded / distinct | $($t.Emitted) / $($t.Succeeded) / $($t.DistinctWindows) |"
    Add-Line "| errors / warnings reaching the user | $($t.Errors) / $($t.Warnings)$(if (@($t.FirstErrors).Count) { ': ' + ((@($t.FirstErrors) -join '; ') -replace '\r?\n', ' ' -replace '\|', '/') }) |"
    Add-Line "| requests by operation and status | $(Format-RequestCount $t.Requests) |"
    Add-Line "| requests per window (all of them, refusals included) | **$(Format-Number $t.RequestsPerWindow '0.00')** |"
    Add-Line "| most runs queued in the pipeline | $($t.PeakQueuedRuns) (limit $($t.QueueLength)) |"
    if (Test-Property $t 'LastRerunAfter') { Add-Line "| first / last rerun sent after | $(Format-Number $t.FirstRerunAfter '0.0') s / $(Format-Number $t.LastRerunAfter '0.0') s |" }
    Add-Line "| elapsed | **$(Format-Number $t.Seconds '0.0') s** |"
    Add-Line "| write bound: (windows - bucket) / refill + one run = max(0, $($t.Windows) - $($t.WriteBucket)) / $($t.ArmWritesPerSecond.ToString($inv)) + $($t.ActivityDuration.ToString($inv)) | $(Format-Number $t.WriteBound '0.0') s |"
    Add-Line "| queue bound: windows x one run = $($t.Windows) x $($t.ActivityDuration.ToString($inv)) s | $(Format-Number $t.QueueBoundNominal '0.0') s |"
    Add-Line "| fastest the write bucket and the queue allow: max of the two | **$(Format-Number $t.BoundNominal '0.0') s**, elapsed / bound = **$(Format-Number $t.RatioNominal '0.00')** |"
    Add-Line "| the same with the period the emulator actually ran the runs at ($(Format-Number $t.MeasuredRunPeriod '0.000') s, the median gap between run ends) | $(Format-Number $t.BoundMeasured '0.0') s, elapsed / bound = $(Format-Number $t.RatioMeasured '0.00') |"
    Add-Line
    Add-Line 'Why that bound: every window needs one accepted rerun, and a rerun is an ARM write; the bucket starts full and'
    Add-Line 'refills at its rate, so the last rerun is accepted no earlier than (windows - bucket) / rate, and its run then takes'
    Add-Line 'one run''s time. The pipeline runs one run at a time, so the last window ends no earlier than windows x one run. The'
    Add-Line 'queue of 100 decides only when a rerun may be sent, not how fast runs end. A client loses to the bound by the writes it'
    Add-Line 'leaves unused (AdfRuns keeps 20 in reserve for other clients of the subscription, 2 s at 10 a second), by reruns'
    Add-Line 'refused while the queue is full (each costs a write), and by the last poll of the wait.'
}
