#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Bulk-start goal: -BulkRuns runs per contender: Start-AdfPipelineRun -ThrottleLimit 1/8/32 vs Invoke-RestMethod
    (sequential and ForEach-Object -Parallel 32) vs a C# HttpClient loop with 32 requests in flight (and the same loop
    reading each run back, for scale), all against a minimal loopback server; then AdfRuns at 32 and the HttpClient
    loop again with a typed parameter (Index) on every input. Writes bulk-start.json under -OutputPath.
.DESCRIPTION
    Each repetition of each contender gets a fresh minimal loopback server in its own pwsh (bench/LoopbackHost.ps1,
    bench/LoopbackServer.cs: createRun, the run GET, queryPipelineRuns and the pipeline GET in ADF's shapes, nothing
    else, counting requests by operation) and a warm-up of -WarmupRuns runs; the contenders take turns. Exits 1 when a
    contender could not be measured.
.EXAMPLE
    pwsh -File bench/Measure-BulkStart.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -BulkRuns 200 -Repetitions 1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $BulkRuns = 2000,
    [ValidateRange(1, 9)] [int] $Repetitions = 5,
    [int] $WarmupRuns = 200,
    # No more inputs are fed after this many seconds, and the rate is taken over the time it ran: keeps the bench near
    # 10 minutes if a contender turns out very slow (e.g. an engine that paces its requests).
    [double] $BulkTimeLimit = 45,
    # Only these contenders (by key: adf1, adf8, adf32, irm, irm32, http32, http32get, adf32p, http32p, floor32, floor32p), for a quicker look.
    [string[]] $Only
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
Import-Module (Add-Type -Path (Join-Path $PSScriptRoot 'FloorCmdlet.cs') -PassThru | Select-Object -First 1).Assembly
Import-Module $ModulePath

$contenders = @(
    [pscustomobject]@{ Key = 'adf1'; Name = 'AdfRuns `Start-AdfPipelineRun -ThrottleLimit 1`'; Kind = 'AdfRuns'; Limit = 1 }
    [pscustomobject]@{ Key = 'adf8'; Name = 'AdfRuns `Start-AdfPipelineRun -ThrottleLimit 8`'; Kind = 'AdfRuns'; Limit = 8 }
    [pscustomobject]@{ Key = 'adf32'; Name = 'AdfRuns `Start-AdfPipelineRun -ThrottleLimit 32`'; Kind = 'AdfRuns'; Limit = 32 }
    [pscustomobject]@{ Key = 'irm'; Name = '`Invoke-RestMethod`, sequential loop'; Kind = 'Irm'; Limit = 1 }
    [pscustomobject]@{ Key = 'irm32'; Name = '`ForEach-Object -Parallel -ThrottleLimit 32 { Invoke-RestMethod }`'; Kind = 'Parallel'; Limit = 32 }
    [pscustomobject]@{ Key = 'http32'; Name = 'C# `HttpClient` loop, 32 in flight'; Kind = 'HttpClient'; Limit = 32 }
    # Not a goal's baseline: the same loop doing what AdfRuns does per run (createRun, then GET the run), for scale.
    [pscustomobject]@{ Key = 'http32get'; Name = 'C# `HttpClient` loop, 32 in flight, POST + GET of the run (extra)'; Kind = 'HttpClientReadBack'; Limit = 32 }
    # The same pair with a typed parameter on every input: pipeline Indexed declares Index (Int); each input is an
    # object { PipelineName; Parameter = @{ Index = n } } bound by property name, each POST body {"Index":n}.
    [pscustomobject]@{ Key = 'adf32p'; Name = 'AdfRuns `-ThrottleLimit 32`, typed `Index` parameter on each input'; Kind = 'AdfRunsIndexed'; Limit = 32 }
    [pscustomobject]@{ Key = 'http32p'; Name = 'C# `HttpClient` loop, 32 in flight, body `{"Index":n}`'; Kind = 'HttpClientIndexed'; Limit = 32 }
    # Not a goal's baseline: the floor for any cmdlet with Start-AdfPipelineRun's pipeline parameters (bench/FloorCmdlet.cs):
    # PowerShell binds each input as it does for AdfRuns, then one POST and the run id written in order, nothing else.
    [pscustomobject]@{ Key = 'floor32'; Name = 'floor: a cmdlet with the same pipeline parameters that only POSTs, 32 in flight (extra)'; Kind = 'Floor'; Limit = 32 }
    [pscustomobject]@{ Key = 'floor32p'; Name = 'floor, typed `Index` parameter on each input (extra)'; Kind = 'FloorIndexed'; Limit = 32 }
)
if ($Only) { $contenders = @($contenders | Where-Object Key -In $Only) }

