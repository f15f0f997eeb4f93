#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Quick A/B harness for the bulk start's client cost (not part of ./build.ps1 -Task Bench): pipes -Runs inputs into
    Start-AdfPipelineRun -ThrottleLimit -Limit, -Rounds times in one process, against the minimal loopback server
    (bench/LoopbackHost.ps1), and prints per round the rate, the client's CPU per run and the counters that do not
    depend on how busy the machine is: thread-pool work items, bytes allocated and methods JIT-compiled.
.DESCRIPTION
    Compare two builds by running it once per build, alternately, and comparing medians; the later rounds show the
    cost once .NET's tiered JIT has caught up (in a pwsh process it keeps compiling for tens of thousands of runs).
    To see where the CPU goes, attach a profiler to the printed PID, e.g.
    dotnet-trace collect -p <PID> --profile dotnet-sampled-thread-time --format Speedscope, or run it with
    DOTNET_PerfMapEnabled=1 and `perf record -g -p <PID>`.
.EXAMPLE
    pwsh -File bench/Measure-BulkStartCost.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -Rounds 10
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Rounds = 8,
    [int] $Runs = 2000,
    [int] $Limit = 32,
    # Seconds to wait after the warm-up, e.g. to attach a profiler.
    [int] $StartDelay = 0,
    # Measure the C# HttpClient loop of bench/BenchHelpers.cs instead, for scale.
    [switch] $HttpClient,
    # A typed parameter on each input: pipeline Indexed, objects { PipelineName; Parameter = @{ Index = n } }
    # (the HttpClient loop posts {"Index":n}).
    [switch] $Indexed
)

$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
Import-Module (Resolve-Path $ModulePath).Path
$server = Start-LoopbackHost
try {
    Connect-EmulatorHost $server
    # The inputs, the same for the warm-up and every round.
    function New-Feed([int] $Count) {
        if ($Indexed) { return , [AdfRunsBench.DeadlineIndexedStarts]::new('Indexed', $Count, 0) }
        return , [AdfRunsBench.DeadlineNames]::new('Hello', $Count, 0)
    }
    $null = @((New-Feed 200) | Start-AdfPipelineRun -ThrottleLimit $Limit)
    Write-Host "PID $PID"
    if ($StartDelay) { Start-Sleep -Seconds $StartDelay }
    $me = [Diagnostics.Process]::GetCurrentProcess()
    $rates = @(); $cpus = @(); $items = @(); $bytes = @()
    for ($round = 0; $round -lt $Rounds; $round++) {
        $null = $server.Send('clear')
        [GC]::Collect()
        $me.Refresh(); $cpu0 = $me.TotalProcessorTime.TotalMilliseconds
        $items0 = [Threading.ThreadPool]::CompletedWorkItemCount; $bytes0 = [GC]::GetTotalAllocatedBytes($false)
        $jit0 = [Runtime.JitInfo]::GetCompiledMethodCount($false); $jitTime0 = [Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
        $watch = [Diagnostics.Stopwatch]::StartNew()
        if ($HttpClient) {
            $done = [AdfRunsBench.HttpClientLoop]::Run((Get-CreateRunUrl $server $(if ($Indexed) { 'Indexed' } else { 'Hello' })), $server.AccessToken, $Runs, $Limit, $null, $Indexed.IsPresent).Succeeded
        }
        else {
            $done = @((New-Feed $Runs) | Start-AdfPipelineRun -ThrottleLimit $Limit).Count
        }
        $watch.Stop()
        $me.Refresh(); $cpu1 = $me.TotalProcessorTime.TotalMilliseconds
        $items1 = [Threading.ThreadPool]::CompletedWorkItemCount; $bytes1 = [GC]::GetTotalAllocatedBytes($false)
        $jit1 = [Runtime.JitInfo]::GetCompiledMethodCount($false); $jitTime1 = [Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
        $rates += $done / $watch.Elapsed.TotalSeconds; $cpus += ($cpu1 - $cpu0) / $done
        $items += ($items1 - $items0) / $done; $bytes += ($bytes1 - $bytes0) / $done
        Write-Host ("round {0,2}: {1,6:0} runs/s, {2:0.000} ms CPU/run, {3:0.00} work items/run, {4,6:0} B/run, JIT {5} methods {6:0} ms; {7}" -f $round, $rates[-1], $cpus[-1], $items[-1], $bytes[-1], ($jit1 - $jit0), ($jitTime1 - $jitTime0), (Format-RequestCount (Get-RequestCount $server)))
    }
    $late = [int][math]::Floor($Rounds / 2)
    Write-Host ("median: {0:0} runs/s, {1:0.000} ms CPU/run, {2:0.00} work items/run, {3:0} B/run; rounds {4}+: {5:0} runs/s, {6:0.000} ms CPU/run (load {7})" -f (Get-Median $rates), (Get-Median $cpus), (Get-Median $items), (Get-Median $bytes), $late, (Get-Median $rates[$late..($Rounds - 1)]), (Get-Median $cpus[$late..($Rounds - 1)]), (Get-LoadAverage))
}
finally {
    Stop-EmulatorHost $server
}
