#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Azure Automation runbook: why did last night's pipeline runs fail, all the way down through ExecutePipeline and ForEach.

.DESCRIPTION
    Signs in with the Automation account's managed identity (Connect-AdfAccount -Identity), finds the runs of the
    factory that failed in the last -Hours hours and were not rerun since (Get-AdfPipelineRun -Status Failed
    -LatestOnly), and writes, for each, the failed activities that explain it (Get-AdfActivityRun -RootCause):
    the deepest failed activity of each failed branch, through child pipeline runs to any depth, with its Path
    (pipeline and activity names from the top run) and its error code and message, as a table that fits 80
    columns in the job's output.

    It costs one queryActivityruns request per pipeline run on the failed branches, however many activities
    and child runs succeeded. A failed child run found by the query is shown within its parent's tree, once.

    Exits with code 0 when no run failed, 1 when some did (the table says why) or when the factory could not
    be read, so a schedule's alert, or a test that runs it with pwsh -File, can read the outcome.

    The same script runs outside Azure against the AdfRuns emulator: pass -ResourceManagerEndpoint and set
    IDENTITY_ENDPOINT and IDENTITY_HEADER to the emulator's managed-identity endpoint (see the last example).
    The identity needs read access to the factory's runs (Data Factory Contributor, or a custom role with
    pipelineruns/read, queryPipelineRuns/action and pipelineruns/queryActivityruns/action).

.PARAMETER SubscriptionId
    The subscription of the data factory.

.PARAMETER ResourceGroupName
    The resource group of the data factory.

.PARAMETER FactoryName
    The name of the data factory.

.PARAMETER Hours
    How far back to look for failed runs. Default: 24.

.PARAMETER ResourceManagerEndpoint
    Only for testing: the endpoint of the AdfRuns emulator (Start-AdfEmulator). Omitted in Azure.

.EXAMPLE
    # Parameters of an Azure Automation schedule that runs every morning:
    @{ SubscriptionId = '1f0e5c9e-0000-4c1a-9d1f-2a6b3c4d5e6f'; ResourceGroupName = 'rg-data-prod'; FactoryName = 'adf-sales-prod' }

.EXAMPLE
    $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
    $emulator | Connect-AdfAccount | Out-Null
    Set-AdfEmulatorBehavior -PipelineName NightlyChild -ActivityName SecondWait -ErrorCode 2200 -Message 'Table dbo.Sales is locked'
    Start-AdfPipelineRun NightlyParent -Wait -PollingInterval 00:00:00.2 | Out-Null
    $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint
    $env:IDENTITY_HEADER = $emulator.IdentityHeader
    pwsh -NoProfile -File ./WhyDidItFail.ps1 -SubscriptionId $emulator.SubscriptionId `
        -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName `
        -ResourceManagerEndpoint $emulator.Endpoint
    $LASTEXITCODE   # 1: NightlyParent failed, in NightlyParent/RunChild/NightlyChild/SecondWait (2200)

    Tests the runbook offline, managed-identity sign-in included, against the emulator.

.OUTPUTS
    System.String. The table of root causes and a summary line.
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

    [ValidateRange(1, 24 * 45)]
    [int] $Hours = 24,

    [Uri] $ResourceManagerEndpoint
)

Set-StrictMode -Version 3.0
$ProgressPreference = 'SilentlyContinue'   # progress records only clutter an Automation job's streams

# In Azure Automation the module is installed in the account (Import-Module AdfRuns finds it). In a clone of the
# repository, ADFRUNS_MODULE may point at a build; otherwise the build beside this folder (../out/AdfRuns) is used.
if ($env:ADFRUNS_MODULE) { Import-Module $env:ADFRUNS_MODULE -ErrorAction Stop }
elseif (Get-Module -ListAvailable -Name AdfRuns) { Import-Module AdfRuns -ErrorAction Stop }
else { Import-Module (Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1') -ErrorAction Stop }

$connect = @{ Identity = $true; SubscriptionId = $SubscriptionId; ResourceGroupName = $ResourceGroupName; FactoryName = $FactoryName }
if ($ResourceManagerEndpoint) { $connect.ResourceManagerEndpoint = $ResourceManagerEndpoint }
try {
    Connect-AdfAccount @connect -ErrorAction Stop | Out-Null
}
catch {
    Write-Output "Could not sign in with the managed identity: $($_.Exception.Message)"
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 1
}

$since = (Get-Date).AddHours(-$Hours)
# The one line, with the runs and root causes kept for the summary. The job log is read at 80 columns: each root
# cause's Path, then its error code and message under it. A child run that cannot be read is a non-terminating
# error naming it; the rest of the tree is still written.
Get-AdfPipelineRun -Status Failed -LatestOnly -LastUpdatedAfter $since -OutVariable failedRuns -ErrorVariable queryErrors -ErrorAction Continue |
    Get-AdfActivityRun -RootCause -OutVariable rootCauses -ErrorAction Continue |
    Format-Table | Out-String -Width 80

if ($queryErrors) {
    Write-Output "FAILED: the runs of factory '$FactoryName' could not be read (see above)."
    exit 1
}
if ($failedRuns.Count -eq 0) {
    Write-Output "No run failed since $($since.ToUniversalTime().ToString('u'))."
    exit 0
}

$topRuns = @($failedRuns | Where-Object { -not $_.ParentPipelineRunId })
Write-Output "$($topRuns.Count) failed run(s) since $($since.ToUniversalTime().ToString('u')), $($rootCauses.Count) root cause(s) above."
exit 1
