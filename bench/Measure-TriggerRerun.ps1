#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Trigger-rerun goal: -Windows failed tumbling windows of a pipeline with "concurrency": 1, rerun by one pipeline of
    input (Get-AdfTriggerRun -Status Failed | Restart-AdfTriggerRun -Wait), against an emulator with ARM's buckets on.
    Writes trigger-rerun.json under -OutputPath.
.DESCRIPTION
    The emulator runs in its own pwsh (bench/EmulatorHost.ps1 -StartTriggers -ServiceLimits) over a factory folder
    with pipeline Load (concurrency 1, one Wait activity of -ActivityDuration) and tumbling window trigger Windows
    (-Windows hourly windows, all in the past, maxConcurrency 50). Every first run of a window fails; once all
    have failed, the rerun is timed from the query to the last window written in its final state. The fastest any
    client could do it:
      write bound = max(0, Windows - bucket) / ArmWritesPerSecond + one run: every window needs one accepted rerun
                    (a write), the bucket starts full (200, ARM's size) and refills at ArmWritesPerSecond; the window
                    of the last accepted rerun still has to run;
      queue bound = Windows x one run's duration: the pipeline runs one run at a time, back to back at best (its
                    queue of 100 only decides when reruns may be sent, not how fast the runs end);
      bound       = max(write bound, queue bound). The run's duration is taken two ways: nominal (-ActivityDuration,
                    one activity; a run waits in the queue only for its predecessor) and as the emulator ran them (the
                    median gap between consecutive run ends).
    Requests per window: every request the emulator received during the timed rerun (queries, reruns, refusals,
    polls) divided by -Windows. Exits 1 when the measurement could not be made.
.EXAMPLE
    pwsh -File bench/Measure-TriggerRerun.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -Windows 500
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Windows = 500,
    [double] $ArmWritesPerSecond = 10,
    [double] $ArmReadsPerSecond = 25,
    [double] $ActivityDuration = 0.05,
    [int] $ThrottleLimit = 16
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Import-Module $ModulePath

