#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Read-back goal: -Runs piped starts at -ThrottleLimit 16 against the minimal loopback server answering each createRun
    after 20 to 50 ms, on the machine as it is and again while other processes keep every core busy; requests per
    run as the server counts them. Writes read-back.json under -OutputPath.
.DESCRIPTION
    The runs are read back in batches (bench/../src/AdfRuns.Engine/Starting/ReadBackBatcher.cs); how many runs a
    batch holds must not depend on how fast the service answers or how busy the machine is. Each repetition gets a
    fresh server (bench/LoopbackHost.ps1 -CreateRunDelay 20-50) and a warm-up of 32 runs (the pipeline's definition
    is cached by then); the two conditions take turns. The busy load is one shell per logical core spinning in a loop,
    started before and stopped after each busy repetition. Exits 1 when a repetition could not be measured.
.EXAMPLE
    pwsh -File bench/Measure-ReadBack.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -Repetitions 1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $Runs = 300,
    [int] $ThrottleLimit = 16,
    [string] $CreateRunDelay = '20-50',
    [ValidateRange(1, 9)] [int] $Repetitions = 3
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Import-Module $ModulePath

# One spinning shell loop per logical core (a pwsh where there is no /bin/sh): the goal's "another process keeps both
# cores busy". A shell starts in milliseconds; a pwsh is given two seconds to start spinning.
function Start-CoreLoad {
    $shell = if (Test-Path /bin/sh) { '/bin/sh' } else { Get-BenchPwsh }
    $arguments = if ($shell -eq '/bin/sh') { @('-c', 'while :; do :; done') } else { @('-NoProfile', '-NonInteractive', '-Command', 'while ($true) { }') }
    $processes = @(1..[Environment]::ProcessorCount | ForEach-Object {
        $info = [Diagnostics.ProcessStartInfo]::new($shell)
        foreach ($argument in $arguments) { $info.ArgumentList.Add($argument) }
        $info.UseShellExecute = $false
        [Diagnostics.Process]::Start($info)
    })
    Start-Sleep -Milliseconds $(if ($shell -eq '/bin/sh') { 300 } else { 2000 })
    return $processes
}

function Stop-CoreLoad($Processes) {
    foreach ($process in $Processes) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.Dispose()
    }
}

Write-BenchStep "6. read-back: $Runs starts at -ThrottleLimit $ThrottleLimit, createRun answered in $CreateRunDelay ms, quiet and with every core busy, $Repetitions repetitions"
$conditions = [ordered]@{ Quiet = [Collections.Generic.List[object]]::new(); Busy = [Collections.Generic.List[object]]::new() }
$result = [ordered]@{ Runs = $Runs; ThrottleLimit = $ThrottleLimit; CreateRunDelay = $CreateRunDelay; Repetitions = $Repetitions; Measured = $false; Error = $null; Conditions = $conditions }
try {
    for ($repetition = 1; $repetition -le $Repetitions; $repetition++) {
        foreach ($condition in @($conditions.Keys)) {
            $server = $null; $load = @()
            try {
                $server = Start-LoopbackHost -CreateRunDelay $CreateRunDelay
                Connect-EmulatorHost $server
                $null = @(1..32 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit)
                $null = $server.Send('clear')
                if ($condition -eq 'Busy') { $load = Start-CoreLoad }
                $errors = $null
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $started = @(1..$Runs | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable errors)
                $watch.Stop()
                $busyCpu = 0.0
                foreach ($process in $load) { $process.Refresh(); $busyCpu += $process.TotalProcessorTime.TotalSeconds }
                Stop-CoreLoad $load; $load = @()
                $requests = Get-RequestCount $server
                $total = [int](($requests.Values | Measure-Object -Sum).Sum)
                $sample = [pscustomobject][ordered]@{
                    Succeeded      = @($started | Where-Object { $_.RunId }).Count
                    Failed         = @($errors).Count
                    Seconds        = $watch.Elapsed.TotalSeconds
                    Requests       = $requests
                    TotalRequests  = $total
                    RequestsPerRun = $total / $Runs
                    LoadCpuSeconds = $busyCpu
                    LoadAverage    = Get-LoadAverage
                }
                $conditions[$condition].Add($sample)
                Write-BenchStep ("   #{0} {1,-5} {2} ok, {3} failed in {4:0.00} s; {5} ({6:0.000} per run){7}" -f $repetition, $condition, $sample.Succeeded, $sample.Failed, $sample.Seconds, (Format-RequestCount $requests), $sample.RequestsPerRun, $(if ($condition -eq 'Busy') { ("; the load used {0:0.0} CPU s" -f $busyCpu) } else { '' }))
            }
            finally {
                Stop-CoreLoad $load
                Stop-EmulatorHost $server
                Disconnect-AdfAccount
            }
        }
    }
    $result.Measured = $true
}
catch {
    $result.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
Save-BenchResult $OutputPath 'read-back' $result
exit $(if ($result.Measured) { 0 } else { 1 })
