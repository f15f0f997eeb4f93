#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The machine the benchmarks run on (CPU, memory, OS, .NET, PowerShell, the module), after waiting up to a minute
    for the cores to go quiet; writes machine.json under -OutputPath for Write-BenchReport.ps1. Run first.
.EXAMPLE
    pwsh -File bench/Measure-Machine.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -OutputPath out/bench
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $QuietSeconds = 60
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')

Write-BenchStep "AdfRuns benchmarks: module $ModulePath, pwsh $(Get-BenchPwsh)"
$machine = Get-MachineFact $ModulePath
$machine['Waited before measuring'] = Wait-Quiet $QuietSeconds
$machine['Load average (1 / 5 / 15 min) at start'] = Get-LoadAverage
Save-BenchResult $OutputPath 'machine' ([ordered]@{ Facts = $machine })
