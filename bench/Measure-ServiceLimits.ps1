#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Service-limits goal: one Start-AdfPipelineRun -ThrottleLimit 32 of -Runs starts spread over -Pipelines pipelines,
    -SerialPipelines of them with "concurrency": 1 and -SerialRuns starts each, against an emulator with all of the
    service's limits on (ARM buckets scaled to -ArmWritesPerSecond / -ArmReadsPerSecond, -MonitoringQueriesPerMinute).
    Writes service-limits.json under -OutputPath.
.DESCRIPTION
    The emulator runs in its own pwsh (bench/EmulatorHost.ps1) with the pipelines written to a temp folder. Every
    input carries a distinct Index parameter, so the runs the emulator created (createRuns answered 200) show missing
    and duplicate starts. The elapsed time is compared with the fastest the write bucket and the queues allow:
      write bound = max(0, Runs - bucket size) / ArmWritesPerSecond (the bucket starts full, its size is 20 seconds
                    of refill, as ARM's 200 and 10 a second);
      queue bound = for each concurrency-1 pipeline, (its starts - 1 running - 100 queued) x one run's duration:
                    its last start is accepted only when that many runs have ended one after another;
      bound       = max(write bound, queue bound), with the run duration taken two ways: the emulator's nominal one
                    (-ActivityDuration x one activity) and the period it actually ran them at (the median time
                    between consecutive run ends of a concurrency-1 pipeline, read back afterwards).
    Exits 1 when the measurement could not be made.
.EXAMPLE
    pwsh -File bench/Measure-ServiceLimits.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -Runs 400 -SerialRuns 60
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Runs = 2000,
    [int] $Pipelines = 20,
    [int] $SerialPipelines = 5,
    [int] $SerialRuns = 200,
    [double] $ArmWritesPerSecond = 50,
    [double] $ArmReadsPerSecond = 125,
    [int] $MonitoringQueriesPerMinute = 1000,
    [double] $ActivityDuration = 0.4,
    [int] $ThrottleLimit = 32
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Import-Module $ModulePath

$QueueLength = 100         # ADF's documented maximum of queued runs per pipeline
$WriteBucketSeconds = 20   # the emulator's write bucket holds 20 seconds of refill (ARM: 200 at 10 a second)
$otherRuns = $Runs - $SerialPipelines * $SerialRuns
if ($otherRuns -lt 0 -or $Pipelines -le $SerialPipelines) { throw 'The serial pipelines take more starts than -Runs, or leave no other pipeline.' }

Write-BenchStep "5. service limits: $Runs starts over $Pipelines pipelines ($SerialPipelines with concurrency 1 and $SerialRuns starts each), writes $ArmWritesPerSecond/s, reads $ArmReadsPerSecond/s, $MonitoringQueriesPerMinute monitoring queries a minute, activities $ActivityDuration s"
$result = [ordered]@{
    Runs = $Runs; Pipelines = $Pipelines; SerialPipelines = $SerialPipelines; SerialRuns = $SerialRuns
    ArmWritesPerSecond = $ArmWritesPerSecond; ArmReadsPerSecond = $ArmReadsPerSecond; MonitoringQueriesPerMinute = $MonitoringQueriesPerMinute
    ActivityDuration = $ActivityDuration; ThrottleLimit = $ThrottleLimit; QueueLength = $QueueLength
    Measured = $false; Error = $null
}
$folder = Join-Path ([IO.Path]::GetTempPath()) "adfruns-bench-limits-$PID"
$emulator = $null
try {
    # The pipelines: concurrency-1 ones first (Serial01..), then the others (Shared01..), one Wait activity each.
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    $counts = [ordered]@{}
    for ($i = 1; $i -le $Pipelines; $i++) {
        $serial = $i -le $SerialPipelines
        $name = if ($serial) { 'Serial{0:00}' -f $i } else { 'Shared{0:00}' -f ($i - $SerialPipelines) }
        $shared = $Pipelines - $SerialPipelines
        $counts[$name] = if ($serial) { $SerialRuns } else { [int][math]::Floor($otherRuns / $shared) + $(if (($i - $SerialPipelines) -le $otherRuns % $shared) { 1 } else { 0 }) }
        $properties = [ordered]@{}
        if ($serial) { $properties['concurrency'] = 1 }
        $properties['parameters'] = @{ Index = @{ type = 'String' } }
        $properties['activities'] = @(@{ name = 'Work'; type = 'Wait'; dependsOn = @(); typeProperties = @{ waitTimeInSeconds = 1 } })
        ConvertTo-Json -Depth 8 -InputObject ([ordered]@{ name = $name; properties = $properties }) | Set-Content -LiteralPath (Join-Path $folder "$name.json")
    }
    # The inputs, each pipeline's starts spread evenly over the whole input (the k-th of n at (k + 0.5) / n).
    $inputs = @(foreach ($name in $counts.Keys) {
        for ($k = 0; $k -lt $counts[$name]; $k++) { [pscustomobject]@{ PipelineName = $name; Position = ($k + 0.5) / $counts[$name] } }
    }) | Sort-Object Position, PipelineName
    $index = 0
    $inputs = @(foreach ($item in $inputs) { [pscustomobject]@{ PipelineName = $item.PipelineName; Parameter = @{ Index = [string]$index } }; $index++ })

    $duration = [TimeSpan]::FromSeconds($ActivityDuration).ToString('c', [cultureinfo]::InvariantCulture)
    $emulator = Start-EmulatorHost $ModulePath $duration @('-PipelinePath', $folder, '-ServiceLimits',
        '-ArmWritesPerSecond', "$ArmWritesPerSecond", '-ArmReadsPerSecond', "$ArmReadsPerSecond", '-MonitoringQueriesPerMinute', "$MonitoringQueriesPerMinute")
    Connect-EmulatorHost $emulator

    $errors = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $warnings = $null
    $started = @($inputs | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue -WarningVariable warnings)
    $watch.Stop()
    $result['Seconds'] = $watch.Elapsed.TotalSeconds
    $result['Emitted'] = @($started | Where-Object { $_.RunId }).Count
    $result['Errors'] = @($errors).Count
    $result['FirstErrors'] = @(@($errors) | Select-Object -First 3 | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" })
    $result['Warnings'] = @($warnings).Count
    $result['FirstWarnings'] = @(@($warnings) | Select-Object -First 3 | ForEach-Object { "$_" })
    $result['ThrottlingErrors'] = @(@($errors) | Where-Object { "$_" -match '429|TooMany|throttl' }).Count
    Write-BenchStep ("   {0} runs emitted, {1} errors, {2} warnings in {3:0.0} s{4}" -f $result.Emitted, $result.Errors, $result.Warnings, $result.Seconds, $(if ($result.Warnings) { " (first: $($result.FirstWarnings[0]))" } else { '' }))

    # What the emulator saw: created runs (by Index), refusals, peaks.
    $statuses = [ordered]@{}
    foreach ($property in ($emulator.Send('statuses') | ConvertFrom-Json).PSObject.Properties) { $statuses[$property.Name] = [int]$property.Value }
    $result['Requests'] = $statuses
    $created = @($emulator.Send('created Index') | ConvertFrom-Json)
    $result['Created'] = $created.Count
    $result['Duplicates'] = $created.Count - @($created | Sort-Object -Unique).Count
    $result['Missing'] = $Runs - @($created | Sort-Object -Unique).Count
    $refused = @($statuses.Keys | Where-Object { $_ -notmatch ' 2\d\d$' })
    $result['Refusals'] = 0; $result['CreateRunRefusals'] = 0
    foreach ($key in $refused) { $result.Refusals += $statuses[$key]; if ($key -like 'CreateRun *') { $result.CreateRunRefusals += $statuses[$key] } }
    $createTimes = @($emulator.Send('times CreateRun') | ConvertFrom-Json)
    $peaks = $emulator.Send('peaks') | ConvertFrom-Json
    $peakQueued = [ordered]@{}
    foreach ($property in $peaks.PeakQueuedRuns.PSObject.Properties) { $peakQueued[$property.Name] = [int]$property.Value }
    $result['PeakQueuedRuns'] = $peakQueued
    $result['PeakQueuedRunsMax'] = [int](@($peakQueued.Values) + 0 | Measure-Object -Maximum).Maximum
    $result['PeakMonitoringQueriesPerMinute'] = [int]$peaks.PeakMonitoringQueriesPerMinute

    # The period the emulator ran each concurrency-1 pipeline's runs at: the median gap between consecutive run ends
    # (not starts: a queued run's start is when it was created).
    $gaps = [Collections.Generic.List[double]]::new()
    foreach ($name in @($counts.Keys)[0..($SerialPipelines - 1)]) {
        $starts = @(Get-AdfPipelineRun -PipelineName $name -LastUpdatedAfter ([DateTime]::UtcNow.AddHours(-1)) |
            Where-Object RunEnd | ForEach-Object { $_.RunEnd.ToUnixTimeMilliseconds() } | Sort-Object)
        for ($i = 1; $i -lt $starts.Count; $i++) { $gaps.Add(($starts[$i] - $starts[$i - 1]) / 1000.0) }
    }
    $result['MeasuredRunPeriod'] = Get-Median $gaps.ToArray()

    # The bounds (see the synopsis).
    $bucket = $WriteBucketSeconds * $ArmWritesPerSecond
    $result['WriteBucket'] = $bucket
    $result['WriteBound'] = [math]::Max(0, $Runs - $bucket) / $ArmWritesPerSecond
    $waits = [math]::Max(0, $SerialRuns - 1 - $QueueLength)
    $result['QueueWaits'] = $waits
    $result['QueueBoundNominal'] = $waits * $ActivityDuration
    $result['QueueBoundMeasured'] = $waits * $result.MeasuredRunPeriod
    $result['BoundNominal'] = [math]::Max($result.WriteBound, $result.QueueBoundNominal)
    $result['BoundMeasured'] = [math]::Max($result.WriteBound, $result.QueueBoundMeasured)
    $result['RatioNominal'] = $result.Seconds / $result.BoundNominal
    $result['RatioMeasured'] = $result.Seconds / $result.BoundMeasured
    if ($createTimes.Count -gt 1) {
        $sorted = @($createTimes | Sort-Object)
        $result['CreateRunSpan'] = ($sorted[-1] - $sorted[0]) / 1000.0
    }
    $result['Measured'] = $true
    Write-BenchStep ("   created {0}, duplicates {1}, missing {2}; refusals seen by the emulator {3} ({4}); reaching the user {5}; peak queued {6}, peak monitoring queries/min {7}" -f $result.Created, $result.Duplicates, $result.Missing, $result.Refusals, (Format-RequestCount $statuses), $result.ThrottlingErrors, $result.PeakQueuedRunsMax, $result.PeakMonitoringQueriesPerMinute)
    Write-BenchStep ("   elapsed {0:0.0} s; bound max(write {1:0.0}, queue {2:0.0} nominal / {3:0.0} measured at {4:0.000} s a run) = {5:0.0} / {6:0.0} s; ratio {7:0.00} / {8:0.00}" -f $result.Seconds, $result.WriteBound, $result.QueueBoundNominal, $result.QueueBoundMeasured, $result.MeasuredRunPeriod, $result.BoundNominal, $result.BoundMeasured, $result.RatioNominal, $result.RatioMeasured)
}
catch {
    $result['Error'] = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Stop-EmulatorHost $emulator
    Remove-Item -Recurse -Force -LiteralPath $folder -ErrorAction SilentlyContinue
}
Save-BenchResult $OutputPath 'service-limits' $result
exit $(if ($result.Measured) { 0 } else { 1 })
