#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Starts one pipeline run per row of a CSV file, waits for all of them, and reruns the failed ones from failure.

.DESCRIPTION
    Reads a CSV file with the columns PipelineName, Parameter (the run's parameters as the text of a JSON
    object; empty for none) and, optionally, FactoryName, SubscriptionId and ResourceGroupName (empty cells
    mean the defaults set by Connect-AdfAccount). Then it

    1. starts one run per row, at most -ThrottleLimit requests at a time (a row that cannot be started, for
       example an unknown pipeline or a missing parameter, is reported and the other rows are still started);
    2. waits for every run, with one status query per factory per poll however many runs there are;
    3. reruns each failed run from its failed activities (Restart-AdfPipelineRun -FromFailure), up to
       -MaxRestart times, and waits for the reruns;
    4. shows a table of the outcome of every row on the host (Write-Host, so -InformationVariable keeps it
       and 6>$null hides it), and writes the final run of every row that was started (the last rerun when
       there was one) to the pipeline.

    Sign in first with Connect-AdfAccount; the script uses that connection and its default factory.

.PARAMETER Path
    The CSV file. See nightly-runs.csv next to this script.

.PARAMETER ThrottleLimit
    The largest number of createRun requests in flight at once. Default: 8.

.PARAMETER MaxRestart
    How many times a failed run is rerun from its failed activities. Default: 1. 0 reruns nothing.

.PARAMETER Timeout
    How long to wait for the runs, and then for each round of reruns. Default: 2 hours. Runs still going then
    are reported with a WaitTimeout error and written in their last state; they are not rerun.

.PARAMETER PollingInterval
    How often the runs' status is asked for while waiting. Default: 30 seconds.

.EXAMPLE
    Connect-AdfAccount -SubscriptionId $sub -ResourceGroupName rg-data-prod -FactoryName adf-sales-prod
    $runs = ./BulkStartFromCsv.ps1 -Path ./nightly-runs.csv -ThrottleLimit 4
    if ($runs | Where-Object Status -ne 'Succeeded') { throw 'Some nightly runs did not succeed.' }

    Starts the night's runs, reruns the failures once from the failed activity, and fails the job when a row
    still did not succeed.

.EXAMPLE
    ./BulkStartFromCsv.ps1 -Path ./nightly-runs.csv -MaxRestart 0 -ErrorVariable problems |
        Export-Csv ./night-results.csv

    Starts and waits for the runs without rerunning anything, and keeps the final run objects and the errors
    (rows that could not be started, waits that timed out).

.EXAMPLE
    $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
    $emulator | Connect-AdfAccount | Out-Null
    Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName TransformSales -Times 1
    ./BulkStartFromCsv.ps1 -Path ./nightly-runs.csv -PollingInterval 00:00:00.2

    Tries the script offline: the first CopySales run to reach TransformSales fails and its rerun succeeds.

.INPUTS
    None.

.OUTPUTS
    AdfRuns.PipelineRun. The final run of each row that was started, in the order of the rows.
#>
[CmdletBinding()]
[OutputType('AdfRuns.PipelineRun')]
param(
    [Parameter(Mandatory)]
    [ValidateScript({ Test-Path -LiteralPath $_ -PathType Leaf })]
    [string] $Path,

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 8,

    [ValidateRange(0, 10)]
    [int] $MaxRestart = 1,

    [TimeSpan] $Timeout = '02:00:00',

    [TimeSpan] $PollingInterval = '00:00:30'
)

Set-StrictMode -Version 3.0