$WriteBucketSeconds = 20   # the emulator's write bucket holds 20 seconds of refill (ARM: 200 at 10 a second)
Write-BenchStep "6. trigger rerun: $Windows failed windows of a concurrency-1 pipeline, writes $ArmWritesPerSecond/s, reads $ArmReadsPerSecond/s, runs of $ActivityDuration s"
$result = [ordered]@{
    Windows = $Windows; ArmWritesPerSecond = $ArmWritesPerSecond; ArmReadsPerSecond = $ArmReadsPerSecond
    ActivityDuration = $ActivityDuration; ThrottleLimit = $ThrottleLimit; QueueLength = 100
    Measured = $false; Error = $null
}
$folder = Join-Path ([IO.Path]::GetTempPath()) "adfruns-bench-triggers-$PID"
$emulator = $null
try {
    New-Item -ItemType Directory -Force -Path (Join-Path $folder 'pipeline'), (Join-Path $folder 'trigger') | Out-Null
    ConvertTo-Json -Depth 8 -InputObject ([ordered]@{ name = 'Load'; properties = [ordered]@{
        concurrency = 1; parameters = @{ windowStart = @{ type = 'String' } }
        activities = @(@{ name = 'Copy'; type = 'Wait'; dependsOn = @(); typeProperties = @{ waitTimeInSeconds = 1 } }) } }) |
        Set-Content -LiteralPath (Join-Path $folder 'pipeline/Load.json')
    $now = [DateTime]::UtcNow
    $start = [DateTime]::new($now.Year, $now.Month, $now.Day, $now.Hour, 0, 0, [DateTimeKind]::Utc).AddHours(-$Windows - 1)
    ConvertTo-Json -Depth 8 -InputObject ([ordered]@{ name = 'Windows'; properties = [ordered]@{
        type = 'TumblingWindowTrigger'; runtimeState = 'Started'
        pipeline = @{ pipelineReference = @{ referenceName = 'Load' }; parameters = @{ windowStart = '@trigger().outputs.windowStartTime' } }
        typeProperties = [ordered]@{ frequency = 'Hour'; interval = 1; maxConcurrency = 50
            startTime = $start.ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)
            endTime = $start.AddHours($Windows).ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture) } } }) |
        Set-Content -LiteralPath (Join-Path $folder 'trigger/Windows.json')

    $duration = [TimeSpan]::FromSeconds($ActivityDuration).ToString('c', [cultureinfo]::InvariantCulture)
    $emulator = Start-EmulatorHost $ModulePath $duration @('-PipelinePath', $folder, '-StartTriggers', '-ServiceLimits',
        '-ArmWritesPerSecond', "$ArmWritesPerSecond", '-ArmReadsPerSecond', "$ArmReadsPerSecond", '-MonitoringQueriesPerMinute', '1000')
    if ($emulator.Send("fail Load Copy $Windows") -ne 'ok') { throw 'The emulator host did not take the failing windows.' }
    Connect-EmulatorHost $emulator

    # The night: every window's first run fails (the backfill runs them one after another).
    $deadline = [DateTime]::UtcNow.AddSeconds(60 + 3 * $Windows * $ActivityDuration)
    do {
        Start-Sleep -Seconds 2
        $failed = @(Get-AdfTriggerRun -TriggerName Windows -Status Failed)
    } while ($failed.Count -lt $Windows -and [DateTime]::UtcNow -lt $deadline)
    if ($failed.Count -lt $Windows) { throw "Only $($failed.Count) of $Windows windows failed in time." }
    Write-BenchStep "   $($failed.Count) windows failed; waiting 25 s for the write and read buckets to fill again"
    Start-Sleep -Seconds 25
    $null = $emulator.Send('clear')

    $errors = $null; $warnings = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $reruns = @(Get-AdfTriggerRun -TriggerName Windows -Status Failed |
        Restart-AdfTriggerRun -Wait -PollingInterval 0.5 -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue -WarningVariable warnings)
    $watch.Stop()
    $result['Seconds'] = $watch.Elapsed.TotalSeconds
    $result['Emitted'] = $reruns.Count
    $result['Succeeded'] = @($reruns | Where-Object Status -eq 'Succeeded').Count
    $result['DistinctWindows'] = @($reruns.WindowStart | Sort-Object -Unique).Count
    $result['Errors'] = @($errors).Count
    $result['FirstErrors'] = @(@($errors) | Select-Object -First 3 | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
    $result['Warnings'] = @($warnings).Count

    $statuses = [ordered]@{}
    foreach ($property in ($emulator.Send('statuses') | ConvertFrom-Json).PSObject.Properties) { $statuses[$property.Name] = [int]$property.Value }
    $result['Requests'] = $statuses
    $total = 0; foreach ($count in $statuses.Values) { $total += $count }
    $result['RequestsTotal'] = $total
    $result['RequestsPerWindow'] = $total / $Windows
    $result['AcceptedReruns'] = if ($statuses.Contains('RerunTriggerRun 200')) { $statuses['RerunTriggerRun 200'] } else { 0 }
    $rerunTimes = @($emulator.Send('times RerunTriggerRun') | ConvertFrom-Json | Sort-Object)
    $queryTimes = @($emulator.Send('times QueryTriggerRuns') | ConvertFrom-Json | Sort-Object)
    if ($rerunTimes.Count -gt 1 -and $queryTimes.Count -gt 0) {
        # From the first query (the timed command's start, as the server saw it) to the first and the last rerun.
        $result['FirstRerunAfter'] = ($rerunTimes[0] - $queryTimes[0]) / 1000.0
        $result['LastRerunAfter'] = ($rerunTimes[-1] - $queryTimes[0]) / 1000.0
    }
    $peaks = $emulator.Send('peaks') | ConvertFrom-Json
    $result['PeakQueuedRuns'] = [int]$peaks.PeakQueuedRuns.Load

    $ends = @(Get-AdfPipelineRun -RunId @($reruns.PipelineRunId) -ErrorAction SilentlyContinue | Where-Object RunEnd | ForEach-Object { $_.RunEnd.ToUnixTimeMilliseconds() } | Sort-Object)
    $gaps = [Collections.Generic.List[double]]::new()
    for ($i = 1; $i -lt $ends.Count; $i++) { $gaps.Add(($ends[$i] - $ends[$i - 1]) / 1000.0) }
    $result['MeasuredRunPeriod'] = Get-Median $gaps.ToArray()

    $bucket = $WriteBucketSeconds * $ArmWritesPerSecond
    $result['WriteBucket'] = $bucket
    $result['WriteBound'] = [math]::Max(0, $Windows - $bucket) / $ArmWritesPerSecond + $ActivityDuration
    $result['QueueBoundNominal'] = $Windows * $ActivityDuration
    $result['QueueBoundMeasured'] = $Windows * $result.MeasuredRunPeriod
    $result['BoundNominal'] = [math]::Max($result.WriteBound, $result.QueueBoundNominal)
    $result['BoundMeasured'] = [math]::Max($result.WriteBound, $result.QueueBoundMeasured)
    $result['RatioNominal'] = $result.Seconds / $result.BoundNominal
    $result['RatioMeasured'] = $result.Seconds / $result.BoundMeasured
    $result['Measured'] = $true
    Write-BenchStep ("   {0} windows written ({1} succeeded, {2} distinct), {3} errors, {4} warnings; accepted reruns {5}; peak queued {6}; {7} requests ({8})" -f $result.Emitted, $result.Succeeded, $result.DistinctWindows, $result.Errors, $result.Warnings, $result.AcceptedReruns, $result.PeakQueuedRuns, $total, (Format-RequestCount $statuses))
    if ($result.Contains('LastRerunAfter')) { Write-BenchStep ("   first rerun after {0:0.0} s, last after {1:0.0} s" -f $result.FirstRerunAfter, $result.LastRerunAfter) }
    Write-BenchStep ("   elapsed {0:0.0} s; bound max(write {1:0.0}, queue {2:0.0}) = {3:0.0} s, ratio {4:0.00}; with the measured run period {5:0.000} s: {6:0.0} s, ratio {7:0.00}; {8:0.00} requests per window" -f $result.Seconds, $result.WriteBound, $result.QueueBoundNominal, $result.BoundNominal, $result.RatioNominal, $result.MeasuredRunPeriod, $result.BoundMeasured, $result.RatioMeasured, $result.RequestsPerWindow)
}
catch {
    $result['Error'] = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Stop-EmulatorHost $emulator
    Remove-Item -Recurse -Force -LiteralPath $folder -ErrorAction SilentlyContinue
}
Save-BenchResult $OutputPath 'trigger-rerun' $result
exit $(if ($result.Measured) { 0 } else { 1 })