# Sends up to $Count createRuns the contender's way (no new one after $TimeLimit seconds, 0 = no limit); returns
# how many inputs it was given and what it got back. Counting what came back is the bench's work, not the contender's,
# so it is left to Get-ContenderOutcome, after the clock has stopped (a Where-Object over 2,000 runs costs tens of ms).
function Invoke-Contender($Contender, $Emulator, [int] $Count, [double] $TimeLimit = 0) {
    $url = Get-CreateRunUrl $Emulator
    $headers = @{ Authorization = "Bearer $($Emulator.AccessToken)" }
    switch ($Contender.Kind) {
        { $_ -in 'AdfRuns', 'AdfRunsIndexed' } {
            # Assigned in each branch: an if's output would enumerate the feed.
            if ($Contender.Kind -eq 'AdfRuns') { $feed = [AdfRunsBench.DeadlineNames]::new('Hello', $Count, $TimeLimit) }
            else { $feed = [AdfRunsBench.DeadlineIndexedStarts]::new('Indexed', $Count, $TimeLimit) }
            $errors = $null
            $runs = @($feed | Start-AdfPipelineRun -ThrottleLimit $Contender.Limit -ErrorAction SilentlyContinue -ErrorVariable errors)
            return [pscustomobject]@{ Piped = $feed.Yielded; Capped = $feed.Capped; Runs = $runs; Errors = $errors }
        }
        { $_ -in 'Floor', 'FloorIndexed' } {
            if ($Contender.Kind -eq 'Floor') { $feed = [AdfRunsBench.DeadlineNames]::new('Hello', $Count, $TimeLimit) }
            else { $feed = [AdfRunsBench.DeadlineIndexedStarts]::new('Indexed', $Count, $TimeLimit) }
            $format = (Get-CreateRunUrl $Emulator 'PIPELINE') -creplace '/pipelines/PIPELINE/', '/pipelines/{0}/'
            $runIds = @($feed | Start-BenchFloorRun -ThrottleLimit $Contender.Limit -CreateRunUrlFormat $format -AccessToken $Emulator.AccessToken)
            return [pscustomobject]@{ Piped = $feed.Yielded; Capped = $feed.Capped; Succeeded = $runIds.Count; Failed = $feed.Yielded - $runIds.Count; FirstError = $null }
        }
        'Irm' {
            $ok = 0; $failed = 0; $first = $null; $capped = $false
            $watch = [Diagnostics.Stopwatch]::StartNew()
            for ($i = 0; $i -lt $Count; $i++) {
                if ($TimeLimit -gt 0 -and $watch.Elapsed.TotalSeconds -gt $TimeLimit) { $capped = $true; break }
                try {
                    $response = Invoke-RestMethod -Method Post -Uri $url -Headers $headers -Body '{}' -ContentType 'application/json'
                    if ($response.runId) { $ok++ } else { $failed++; if (-not $first) { $first = 'no runId in the response' } }
                }
                catch { $failed++; if (-not $first) { $first = "$_" } }
            }
            return [pscustomobject]@{ Piped = $i; Capped = $capped; Succeeded = $ok; Failed = $failed; FirstError = $first }
        }
        'Parallel' {
            $feed = [AdfRunsBench.DeadlineNames]::new('Hello', $Count, $TimeLimit)
            $results = @($feed | ForEach-Object -ThrottleLimit $Contender.Limit -Parallel {
                try {
                    $response = Invoke-RestMethod -Method Post -Uri $using:url -Headers $using:headers -Body '{}' -ContentType 'application/json'
                    if ($response.runId) { 'ok' } else { 'error: no runId in the response' }
                }
                catch { "error: $_" }
            })
            return [pscustomobject]@{ Piped = $feed.Yielded; Capped = $feed.Capped; Results = $results }
        }
        { $_ -in 'HttpClient', 'HttpClientReadBack', 'HttpClientIndexed' } {
            $indexed = $Contender.Kind -eq 'HttpClientIndexed'
            if ($indexed) { $url = Get-CreateRunUrl $Emulator 'Indexed' }
            $readBack = if ($Contender.Kind -eq 'HttpClientReadBack') {
                "$($Emulator.Endpoint)subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)" +
                    "/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)/pipelineruns/{0}?api-version=2018-06-01"
            } else { $null }
            $result = [AdfRunsBench.HttpClientLoop]::Run($url, $Emulator.AccessToken, $Count, $Contender.Limit, $readBack, $indexed)
            return [pscustomobject]@{ Piped = $Count; Capped = $false; Succeeded = $result.Succeeded; Failed = $result.Failed; FirstError = $result.FirstError }
        }
    }
}

# How many runs a contender got back, how many failed and the first error, from what Invoke-Contender returned.
function Get-ContenderOutcome($Contender, $Raw) {
    switch ($Contender.Kind) {
        { $_ -in 'AdfRuns', 'AdfRunsIndexed' } {
            $errors = @($Raw.Errors)
            return [pscustomobject]@{ Piped = $Raw.Piped; Capped = $Raw.Capped; Succeeded = @($Raw.Runs | Where-Object { $_.RunId }).Count; Failed = $errors.Count; FirstError = if ($errors.Count) { "$($errors[0])" } else { $null } }
        }
        'Parallel' {
            $errors = @($Raw.Results | Where-Object { $_ -ne 'ok' })
            return [pscustomobject]@{ Piped = $Raw.Piped; Capped = $Raw.Capped; Succeeded = @($Raw.Results).Count - $errors.Count; Failed = $errors.Count; FirstError = if ($errors.Count) { $errors[0] } else { $null } }
        }
        default { return $Raw }
    }
}

