#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Azure Automation runbook: runs a Data Factory pipeline, and reruns it from the failed activity, a few times, if it fails.

.DESCRIPTION
    Signs in with the Automation account's managed identity (Connect-AdfAccount -Identity), starts one run of
    the pipeline and waits for it. When the run fails, the runbook shows the error of each failed activity
    (Get-AdfActivityRun) and reruns the run from its failed activities (Restart-AdfPipelineRun -FromFailure),
    up to -MaxRetry times. Every rerun stays in the run group of the first run, so the Data Factory monitor
    shows one run with its attempts.

    The runbook ends with a summary of every attempt and exits with code 0 when the last attempt succeeded,
    1 otherwise (the run could not be started, failed every attempt, or was still going when -Timeout ran
    out), so the job's caller, or a test that runs it with pwsh -File, can read the outcome.

    The same script runs outside Azure against the AdfRuns emulator: pass -ResourceManagerEndpoint and set
    IDENTITY_ENDPOINT and IDENTITY_HEADER to the emulator's managed-identity endpoint (see the last example).
    In Azure, leave -ResourceManagerEndpoint out.

    The Automation account needs the AdfRuns module (Shared resources > Modules) and its identity needs the
    Data Factory Contributor role on the factory (or a custom role with pipelines/createRun/action,
    pipelineruns/read and queryPipelineRuns/action).

.PARAMETER SubscriptionId
    The subscription of the data factory.

.PARAMETER ResourceGroupName
    The resource group of the data factory.

.PARAMETER FactoryName
    The name of the data factory.

.PARAMETER PipelineName
    The pipeline to run. Default: CopySales.

.PARAMETER Parameter
    The run's parameter values: a hashtable, or the text of a JSON object (which is how Azure Automation
    schedules and webhooks, and pwsh -File, pass it). Values keep their JSON types. Default: none.

.PARAMETER MaxRetry
    How many times a failed run is rerun from its failed activities. Default: 2. 0 never reruns.

.PARAMETER Timeout
    How long the runbook waits for the run and its reruns altogether. Default: 2 hours (Azure Automation stops
    a cloud job after 3 hours). A run still going then is not rerun, and the runbook exits with code 1.

.PARAMETER PollingInterval
    How often the run's status is asked for while waiting. Default: 30 seconds.

.PARAMETER ResourceManagerEndpoint
    Only for testing: the endpoint of the AdfRuns emulator (Start-AdfEmulator). Omitted in Azure.

.EXAMPLE
    # Parameters of an Azure Automation schedule or of Start-AzAutomationRunbook:
    @{
        SubscriptionId    = '1f0e5c9e-0000-4c1a-9d1f-2a6b3c4d5e6f'
        ResourceGroupName = 'rg-data-prod'
        FactoryName       = 'adf-sales-prod'
        PipelineName      = 'CopySales'
        Parameter         = @{ Day = '2026-11-25'; Region = 'emea'; BatchSize = 500 }
        MaxRetry          = 2
    }

    The runbook signs in with the Automation account's managed identity, runs CopySales for that day and
    reruns it from the failed activity at most twice.

