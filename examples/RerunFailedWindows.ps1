#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Runbook: reruns last night's failed tumbling windows of a trigger, waits for them, and reports the outcome.

.DESCRIPTION
    Finds the trigger's windows that failed in the last -Hours (Get-AdfTriggerRun -Status Failed), reruns them all
    in one pipeline of input (Restart-AdfTriggerRun -Wait) and writes each window's new trigger run in its final
    state, then a table of windows and outcomes on the information stream.

    A pipeline with a concurrency limit queues at most 100 runs; Restart-AdfTriggerRun waits for room instead of
    failing, so hundreds of windows can be rerun at once. Each window is rerun once, even if a later failed run of
    the same window is found too. The runbook writes an error naming every window that did not succeed.

    Sign in first (Connect-AdfAccount), or pass -Identity in an Azure Automation account with a managed identity.

.PARAMETER TriggerName
    The tumbling window trigger whose failed windows are rerun.

.PARAMETER Hours
    How far back failed windows are looked for (by the time their run was last updated). Default: 24.

.PARAMETER Timeout
    How long to wait for the reruns altogether. Default: 2 hours.

.PARAMETER PollingInterval
    How often the service is asked while waiting. Default: 30 seconds.

.PARAMETER Identity
    Sign in with the managed identity (Connect-AdfAccount -Identity) before anything else.

.EXAMPLE
    # Azure Automation, with the factory as the connection's default:
    ./RerunFailedWindows.ps1 -Identity -SubscriptionId $sub -ResourceGroupName rg-data -FactoryName adf-sales -TriggerName Hourly

.EXAMPLE
    # Against the AdfRuns emulator (its HourlyLoad trigger over WindowLoad):
    $emulator = Start-AdfEmulator -StartTriggers -ActivityDuration 0.1
    $emulator | Connect-AdfAccount | Out-Null
    Set-AdfEmulatorBehavior WindowLoad LoadWindow -Outcome Failed -Times 3
    Get-AdfTriggerRun -TriggerName HourlyLoad | Out-Null; Start-Sleep -Seconds 6
    ./examples/RerunFailedWindows.ps1 -TriggerName HourlyLoad -PollingInterval 0.5
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $TriggerName,
    [ValidateRange(1, 24 * 45)] [int] $Hours = 24,
    [TimeSpan] $Timeout = [TimeSpan]::FromHours(2),
    [double] $PollingInterval = 30,
    [switch] $Identity,
    [string] $SubscriptionId,
    [string] $ResourceGroupName,
    [string] $FactoryName
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module AdfRuns)) { Import-Module AdfRuns }
if ($Identity) {
    Connect-AdfAccount -Identity -SubscriptionId $SubscriptionId -ResourceGroupName $ResourceGroupName -FactoryName $FactoryName | Out-Null
}

$failed = @(Get-AdfTriggerRun -TriggerName $TriggerName -Status Failed -LastUpdatedAfter (Get-Date).AddHours(-$Hours))
if ($failed.Count -eq 0) {
    Write-Information "No failed window of trigger '$TriggerName' in the last $Hours hours." -InformationAction Continue
    return
}

Write-Information "Rerunning $($failed.Count) failed window(s) of trigger '$TriggerName'..." -InformationAction Continue
$reruns = @($failed | Restart-AdfTriggerRun -Wait -Timeout $Timeout -PollingInterval $PollingInterval -ErrorAction Continue)

$report = $reruns | Sort-Object WindowStart | Select-Object WindowStart, WindowEnd, Status, TriggerRunId
Write-Information ($report | Format-Table -AutoSize | Out-String -Width 100) -InformationAction Continue
foreach ($window in $reruns | Where-Object Status -ne 'Succeeded') {
    Write-Error "Window $($window.WindowStart.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) UTC of trigger '$TriggerName' ended $($window.Status): $($window.Message)" -ErrorAction Continue
}

$reruns