Write-BenchStep "2. bulk start: $BulkRuns runs per contender, $Repetitions repetitions (round robin), a fresh minimal loopback server each"
$bulk = [ordered]@{}
foreach ($contender in $contenders) {
    $bulk[$contender.Key] = [ordered]@{ Key = $contender.Key; Name = $contender.Name; Samples = [Collections.Generic.List[object]]::new(); Error = $null; Skipped = 0 }
}
$me = [Diagnostics.Process]::GetCurrentProcess()
for ($repetition = 1; $repetition -le $Repetitions; $repetition++) {
    foreach ($contender in $contenders) {
        $entry = $bulk[$contender.Key]
        if ($entry.Error) { continue }
        # A contender that hit the time cap or took over 30 s (e.g. an engine that paces requests) is measured once, to keep the bench short.
        if ($entry.Samples.Count -gt 0 -and ($entry.Samples[0].Capped -or $entry.Samples[0].Seconds -gt 30)) { $entry.Skipped++; continue }
        $emulator = $null
        try {
            $emulator = Start-LoopbackHost
            if ($contender.Kind -like 'AdfRuns*') { Connect-EmulatorHost $emulator }
            $warmup = Get-ContenderOutcome $contender (Invoke-Contender $contender $emulator $WarmupRuns)
            if ($warmup.Failed -gt 0) { throw "warm-up failed: $($warmup.FirstError)" }
            $warmupRequests = Get-RequestCount $emulator
            $null = $emulator.Send('clear')
            [GC]::Collect()

            $serverCpu0 = Get-ServerCpuSeconds $emulator
            $me.Refresh(); $clientCpu0 = $me.TotalProcessorTime.TotalSeconds
            # Counters that do not depend on how busy the machine is: methods the JIT compiled (this round is after
            # the warm-up, so it counts what is still compiled once warm) and bytes allocated, by every thread here.
            $jit0 = [Runtime.JitInfo]::GetCompiledMethodCount($false); $jitMs0 = [Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
            $bytes0 = [GC]::GetTotalAllocatedBytes($false)
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $raw = Invoke-Contender $contender $emulator $BulkRuns $BulkTimeLimit
            $watch.Stop()
            $bytes1 = [GC]::GetTotalAllocatedBytes($false)
            $jit1 = [Runtime.JitInfo]::GetCompiledMethodCount($false); $jitMs1 = [Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
            $me.Refresh(); $clientCpu1 = $me.TotalProcessorTime.TotalSeconds
            $serverCpu1 = Get-ServerCpuSeconds $emulator
            $outcome = Get-ContenderOutcome $contender $raw
            $raw = $null
            $requests = Get-RequestCount $emulator
            $seconds = $watch.Elapsed.TotalSeconds
            $sample = [ordered]@{
                Piped          = $outcome.Piped
                Capped         = $outcome.Capped
                Succeeded      = $outcome.Succeeded
                Failed         = $outcome.Failed
                FirstError     = $outcome.FirstError
                Seconds        = $seconds
                RunsPerSecond  = $outcome.Succeeded / $seconds
                Requests       = $requests
                TotalRequests  = [int](($requests.Values | Measure-Object -Sum).Sum)
                WarmupRequests = $warmupRequests
                JitMethods     = $jit1 - $jit0
                JitMs          = $jitMs1 - $jitMs0
                BytesPerRun    = ($bytes1 - $bytes0) / [math]::Max(1, $outcome.Succeeded)
                ClientCpu      = ($clientCpu1 - $clientCpu0) / $seconds
                ServerCpu      = ($serverCpu1 - $serverCpu0) / $seconds
            }
            $entry.Samples.Add([pscustomobject]$sample)
            Write-BenchStep ("   #{0} {1,-70} {2,6:0} runs/s ({3} ok, {4} failed, {5:0.00} s{9}; client {6:0.00} / server {7:0.00} cores; {8}; JIT {10} methods, {11:0} B/run)" -f $repetition, $contender.Name, $sample.RunsPerSecond, $sample.Succeeded, $sample.Failed, $seconds, $sample.ClientCpu, $sample.ServerCpu, (Format-RequestCount $requests), $(if ($sample.Capped) { ", CAPPED at $BulkTimeLimit s after $($sample.Piped) inputs" } else { '' }), $sample.JitMethods, $sample.BytesPerRun)
        }
        catch {
            $entry.Error = "$_"
            Write-BenchStep "   #$repetition $($contender.Name) FAILED: $_"
        }
        finally {
            Stop-EmulatorHost $emulator
        }
    }
}

$result = [ordered]@{
    BulkRuns = $BulkRuns; Repetitions = $Repetitions; WarmupRuns = $WarmupRuns; BulkTimeLimit = $BulkTimeLimit
    Contenders = @($bulk.Values)
}
Save-BenchResult $OutputPath 'bulk-start' $result
exit $(if (@($bulk.Values | Where-Object { $_.Error }).Count) { 1 } else { 0 })