.EXAMPLE
    ./Runbook.ps1 -SubscriptionId $sub -ResourceGroupName rg-data-prod -FactoryName adf-sales-prod `
        -Parameter '{"Day":"2026-11-25"}' -Timeout 01:00:00

    Outside Automation (a VM or an App Service with a managed identity), with the parameters as JSON text.

.EXAMPLE
    $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
    Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName TransformSales -Times 1
    $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint
    $env:IDENTITY_HEADER = $emulator.IdentityHeader
    pwsh -NoProfile -File ./Runbook.ps1 -SubscriptionId $emulator.SubscriptionId `
        -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName `
        -Parameter '{"Day":"2026-11-25"}' -PollingInterval 00:00:00.2 -ResourceManagerEndpoint $emulator.Endpoint
    $LASTEXITCODE   # 0: the first run failed in TransformSales, the rerun from failure succeeded

    Tests the runbook offline, managed-identity sign-in included, against the emulator.

.OUTPUTS
    System.String. The progress and the summary of the job, as lines of text.

.LINK
    https://learn.microsoft.com/azure/automation/enable-managed-identity-for-automation
#>
[CmdletBinding()]
[OutputType([string])]
param(
    [Parameter(Mandatory)]
    [string] $SubscriptionId,

    [Parameter(Mandatory)]
    [string] $ResourceGroupName,

    [Parameter(Mandatory)]
    [string] $FactoryName,

    [string] $PipelineName = 'CopySales',

    [object] $Parameter = @{},

    [ValidateRange(0, 10)]
    [int] $MaxRetry = 2,

    [TimeSpan] $Timeout = '02:00:00',

    [TimeSpan] $PollingInterval = '00:00:30',

    [Uri] $ResourceManagerEndpoint
)

Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'   # progress records only clutter an Automation job's streams

# In Azure Automation the module is installed in the account (Import-Module AdfRuns finds it). In a clone of the
# repository, ADFRUNS_MODULE may point at a build; otherwise the build beside this folder (../out/AdfRuns) is used.
if ($env:ADFRUNS_MODULE) { Import-Module $env:ADFRUNS_MODULE -ErrorAction Stop }
elseif (Get-Module -ListAvailable -Name AdfRuns) { Import-Module AdfRuns -ErrorAction Stop }
else { Import-Module (Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1') -ErrorAction Stop }

function Write-FailedActivity {
    # Writes the error of each failed activity of a run.
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Run)

    $activities = @($Run | Get-AdfActivityRun -Status Failed -ErrorAction Continue)
    if ($activities.Count -eq 0) {
        Write-Output "  (no failed activity reported; run message: $($Run.Message))"
    }
    foreach ($activity in $activities) {
        $errorText = if ($activity.Error) { "$($activity.Error.ErrorCode): $($activity.Error.Message)" } else { '(no error details)' }
        Write-Output "  Activity '$($activity.ActivityName)' ($($activity.ActivityType)) failed: $errorText"
    }
}

function Write-RunOutcome {
    # Writes how a run ended, or that it was still going when the wait timed out.
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [object] $Run)

    if ($Run.IsTerminal) {
        Write-Output "Run $($Run.RunId) ended $($Run.Status) after $($Run.Duration)."
        if ($Run.Status -eq 'Failed') { Write-FailedActivity -Run $Run }
    }
    else {
        Write-Output "Run $($Run.RunId) is still $($Run.Status): the wait timed out."
    }
}

# Azure Automation, webhooks and pwsh -File pass a complex parameter as JSON text, which Start-AdfPipelineRun
# takes as it is (and checks); a caller in PowerShell may pass a hashtable.
if ($null -eq $Parameter -or ($Parameter -is [string] -and [string]::IsNullOrWhiteSpace($Parameter))) { $Parameter = @{} }
$parameterText = if ($Parameter -is [string]) { $Parameter.Trim() } else { ConvertTo-Json -InputObject $Parameter -Compress -Depth 10 }

$factory = @{
    SubscriptionId    = $SubscriptionId
    ResourceGroupName = $ResourceGroupName
    FactoryName       = $FactoryName
}
$connect = @{ Identity = $true } + $factory
if ($ResourceManagerEndpoint) { $connect.ResourceManagerEndpoint = $ResourceManagerEndpoint }

try {
    Connect-AdfAccount @connect -ErrorAction Stop | Out-Null
}
catch {
    Write-Output "Could not sign in with the managed identity: $($_.Exception.Message)"
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 1
}

$deadline = [DateTimeOffset]::UtcNow + $Timeout
$wait = @{ Wait = $true; PollingInterval = $PollingInterval }
Write-Output "Starting $PipelineName in factory '$FactoryName' with parameters $parameterText."

# A start failure (unknown pipeline, missing or mistyped parameter, no permission) is a non-terminating error;
# a run that is still going when the time is up is written in its last state with a WaitTimeout error.
$run = Start-AdfPipelineRun -PipelineName $PipelineName -Parameter $Parameter @wait -Timeout $Timeout -ErrorAction Continue
if (-not $run) {
    Write-Output "FAILED: $PipelineName could not be started (see the error above)."
    exit 1
}
$attempts = [System.Collections.Generic.List[object]]::new()
$attempts.Add($run)
Write-RunOutcome -Run $run

$retry = 0
while ($run.Status -eq 'Failed' -and $retry -lt $MaxRetry) {
    $remaining = $deadline - [DateTimeOffset]::UtcNow
    if ($remaining -le [TimeSpan]::Zero) {
        Write-Output 'No time is left for a rerun.'
        break
    }
    $retry++
    Write-Output "Rerun $retry of ${MaxRetry}: restarting run $($run.RunId) from its failed activities."
    $rerun = $run | Restart-AdfPipelineRun -FromFailure @wait -Timeout $remaining -ErrorAction Continue
    if (-not $rerun) {
        Write-Output "The rerun of $($run.RunId) could not be started (see the error above)."
        break
    }
    $run = $rerun
    $attempts.Add($run)
    Write-RunOutcome -Run $run
}

# The summary: every attempt of the run group, then the verdict.
Write-Output ''
Write-Output "Summary of $PipelineName (run group $($attempts[0].RunGroupId)):"
$rows = for ($i = 0; $i -lt $attempts.Count; $i++) {
    $attempt = $attempts[$i]
    [pscustomobject]@{
        Attempt  = $i + 1
        RunId    = $attempt.RunId
        Status   = $attempt.Status
        Duration = $attempt.Duration
        Mode     = if ($i -eq 0) { 'start' } else { 'rerun from failure' }
        Message  = $attempt.Message
    }
}
Write-Output ($rows | Format-Table -AutoSize | Out-String -Width 240).Trim()

switch ($run.Status) {
    'Succeeded' {
        Write-Output "SUCCEEDED: $PipelineName succeeded after $($attempts.Count) attempt(s); last run $($run.RunId)."
        exit 0
    }
    'Failed' {
        Write-Output "FAILED: $PipelineName failed after $($attempts.Count) attempt(s); last run $($run.RunId): $($run.Message)"
        exit 1
    }
    default {
        Write-Output "FAILED: $PipelineName run $($run.RunId) is $($run.Status), not finished or not successful within $Timeout."
        exit 1
    }
}
