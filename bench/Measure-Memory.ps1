#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Memory goal: the peak growth of a child pwsh (bench/MemoryChild.ps1) that pipes -MemoryInputs inputs into
    Start-AdfPipelineRun, with the emulator in yet another process. Writes memory.json under -OutputPath.
.DESCRIPTION
    Exits 1 when the measurement could not be made (memory.json then says why).
.EXAMPLE
    pwsh -File bench/Measure-Memory.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -MemoryInputs 1000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $MemoryInputs = 10000,
    # No more inputs are piped after this many seconds; the result then says how many were.
    [double] $MemoryTimeLimit = 90
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
$Pwsh = Get-BenchPwsh

Write-BenchStep "4. memory: $MemoryInputs piped inputs in a child pwsh, the emulator in another process"
$memory = [ordered]@{ MemoryInputs = $MemoryInputs; MemoryTimeLimit = $MemoryTimeLimit; Measured = $false; Error = $null }
$emulator = $null
try {
    $emulator = Start-EmulatorHost $ModulePath
    $env:ADFRUNS_BENCH_TOKEN = $emulator.AccessToken
    try {
        $output = & $Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'MemoryChild.ps1') -ModulePath $ModulePath `
            -Endpoint $emulator.Endpoint -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName `
            -FactoryName $emulator.FactoryName -Inputs $MemoryInputs -ThrottleLimit 32 -TimeLimitSeconds $MemoryTimeLimit
        if ($LASTEXITCODE -ne 0) { throw "MemoryChild.ps1 exited with $LASTEXITCODE." }
    }
    finally {
        Remove-Item Env:ADFRUNS_BENCH_TOKEN -ErrorAction SilentlyContinue
    }
    $result = @($output) | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json
    if (-not $result) { throw "MemoryChild.ps1 printed no result: $output" }
    $memory.Result = $result
    $memory.Requests = Get-RequestCount $emulator
    $memory.Measured = $true
    Write-BenchStep ("   {0} inputs piped$(if ($result.Capped) { " (CAPPED at $MemoryTimeLimit s)" }), {1} errors, {2:0.0} s; working set +{3:0.0} MiB, GC heap +{4:0.0} MiB; server saw {5}" -f $result.Piped, $result.Errors, $result.Seconds, (($result.PeakWorkingSet - $result.BaselineWorkingSet) / 1MB), (($result.PeakGcHeap - $result.BaselineGcHeap) / 1MB), (Format-RequestCount $memory.Requests))
}
catch {
    $memory.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Stop-EmulatorHost $emulator
}
Save-BenchResult $OutputPath 'memory' $memory
exit $(if ($memory.Measured) { 0 } else { 1 })