if (-not (Get-Command Start-AdfPipelineRun -ErrorAction SilentlyContinue)) {
    # An installed AdfRuns, else the build ADFRUNS_MODULE names, else the build beside this folder (../out/AdfRuns).
    if ($env:ADFRUNS_MODULE) { Import-Module $env:ADFRUNS_MODULE -ErrorAction Stop }
    elseif (Get-Module -ListAvailable -Name AdfRuns) { Import-Module AdfRuns -ErrorAction Stop }
    else { Import-Module (Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1') -ErrorAction Stop }
}

$wait = @{ Timeout = $Timeout; PollingInterval = $PollingInterval }

# One entry per CSV row. An empty cell is left out, so that it takes the default from Connect-AdfAccount
# (an empty FactoryName would otherwise be refused as an empty argument).
$rows = [System.Collections.Generic.List[object]]::new()
$lineNumber = 1
foreach ($line in Import-Csv -LiteralPath $Path) {
    $lineNumber++
    $cells = [ordered]@{}
    foreach ($cell in $line.PSObject.Properties) {
        if (-not [string]::IsNullOrWhiteSpace($cell.Value)) { $cells[$cell.Name] = $cell.Value.Trim() }
    }
    $rows.Add([pscustomobject]@{
            Line    = $lineNumber
            Input   = [pscustomobject]$cells
            Runs    = [System.Collections.Generic.List[object]]::new()
            Problem = $null
        })
}
Write-Verbose "Read $($rows.Count) rows from $Path."
if ($rows.Count -eq 0) {
    Write-Warning "$Path has no rows: nothing to start."
    return
}

# 1. Start every row. Runs come back in input order, one per row that could be started; a row that could
#    not is a non-terminating error whose TargetObject is that row's input object.
$startErrors = @()
$started = @($rows.Input | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit -ErrorVariable startErrors)
$next = 0
foreach ($row in $rows) {
    $startError = $startErrors | Where-Object { [object]::ReferenceEquals($_.TargetObject, $row.Input) } | Select-Object -First 1
    if ($startError) {
        $row.Problem = "not started: $($startError.Exception.Message)"
    }
    elseif ($next -lt $started.Count) {
        $row.Runs.Add($started[$next++])
    }
    else {
        $row.Problem = 'not started'
    }
}

# 2. Wait for all of them together.
function Update-LatestRun {
    # Puts each finished run in place of the run it was waited for, in the row it belongs to.
    param([object[]] $Finished)
    $byId = @{}
    foreach ($run in $Finished) { $byId[$run.RunId] = $run }
    foreach ($row in $rows) {
        if ($row.Runs.Count -gt 0 -and $byId.ContainsKey($row.Runs[-1].RunId)) {
            $row.Runs[$row.Runs.Count - 1] = $byId[$row.Runs[-1].RunId]
        }
    }
}

$running = @($rows | Where-Object { $_.Runs.Count -gt 0 } | ForEach-Object { $_.Runs[-1] })
if ($running.Count -gt 0) {
    Write-Verbose "Waiting for $($running.Count) runs."
    Update-LatestRun -Finished @($running | Wait-AdfPipelineRun @wait)
}

# 3. Rerun the failed runs from their failed activities, all together, and wait for the reruns.
for ($round = 1; $round -le $MaxRestart; $round++) {
    $failedRows = @($rows | Where-Object { $_.Runs.Count -gt 0 -and $_.Runs[-1].Status -eq 'Failed' })
    if ($failedRows.Count -eq 0) { break }
    Write-Verbose "Rerun round ${round}: $($failedRows.Count) failed runs, from their failed activities."
    $failedRuns = @($failedRows | ForEach-Object { $_.Runs[-1] })
    $restartErrors = @()
    $reruns = @($failedRuns | Restart-AdfPipelineRun -FromFailure -ThrottleLimit $ThrottleLimit -ErrorVariable restartErrors)
    $next = 0
    foreach ($row in $failedRows) {
        $failedRunId = $row.Runs[-1].RunId
        $restartError = $restartErrors | Where-Object { $_.TargetObject -and $_.TargetObject.RunId -eq $failedRunId } | Select-Object -First 1
        if ($restartError) {
            $row.Problem = "rerun not started: $($restartError.Exception.Message)"
        }
        elseif ($next -lt $reruns.Count) {
            $row.Runs.Add($reruns[$next++])
        }
    }
    if ($reruns.Count -gt 0) {
        Update-LatestRun -Finished @($reruns | Wait-AdfPipelineRun @wait)
    }
}

# 4. Report: the outcome of every row on the host, the final runs to the pipeline.
function Get-Cell {
    # The value of a CSV cell, or the empty string when the row left it empty or has no such column.
    param([object] $Row, [string] $Name)
    $cell = $Row.Input.PSObject.Properties[$Name]
    if ($cell) { $cell.Value } else { '' }
}

$report = foreach ($row in $rows) {
    $final = if ($row.Runs.Count -gt 0) { $row.Runs[-1] } else { $null }
    $firstStatus = if ($row.Runs.Count -gt 0) { $row.Runs[0].Status } else { 'NotStarted' }
    $finalStatus = if ($final) { $final.Status } else { 'NotStarted' }
    $detail = if ($row.Problem) { $row.Problem } elseif ($final -and $final.Status -ne 'Succeeded') { $final.Message } else { '' }
    [pscustomobject]@{
        Line         = $row.Line
        PipelineName = Get-Cell $row 'PipelineName'
        FactoryName  = if ($final) { $final.FactoryName } else { Get-Cell $row 'FactoryName' }
        Parameter    = Get-Cell $row 'Parameter'
        FirstStatus  = $firstStatus
        Reruns       = [Math]::Max(0, $row.Runs.Count - 1)
        FinalStatus  = $finalStatus
        RunId        = if ($final) { $final.RunId } else { '' }
        Detail       = $detail
    }
}
# Shown on the host (the information stream: -InformationVariable keeps it, 6>$null hides it). A fixed width
# keeps the table whole in an Automation job or a CI log, whose console is narrow.
Write-Host ($report | Format-Table -AutoSize | Out-String -Width 300).TrimEnd()
$succeeded = @($report | Where-Object FinalStatus -eq 'Succeeded').Count
Write-Verbose "$succeeded of $($rows.Count) rows succeeded."

foreach ($row in $rows) {
    if ($row.Runs.Count -gt 0) { $row.Runs[-1] }
}
