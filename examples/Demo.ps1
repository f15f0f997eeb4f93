#!/usr/bin/env pwsh

<#
.SYNOPSIS
    AdfRuns in one minute: start a run that fails at one activity, look at why, rerun it from the failure.
.DESCRIPTION
    Runs against the built-in ADF emulator, so it needs no Azure. build.ps1 -Task Demo builds the module and
    runs this script with $env:ADFRUNS_MODULE pointing at the built manifest.
#>
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$module = if ($env:ADFRUNS_MODULE) { $env:ADFRUNS_MODULE } else { Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1' }
Import-Module $module

function Show([string] $title) { Write-Host "`n== $title" -ForegroundColor Cyan }

# Everything below fits 80 columns, the width of a CI log or of pwsh -File without a terminal.
$emulator = Start-AdfEmulator -ActivityDuration 00:00:00.4
try {
    $emulator | Connect-AdfAccount | Out-Null
    Show "Emulator on $($emulator.Endpoint), factory '$($emulator.FactoryName)'"
    Get-AdfPipeline -Name CopySales | Out-Host

    # The nightly transform fails once, as it might on a bad night.
    Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 2011 -Message 'Cluster ran out of memory'

    Show 'Start-AdfPipelineRun CopySales @{ Day = ...; BatchSize = 250 } -Wait'
    $failed = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 250 } -Wait -PollingInterval 00:00:00.25
    $failed | Out-Host
    # What went on the wire keeps its JSON types; the service (and so the emulator) returns parameters as text.
    $sent = Get-AdfEmulatorRequest -Operation CreateRun | Select-Object -Last 1
    Write-Host "Sent:      $($sent.Body)"
    Write-Host "Read back: $($failed.Parameters)"
    Write-Host '(the service stores run parameters as text: 250 reads back as "250")'

    Show 'Which activity failed, and why (Get-AdfActivityRun)'
    $failed | Get-AdfActivityRun | Out-Host

    Show 'Restart-AdfPipelineRun -FromFailure -Wait'
    $rerun = $failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval 00:00:00.25
    $rerun | Format-List RunId, PipelineName, Status, RunGroupId, IsRecovery, IsLatest | Out-Host
    $rerun | Get-AdfActivityRun | Out-Host

    Show 'The run group: the failed original and its succeeded rerun'
    Get-AdfPipelineRun -RunGroupId $failed.RunGroupId | Sort-Object RunStart |
        Format-Table RunId, Status, IsRecovery, IsLatest -AutoSize | Out-Host

    if ($failed.Status -ne 'Failed' -or $rerun.Status -ne 'Succeeded' -or $rerun.RunGroupId -ne $failed.RunGroupId) {
        throw "Unexpected demo outcome: original $($failed.Status), rerun $($rerun.Status), groups $($failed.RunGroupId) / $($rerun.RunGroupId)."
    }

    Write-Host "`nThe failed run $($failed.RunId) was rerun from its failed`nactivity and succeeded, in the same run group." -ForegroundColor Green
}
finally {
    $emulator | Stop-AdfEmulator
}
