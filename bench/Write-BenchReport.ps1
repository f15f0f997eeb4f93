#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Renders docs/benchmarks.md from the JSON results the Measure-*.ps1 scripts wrote (machine, import, bulk-start,
    waiting, memory, service-limits, trigger-rerun, fabric, read-back, first-run), judging each goal. Every number comes from those files; a result that is missing or failed is
    named in the report.
.EXAMPLE
    pwsh -File bench/Write-BenchReport.ps1 -InputPath out/bench -OutputPath docs/benchmarks.md
#>
[CmdletBinding()]
param(
    [string] $InputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '../docs/benchmarks.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$OutputPath = [IO.Path]::GetFullPath($OutputPath, (Get-Location).Path)

$Failures = [Collections.Generic.List[string]]::new()
function Read-Result([string] $Name, [string] $Label, $Default) {
    $result = Read-BenchResult $InputPath $Name
    if ($null -eq $result) {
        $Failures.Add("${Label}: no result ($(Join-Path $InputPath "$Name.json") is missing)")
        $Default['Missing'] = $true
        return [pscustomobject]$Default
    }
    return $result
}
function Test-Property($Object, [string] $Name) { return $null -ne $Object.PSObject.Properties[$Name] }
# A measurement's own error; a missing result is named once, above.
function Get-MeasurementError($Result) { if (-not (Test-Property $Result 'Missing')) { $Result.Error } }

$machineResult = Read-Result 'machine' 'machine' @{ Facts = [ordered]@{} }
$import = Read-Result 'import' 'import' @{ ImportRuns = 0; Measured = $false; Error = 'no result'; Times = [ordered]@{}; ReferenceErrors = [ordered]@{} }
$bulkResult = Read-Result 'bulk-start' 'bulk start' @{ BulkRuns = 0; Repetitions = 0; WarmupRuns = 0; BulkTimeLimit = 0; Contenders = @() }
$wait = Read-Result 'waiting' 'waiting' @{ WaitRuns = 0; Measured = $false; Error = 'no result' }
$memory = Read-Result 'memory' 'memory' @{ MemoryInputs = 0; MemoryTimeLimit = 0; Measured = $false; Error = 'no result' }
$limits = Read-Result 'service-limits' 'service limits' @{ Runs = 0; Measured = $false; Error = 'no result' }
$process = Read-Result 'emulator-process' 'standalone emulator' @{ Runs = 0; StartRuns = 0; Measured = $false; Error = 'no result' }
$triggers = Read-Result 'trigger-rerun' 'trigger rerun' @{ Windows = 0; Measured = $false; Error = 'no result' }
$fabric = Read-Result 'fabric' 'fabric' @{ WaitRuns = 0; StormStarts = 0; Measured = $false; Error = 'no result' }
$results = @($machineResult, $import, $bulkResult, $wait, $memory, $limits, $triggers, $fabric)
. (Join-Path $PSScriptRoot 'TriggerRerunReport.ps1')
. (Join-Path $PSScriptRoot 'ServiceReports.ps1')

$machine = $machineResult.Facts
$ImportRuns = $import.ImportRuns
$BulkRuns = $bulkResult.BulkRuns; $Repetitions = $bulkResult.Repetitions; $WarmupRuns = $bulkResult.WarmupRuns; $BulkTimeLimit = $bulkResult.BulkTimeLimit
$WaitRuns = $wait.WaitRuns
$MemoryInputs = [int]$memory.MemoryInputs; $MemoryTimeLimit = $memory.MemoryTimeLimit

# Import: medians and the goal's ratio.
if (Get-MeasurementError $import) { $Failures.Add("import: $($import.Error)") }
$importMedians = [ordered]@{}
foreach ($name in $import.Times.Keys) { $importMedians[$name] = Get-Median $import.Times[$name] }
$importBareMedian = if ($importMedians.Contains('Bare')) { $importMedians['Bare'] } else { [double]::NaN }
$importModuleMedian = if ($importMedians.Contains('Module')) { $importMedians['Module'] } else { [double]::NaN }
$importRatio = $importModuleMedian / $importBareMedian

# Bulk start: the median rate of each contender, and the repetition nearest to it for the request counts shown.
$contenders = @($bulkResult.Contenders)
$bulk = [ordered]@{}
foreach ($entry in $contenders) {
    $bulk[$entry.Key] = $entry
    if ($entry.Error) { $Failures.Add("bulk start, $($entry.Name): $($entry.Error)") }
}
function Get-BulkSummary([string] $Key) {
    $entry = if ($bulk.Contains($Key)) { $bulk[$Key] } else { [pscustomobject]@{ Key = $Key; Name = $Key; Samples = @(); Error = 'not measured'; Skipped = 0 } }
    $samples = @($entry.Samples)
    $measured = $samples.Count -gt 0 -and -not $entry.Error
    $median = if ($measured) { Get-Median ($samples | ForEach-Object RunsPerSecond) } else { [double]::NaN }
    $typical = if ($measured) { $samples | Sort-Object { [math]::Abs($_.RunsPerSecond - $median) } | Select-Object -First 1 } else { $null }
    return [pscustomobject]@{ Entry = $entry; Samples = $samples; Measured = $measured; Median = $median; Typical = $typical }
}
$summaries = [ordered]@{}
foreach ($key in @($contenders | ForEach-Object Key) + @('adf32', 'http32', 'irm', 'http32get', 'adf32p', 'http32p')) { if (-not $summaries.Contains($key)) { $summaries[$key] = Get-BulkSummary $key } }
$adf32 = $summaries['adf32']; $http32 = $summaries['http32']; $irm = $summaries['irm']
$allRunsStarted = { param($s) $s.Measured -and @($s.Samples | Where-Object { $_.Failed -gt 0 -or $_.Succeeded -ne $_.Piped }).Count -eq 0 }
$ratioVsHttp = $adf32.Median / $http32.Median
$adfRequestsPerRun = if ($adf32.Measured) { $adf32.Typical.TotalRequests / $adf32.Typical.Succeeded } else { [double]::NaN }
if (Get-MeasurementError $limits) { $Failures.Add("service limits: $($limits.Error)") }
if (Get-MeasurementError $fabric) { $Failures.Add("fabric: $($fabric.Error)") }
$fabricWaitGoal = $fabric.Measured -and $fabric.PerRunPerPoll -le 0.05
$fabricStormGoal = $fabric.Measured -and $fabric.StormEmitted -eq $fabric.StormStarts -and $fabric.StormCreated -eq $fabric.StormStarts -and $fabric.StormErrors -eq 0 -and $fabric.StormDuplicates -eq 0 -and $fabric.StormMissing -eq 0

if (Get-MeasurementError $wait) { $Failures.Add("waiting: $($wait.Error)") }

# Memory: the growths; the goal is judged on the larger of the sampled working set's and the kernel's peak RSS's.
if (Get-MeasurementError $memory) { $Failures.Add("memory: $($memory.Error)") }
if ($memory.Measured) {
    $result = $memory.Result
    $memory | Add-Member -NotePropertyName WorkingSetGrowthMiB -NotePropertyValue (($result.PeakWorkingSet - $result.BaselineWorkingSet) / 1MB)
    $memory | Add-Member -NotePropertyName GcHeapGrowthMiB -NotePropertyValue (($result.PeakGcHeap - $result.BaselineGcHeap) / 1MB)
    $memory | Add-Member -NotePropertyName HwmGrowthMiB -NotePropertyValue $(if ($result.HwmReset -and $result.PeakRssKiB) { ($result.PeakRssKiB - $result.BaselineRssKiB) / 1KB } else { [double]::NaN })
    $memory | Add-Member -NotePropertyName GrowthMiB -NotePropertyValue ([math]::Max($memory.WorkingSetGrowthMiB, $(if ([double]::IsNaN($memory.HwmGrowthMiB)) { 0 } else { $memory.HwmGrowthMiB })))
}

. (Join-Path $PSScriptRoot 'ReportSpeed.ps1')
$results += @($readBack, $firstRun)

$lastResult = @($results | Where-Object { Test-Property $_ 'LoadAverageAtEnd' }) | Select-Object -Last 1
$benchSeconds = ($results | Where-Object { Test-Property $_ 'ScriptSeconds' } | Measure-Object ScriptSeconds -Sum).Sum


$httpGoal = $adf32.Measured -and $http32.Measured -and (& $allRunsStarted $adf32) -and $ratioVsHttp -ge 0.8
$waitGoal = $wait.Measured -and $wait.PerRunPerPoll -le 0.02
$requestsGoal = $adf32.Measured -and (& $allRunsStarted $adf32) -and $adfRequestsPerRun -le 1.05
$limitsAccounted = $limits.Measured -and $limits.Created -eq $limits.Runs -and $limits.Emitted -eq $limits.Runs -and $limits.Errors -eq 0 -and $limits.Duplicates -eq 0 -and $limits.Missing -eq 0
$limitsRefusalGoal = $limits.Measured -and $limits.ThrottlingErrors -eq 0 -and $limits.Errors -eq 0
$limitsQueueGoal = $limits.Measured -and $limits.PeakQueuedRunsMax -le $limits.QueueLength
$limitsQueryGoal = $limits.Measured -and $limits.PeakMonitoringQueriesPerMinute -le $limits.MonitoringQueriesPerMinute
$limitsTimeGoal = $limits.Measured -and $limits.RatioNominal -le 1.15
$memoryGoal = $memory.Measured -and -not $memory.Result.Capped -and $memory.Result.Errors -eq 0 -and $memory.GrowthMiB -lt 100

$machine['Load average (1 / 5 / 15 min) at end'] = if ($lastResult) { $lastResult.LoadAverageAtEnd } else { 'unknown' }
$md = [Text.StringBuilder]::new()
function Add-Line([string] $Text = '') { $null = $md.AppendLine($Text) }

Add-Line '# AdfRuns benchmarks'
Add-Line
Add-Line 'Generated by `./build.ps1 -Task Bench` (bench/Measure-*.ps1, then bench/Write-BenchReport.ps1); every number below was measured in the run'
Add-Line 'described here, and every ratio compares contenders measured in that same run. Nothing is typed in by hand:'
Add-Line 're-run the task to refresh this page.'
Add-Line
Add-Line '## Machine'
Add-Line
Add-Line '| | |'
Add-Line '|---|---|'
foreach ($item in $machine.GetEnumerator()) { Add-Line "| $($item.Key) | $($item.Value) |" }
Add-Line
$startLoad = if (Test-Path /proc/loadavg) { [double]::Parse(($machine['Load average (1 / 5 / 15 min) at start'] -split ' ')[0], [cultureinfo]::InvariantCulture) } else { 0 }
if ($machine['Waited before measuring'] -like 'still busy*') {
    Add-Line "The machine did not go quiet within a minute (see above), so absolute rates are lower and noisier than on an idle machine; the interleaving and medians keep the ratios comparable, but the import ratio suffers most."
    Add-Line
}
elseif ($startLoad -gt [Environment]::ProcessorCount / 2) {
    Add-Line "The 1-minute load average ($startLoad on $([Environment]::ProcessorCount) cores) still remembers the build that ran just before; the CPU itself was idle for 3 seconds in a row when measuring began."
    Add-Line
}
Add-Line '## Goals'
Add-Line
Add-Line '| goal | measured | result |'
Add-Line '|---|---|---|'
Add-SpeedGoalRows
Add-Line "| service limits: all $($limits.Runs) runs created once, 0 errors | $(if ($limits.Measured) { "$($limits.Created) created, $($limits.Duplicates) duplicates, $($limits.Missing) missing, $($limits.Errors) errors" } else { 'n/a' }) | $(Format-Goal $limits.Measured $limitsAccounted) |"
Add-Line "| service limits: no 429 or queue-full refusal reaches the user | $(if ($limits.Measured) { "$($limits.ThrottlingErrors) errors$(if (Test-Property $limits 'Warnings') { ", $($limits.Warnings) warnings" }) (the emulator refused $($limits.Refusals))" } else { 'n/a' }) | $(Format-Goal $limits.Measured $limitsRefusalGoal) |"
Add-Line "| service limits: queued runs per pipeline <= $(if ($limits.Measured) { $limits.QueueLength } else { 100 }) | $(if ($limits.Measured) { $limits.PeakQueuedRunsMax } else { 'n/a' }) | $(Format-Goal $limits.Measured $limitsQueueGoal) |"
Add-Line "| service limits: monitoring queries in any 60 s <= the limit | $(if ($limits.Measured) { "$($limits.PeakMonitoringQueriesPerMinute) (limit $($limits.MonitoringQueriesPerMinute))" } else { 'n/a' }) | $(Format-Goal $limits.Measured $limitsQueryGoal) |"
Add-Line "| service limits: elapsed / fastest the write bucket and queues allow <= 1.15 | $(if ($limits.Measured) { (Format-Number $limits.RatioNominal '0.00') + " ($(Format-Number $limits.Seconds '0.0') s / $(Format-Number $limits.BoundNominal '0.0') s)" } else { 'n/a' }) | $(Format-Goal $limits.Measured $limitsTimeGoal) |"
Add-TriggerRerunGoals $triggers
Add-Line "| waiting: QueryRuns requests per run per poll <= 0.02 | $(if ($wait.Measured) { Format-Number $wait.PerRunPerPoll '0.0000' } else { 'n/a' }) | $(Format-Goal $wait.Measured $waitGoal) |"
Add-Line "| fabric: requests per run per poll waiting on $($fabric.WaitRuns) runs of one pipeline <= 0.05 | $(if ($fabric.Measured) { Format-Number $fabric.PerRunPerPoll '0.0000' } else { 'n/a' }) | $(Format-Goal $fabric.Measured $fabricWaitGoal) |"
Add-Line "| fabric: $($fabric.StormStarts) starts under a RequestBlocked storm all accounted, 0 errors | $(if ($fabric.Measured) { "$($fabric.StormEmitted) emitted, $($fabric.StormCreated) created, $($fabric.StormDuplicates) duplicates, $($fabric.StormMissing) missing, $($fabric.StormErrors) errors" } else { 'n/a' }) | $(Format-Goal $fabric.Measured $fabricStormGoal) |"
Add-Line "| memory: growth while $($MemoryInputs.ToString('N0', [cultureinfo]::InvariantCulture)) inputs are piped < 100 MiB | $(if ($memory.Measured) { (Format-Number $memory.GrowthMiB '0.0') + ' MiB' + $(if ($memory.Result.Capped) { " (capped: only $($memory.Result.Piped) inputs piped in $MemoryTimeLimit s)" } else { '' }) } else { 'n/a' }) | $(Format-Goal $memory.Measured $memoryGoal) |"
Add-Line
if ($Failures.Count -gt 0) {
    Add-Line '**Measurements that failed in this run:**'
    Add-Line
    foreach ($failure in $Failures) { Add-Line "- $($failure -replace '\r?\n', ' ')" }
    Add-Line
}

Add-Line '## 1. Import time'
Add-Line
Add-Line "Wall clock of the whole process, $ImportRuns runs of each, interleaved (one of each command per round) after one"
Add-Line 'untimed run of each:'
Add-Line
Add-Line '- module: `pwsh -NoProfile -NonInteractive -Command "Import-Module <module>; $null = Get-Command Start-AdfPipelineRun"`'
Add-Line '- bare: `pwsh -NoProfile -NonInteractive -Command "exit"`'
Add-Line '- reference, empty module: `pwsh -NoProfile -NonInteractive -Command "Import-Module <a manifest that exports nothing>; $null = Get-Command Import-Module"`'
Add-Line '- reference, empty module + views: the same, with a manifest that also lists AdfRuns.format.ps1xml and AdfRuns.types.ps1xml'
Add-Line '- reference, PSResourceGet: `pwsh -NoProfile -NonInteractive -Command "Import-Module Microsoft.PowerShell.PSResourceGet; $null = Get-Command Find-PSResource"`'
Add-Line
Add-Line '| | median | min | max | median / bare |'
Add-Line '|---|---|---|---|---|'
if ($import.Measured) {
    $importLabels = @{ Module = 'module (AdfRuns)'; Bare = 'bare'; EmptyModule = 'reference: empty module'; EmptyModuleViews = 'reference: empty module + AdfRuns'' format and type files'; PSResourceGet = 'reference: PSResourceGet' }
    foreach ($name in $import.Times.Keys) {
        $times = $import.Times[$name]
        Add-Line "| $($importLabels[$name]) | $(Format-Number $importMedians[$name]) ms | $(Format-Number ($times | Measure-Object -Minimum).Minimum) ms | $(Format-Number ($times | Measure-Object -Maximum).Maximum) ms | $(Format-Number ($importMedians[$name] / $importBareMedian) '0.00') |"
    }
    Add-Line
    Add-Line "Ratio of the medians: **$(Format-Number $importRatio '0.00')** (the module adds $(Format-Number ($importModuleMedian - $importBareMedian)) ms)."
    if ($importMedians.Contains('EmptyModule')) {
        Add-Line "Importing a manifest module that exports nothing (and resolving a built-in cmdlet, as the module's command resolves one of its own) measured $(Format-Number ($importMedians['EmptyModule'] / $importBareMedian) '0.00') of bare in the same rounds: that much of any"
        Add-Line "module's ratio is PowerShell's own first Import-Module (its command processor, manifest reader and module loader compile"
        Add-Line "on first use); AdfRuns' own part is the difference, $(Format-Number $importWholeProcessPart) ms."
        if ($importMedians.Contains('EmptyModuleViews')) {
            Add-Line "The reference with AdfRuns' format and type files measured $(Format-Number ($importMedians['EmptyModuleViews'] - $importMedians['EmptyModule'])) ms from the empty module: whole-process times spread by more than these parts (see min and max)."
        }
        Add-ImportInProcessLines
    }
    foreach ($name in $import.ReferenceErrors.Keys) { Add-Line "The $name reference was left out: $($import.ReferenceErrors[$name])." }
}
else {
    Add-Line "| failed | $($import.Error) | | | |"
}
Add-Line

Add-Line "## 2. Bulk start of $($BulkRuns.ToString('N0', [cultureinfo]::InvariantCulture)) runs"
Add-Line
Add-Line "Each contender starts $BulkRuns runs of a pipeline ``Hello`` (no parameters) against a minimal loopback server, not the"
Add-Line 'emulator: bench/LoopbackServer.cs, run in a separate pwsh process (bench/LoopbackHost.ps1), answers `createRun` with'
Add-Line 'the request''s `x-ms-client-request-id` as the run id, the run `GET`, `queryPipelineRuns` (PipelineName `In`/`Equals`,'
Add-Line '`RunStart` order, `lastUpdatedAfter`/`Before`, pages of 100) and the pipeline `GET`, in ADF''s JSON shapes, with no'
Add-Line 'simulation, limits or request log, and counts requests by operation. Each repetition gets a fresh server, a warm-up of'
Add-Line "$WarmupRuns runs the contender's own way (JIT, connections, AdfRuns' cached pipeline definition), then the timed"
Add-Line "$BulkRuns. The contenders take turns, $Repetitions repetitions each; the table shows the median rate and the request"
Add-Line 'counts the server recorded for the timed part of the median repetition. CPU is the average number of cores busy'
Add-Line 'during the timed part, in this process (client) and in the server process. All contenders run in the bench''s own'
Add-Line "pwsh. No new input is fed after $BulkTimeLimit s, so a very slow contender is measured over that time (marked capped)."
Add-Line 'The clock stops once a contender has its results in hand (AdfRuns: its output collected into an array); counting the'
Add-Line 'runs and errors among them is the bench''s own work and is done after it.'
Add-Line
Add-Line 'JIT is the number of methods the JIT compiled in this process during the timed part (after the warm-up: what is still'
Add-Line 'compiled once warm); allocated is the bytes allocated in this process per run, both independent of the machine''s load.'
Add-Line 'Contenders marked "typed `Index` parameter" start pipeline `Indexed`, which declares `Index` (Int): AdfRuns gets'
Add-Line 'objects `{ PipelineName; Parameter = @{ Index = n } }` bound by property name, the HttpClient loop posts `{"Index":n}`;'
Add-Line 'their "vs HttpClient" compares with that loop.'
Add-Line
Add-Line '| contender | runs/s (median) | runs/s per repetition | vs HttpClient | vs sequential IRM | requests sent (timed part) | requests/s | client / server CPU (cores) | client CPU per run | JIT methods | allocated per run | failed |'
Add-Line '|---|---|---|---|---|---|---|---|---|---|---|---|'
foreach ($contender in $contenders) {
    $summary = $summaries[$contender.Key]
    if (-not $summary.Measured) {
        Add-Line "| $($contender.Name) | **failed** | | | | | | | | | | $(($summary.Entry.Error -replace '\r?\n', ' ') -replace '\|', '/') |"
        continue
    }
    $typical = $summary.Typical
    $perRepetition = ($summary.Samples | ForEach-Object {
        (Format-Number $_.RunsPerSecond) + $(if ($_.Capped) { " (**capped**: no input after $BulkTimeLimit s; $($_.Succeeded) of $BulkRuns runs in $(Format-Number $_.Seconds '0.0') s)" } else { '' })
    }) -join ', '
    if ($summary.Entry.Skipped -gt 0) { $perRepetition += " (measured once: it hit the time cap or took over 30 s)" }
    $failed = ($summary.Samples | Measure-Object Failed -Sum).Sum
    $failedText = if ($failed -gt 0) { "$failed ($((($summary.Samples | Where-Object FirstError | Select-Object -First 1).FirstError -replace '\r?\n', ' ') -replace '\|', '/'))" } else { '0' }
    $baseline = if ($contender.Key -like '*p') { $http32p } else { $http32 }
    $jitText = if (Test-Property $typical 'JitMethods') { "$($typical.JitMethods) ($(Format-Number $typical.JitMs) ms)" } else { 'n/a' }
    $bytesText = if (Test-Property $typical 'BytesPerRun') { (Format-Number ($typical.BytesPerRun / 1KB) '0.0') + ' KB' } else { 'n/a' }
    Add-Line ("| {0} | **{1}** | {2} | {3} x | {4} x | {5} ({6} per run) | {7} | {8} / {9} | {11} ms | {12} | {13} | {10} |" -f $contender.Name,
        (Format-Number $summary.Median), $perRepetition,
        (Format-Number ($summary.Median / $baseline.Median) '0.00'), (Format-Number ($summary.Median / $irm.Median) '0.0'),
        (Format-RequestCount $typical.Requests), (Format-Number ($typical.TotalRequests / $typical.Succeeded) '0.00'),
        (Format-Number ($typical.TotalRequests / $typical.Seconds)),
        (Format-Number $typical.ClientCpu '0.00'), (Format-Number $typical.ServerCpu '0.00'), $failedText,
        (Format-Number (1000 * $typical.ClientCpu * $typical.Seconds / $typical.Succeeded) '0.00'), $jitText, $bytesText)
}
Add-Line
Add-Line 'What is compared, honestly:'
Add-Line
Add-Line '- **AdfRuns does more per run than a bare POST.** `Start-AdfPipelineRun` returns the service''s record of each run'
Add-Line '  (status, times, parameters), not only an id: after the `createRun`s it reads the started runs back in batches, one'
Add-Line '  `queryPipelineRuns` per batch (a run a query does not return falls back to a `GET`); and the parameters are checked'
Add-Line "  against the pipeline's definition, fetched once and then cached per factory and pipeline for 10 minutes (the warm-up"
Add-Line '  fetches it; any fetch in the timed part would show as `GetPipeline` in the table). The baselines send one `POST` per'
Add-Line '  run and keep only the `runId`. The "requests sent" column shows the difference.'
$coldDefinitionGets = @($bulk.Values | ForEach-Object { $_.Samples } | Where-Object { $_.WarmupRequests.Contains('GetPipeline') } | ForEach-Object { $_.WarmupRequests['GetPipeline'] })
if ($coldDefinitionGets.Count -gt 0) {
    Add-Line "- The definition was fetched only by the warm-up(s) that found AdfRuns' cache cold: $($coldDefinitionGets -join ', ') ``GetPipeline`` request(s)."
}
if ($adf32.Measured -and $http32.Measured) {
    $httpRps = $http32.Typical.TotalRequests / $http32.Typical.Seconds
    $adfRps = $adf32.Typical.TotalRequests / $adf32.Typical.Seconds
    Add-Line ("- Counted in HTTP requests instead of runs, AdfRuns at 32 sent {0} requests/s against the HttpClient loop's {1} requests/s ({2} x)." -f (Format-Number $adfRps), (Format-Number $httpRps), (Format-Number ($adfRps / $httpRps) '0.00'))
}
$adf1 = $summaries['adf1']
if ($adf1.Measured -and $adf1.Typical.Requests.Contains('GetRun') -and $adf1.Typical.Requests['GetRun'] -ge 900) {
    Add-Line ("- At ``-ThrottleLimit 1`` each run is read back on its own, with a ``GET`` ({0} in the timed part), and AdfRuns keeps monitoring queries (run ``GET``s and queries) under ADF's 1,000 a minute per factory, warm-up included: beyond that it paces itself at about 16 runs/s, which is what its rate shows here." -f $adf1.Typical.Requests['GetRun'])
}
$readBackLoop = $summaries['http32get']
if ($adf32.Measured -and $readBackLoop.Measured) {
    Add-Line ("- Against the HttpClient loop doing the same two requests per run (POST, then GET of the run), AdfRuns at 32 reaches {0} x its rate ({1} against {2} runs/s)." -f (Format-Number ($adf32.Median / $readBackLoop.Median) '0.00'), (Format-Number $adf32.Median), (Format-Number $readBackLoop.Median))
}
Add-FloorLine
if ($http32.Measured -and $irm.Measured) {
    $wireOverIrm = $http32.Median / $irm.Median
    $line = "- The bare POST loop itself reached {0} x the sequential Invoke-RestMethod loop in this run." -f (Format-Number $wireOverIrm '0.0')
    if ($wireOverIrm -lt 10) {
        $line += ' That loop does nothing per run but the POST, so it is the wire''s pace here: a cmdlet that sends one `createRun` per run cannot be expected to beat it (which is why the old goal of 10 x this loop was dropped); the ratio to the POST loop is the one that says how close AdfRuns gets to the wire.'
    }
    Add-Line $line
}
$allSamples = @($bulk.Values | ForEach-Object { $_.Samples })
if ($allSamples.Count -gt 0) {
    $maxServed = ($allSamples | ForEach-Object { $_.TotalRequests / $_.Seconds } | Measure-Object -Maximum).Maximum
    $maxServerCpu = ($allSamples | ForEach-Object ServerCpu | Measure-Object -Maximum).Maximum
    $line = "- The server is the same minimal loopback server for every contender. In this run it served up to {0} requests/s" -f (Format-Number $maxServed)
    $line += " and its process never used more than {0} of the {1} logical cores, which client and server share." -f (Format-Number $maxServerCpu '0.00'), [Environment]::ProcessorCount
    if ($adf32.Measured) {
        $adfRps = $adf32.Typical.TotalRequests / $adf32.Typical.Seconds
        if ($adfRps -lt 0.8 * $maxServed) {
            $line += " AdfRuns at 32 sent {0} requests/s, well below what the server served another contender, so the server was not what limited AdfRuns." -f (Format-Number $adfRps)
        }
        else {
            $line += " AdfRuns at 32 sent {0} requests/s, close to the most the server served, so the server may be what limits it here." -f (Format-Number $adfRps)
        }
    }
    Add-Line $line
}
Add-Line
Add-Line "## 3. Waiting on $WaitRuns runs"
Add-Line
if ($wait.Measured -or (Test-Property $wait 'Polls')) {
    Add-Line "$WaitRuns runs started with ``Start-AdfPipelineRun -ThrottleLimit 32`` (emulator ``-ActivityDuration 0:0:3``, in another"
    Add-Line "process), then ``Wait-AdfPipelineRun -PollingInterval 0:0:0.5`` on all of them. Requests counted from the start of the wait."
    Add-Line 'A poll is a burst of `QueryRuns` requests (one per page of 100 runs, sent back to back); bursts more than half an'
    Add-Line 'interval apart are counted as separate polls.'
    Add-Line
    Add-Line '| | |'
    Add-Line '|---|---|'
    Add-Line "| runs finished | $($wait.Finished) of $WaitRuns ($($wait.Succeeded) succeeded, $($wait.Errors) errors) in $(Format-Number $wait.Seconds '0.0') s |"
    Add-Line "| polls | $($wait.Polls) |"
    Add-Line "| requests sent during the wait | $(Format-RequestCount $wait.Requests) |"
    Add-Line "| QueryRuns requests per run per poll | **$(Format-Number $wait.PerRunPerPoll '0.0000')** (= $($wait.QueryRuns) / ($WaitRuns x $($wait.Polls))) |"
    Add-Line "| all requests per run per poll | $(Format-Number $wait.AllPerRunPerPoll '0.0000') |"
    Add-Line "| for comparison, one GET per run per poll | 1 |"
}
else {
    Add-Line "Failed: $($wait.Error)"
}
Add-Line
Add-Line "## 4. Peak memory for $($MemoryInputs.ToString('N0', [cultureinfo]::InvariantCulture)) piped inputs"
Add-Line
if ($memory.Measured) {
    $r = $memory.Result
    Add-Line "A child pwsh (bench/MemoryChild.ps1) imports the module, warms up with 200 runs, then pipes $($r.Inputs) ``'Hello'``"
    Add-Line "(no new input after $($r.TimeLimitSeconds) s: $(if ($r.Capped) { "**capped, only $($r.Piped) were piped**" } else { "all $($r.Piped) were piped" }))"
    Add-Line 'strings into `Start-AdfPipelineRun -ThrottleLimit 32 | Out-Null`. The emulator runs in another process, so its own'
    Add-Line "memory (every run and request it records) does not count. The child samples its working set and GC heap every"
    Add-Line "20 ms ($($r.Samples) samples) and reads the kernel's peak RSS (VmHWM, reset just before the bulk start$(if (-not $r.HwmReset) { '; the reset was refused here, so this peak may predate the bulk start' }))."
    Add-Line
    Add-Line '| | before | peak | growth |'
    Add-Line '|---|---|---|---|'
    Add-Line ("| working set (sampled) | {0:0.0} MiB | {1:0.0} MiB | **{2:0.0} MiB** |" -f ($r.BaselineWorkingSet / 1MB), ($r.PeakWorkingSet / 1MB), $memory.WorkingSetGrowthMiB)
    if ($r.PeakRssKiB) {
        Add-Line ("| RSS (kernel peak, VmHWM) | {0:0.0} MiB | {1:0.0} MiB | {2} MiB |" -f ($r.BaselineRssKiB / 1KB), ($r.PeakRssKiB / 1KB), (Format-Number $memory.HwmGrowthMiB '0.0'))
    }
    Add-Line ("| GC heap (sampled) | {0:0.0} MiB | {1:0.0} MiB | {2:0.0} MiB |" -f ($r.BaselineGcHeap / 1MB), ($r.PeakGcHeap / 1MB), $memory.GcHeapGrowthMiB)
    Add-Line
    Add-Line ("The goal is judged on the larger of the two process-memory growths: **{0:0.0} MiB**. The bulk start took {1:0.0} s ({2:0} inputs/s), with {3} errors; the emulator recorded {4} (warm-up included)." -f $memory.GrowthMiB, $r.Seconds, ($r.Piped / $r.Seconds), $r.Errors, (Format-RequestCount $memory.Requests))
    if ($r.FirstError) { Add-Line; Add-Line "First error: $($r.FirstError)" }
}
else {
    Add-Line "Failed: $($memory.Error)"
}
Add-Line
Add-Line "## 5. Bulk start at the service's limits: $($limits.Runs.ToString('N0', [cultureinfo]::InvariantCulture)) starts over $(if (Test-Property $limits 'Pipelines') { $limits.Pipelines } else { 'n/a' }) pipelines"
Add-Line
if ($limits.Measured) {
    $l = $limits
    $inv = [cultureinfo]::InvariantCulture
    Add-Line "One ``Start-AdfPipelineRun -ThrottleLimit $($l.ThrottleLimit)`` of $($l.Runs) piped inputs (``PipelineName`` and a distinct ``Index`` parameter"
    Add-Line "each), spread over $($l.Pipelines) pipelines: $($l.SerialPipelines) with ``""concurrency"": 1`` and $($l.SerialRuns) starts each (so their 100-run queues fill),"
    Add-Line "the others sharing the remaining $($l.Runs - $l.SerialPipelines * $l.SerialRuns); each pipeline's starts are spread evenly over the input. The emulator runs in"
    Add-Line "another process with all of the service's limits on (``-ServiceLimits``), ARM's buckets scaled to $($l.ArmWritesPerSecond.ToString($inv)) writes and"
    Add-Line "$($l.ArmReadsPerSecond.ToString($inv)) reads a second (the time scale is compressed; the ratio is what counts), the monitoring-query limit at"
    Add-Line "$($l.MonitoringQueriesPerMinute) a minute, and one Wait activity of $($l.ActivityDuration.ToString($inv)) s per run."
    Add-Line
    Add-Line '| | |'
    Add-Line '|---|---|'
    Add-Line "| runs emitted / created by the emulator | $($l.Emitted) / $($l.Created) ($($l.Duplicates) duplicates, $($l.Missing) missing) |"
    Add-Line "| errors reaching the user | $($l.Errors) ($($l.ThrottlingErrors) about throttling)$(if (@($l.FirstErrors).Count) { ': ' + ((@($l.FirstErrors) -join '; ') -replace '\r?\n', ' ' -replace '\|', '/') }) |"
    if (Test-Property $l 'Warnings') { Add-Line "| warnings reaching the user | $($l.Warnings)$(if (@($l.FirstWarnings).Count) { ': ' + ((@($l.FirstWarnings) -join '; ') -replace '\r?\n', ' ' -replace '\|', '/') }) |" }
    Add-Line "| refusals the emulator answered (429s and queue-full) | $($l.Refusals) ($($l.CreateRunRefusals) of them ``createRun``) |"
    Add-Line "| requests by operation and status | $(Format-RequestCount $l.Requests) |"
    Add-Line "| most runs queued in one pipeline | $($l.PeakQueuedRunsMax) (limit $($l.QueueLength)) |"
    Add-Line "| most monitoring queries in any 60 s | $($l.PeakMonitoringQueriesPerMinute) (limit $($l.MonitoringQueriesPerMinute)) |"
    Add-Line "| elapsed | **$(Format-Number $l.Seconds '0.0') s** |"
    Add-Line "| write bound: (runs - bucket) / refill = max(0, $($l.Runs) - $($l.WriteBucket)) / $($l.ArmWritesPerSecond.ToString($inv)) | $(Format-Number $l.WriteBound '0.0') s |"
    Add-Line "| queue bound: (starts - 1 running - $($l.QueueLength) queued) x run duration = $($l.QueueWaits) x $($l.ActivityDuration.ToString($inv)) s | $(Format-Number $l.QueueBoundNominal '0.0') s |"
    Add-Line "| fastest the write bucket and the queues allow: max of the two | **$(Format-Number $l.BoundNominal '0.0') s**, elapsed / bound = **$(Format-Number $l.RatioNominal '0.00')** |"
    Add-Line "| the same with the period the emulator actually ran each concurrency-1 pipeline's runs at ($(Format-Number $l.MeasuredRunPeriod '0.000') s, the median gap between consecutive run ends) | $(Format-Number $l.BoundMeasured '0.0') s, elapsed / bound = $(Format-Number $l.RatioMeasured '0.00') |"
    Add-Line
    Add-Line 'The bound is a lower bound on any client: the write bucket starts full and every run needs one accepted `createRun`;'
    Add-Line "a concurrency-1 pipeline's last start is accepted only once all but 1 running and $($l.QueueLength) queued of its earlier runs have ended, one"
    Add-Line 'after another. The two overlap (other pipelines'' starts can be spent while a queue drains), so the bound is their'
    Add-Line 'maximum, not their sum. The goal is judged on the nominal run duration; the second line shows how much of the gap is'
    Add-Line 'the emulator taking longer than its nominal duration between one run and the next.'
}
else {
    Add-Line "Failed: $($limits.Error)"
}
Add-Line
Add-ReadBackSection 6
Add-FirstRunSection 7
Add-EmulatorProcessSection $process
Add-TriggerRerunSection $triggers

Add-FabricSection $fabric
Add-Line ('Total bench time: {0:0} s.' -f $benchSeconds)

$directory = Split-Path -Parent $OutputPath
if ($directory -and -not (Test-Path $directory)) { New-Item -ItemType Directory -Force -Path $directory | Out-Null }
[IO.File]::WriteAllText($OutputPath, $md.ToString().Replace("`r`n", "`n"), [Text.UTF8Encoding]::new($false))
Write-BenchStep "Wrote $OutputPath"

