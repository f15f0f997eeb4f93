#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Waiting goal: Wait-AdfPipelineRun on -WaitRuns runs, counted in requests per run per poll. Writes waiting.json
    under -OutputPath.
.DESCRIPTION
    The runs are started with Start-AdfPipelineRun -ThrottleLimit 32 against an emulator in its own pwsh
    (-ActivityDuration 0:0:3, so the wait spans several polls), then waited for with -PollingInterval 0:0:0.5;
    requests are counted from the start of the wait. Exits 1 when the measurement could not be made.
.EXAMPLE
    pwsh -File bench/Measure-Waiting.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -WaitRuns 100
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $WaitRuns = 500
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Import-Module $ModulePath

Write-BenchStep "3. waiting: $WaitRuns runs"
$PollingInterval = [TimeSpan]::FromMilliseconds(500)
$wait = [ordered]@{ WaitRuns = $WaitRuns; PollingIntervalMs = $PollingInterval.TotalMilliseconds; Measured = $false; Error = $null }
$emulator = $null
try {
    # Runs take a few seconds (one 3-second activity, after a queue delay), so the wait spans several polls.
    $emulator = Start-EmulatorHost $ModulePath '00:00:03'
    Connect-EmulatorHost $emulator
    $names = New-NameArray $WaitRuns
    $started = @($names | Start-AdfPipelineRun -ThrottleLimit 32)
    if ($started.Count -ne $WaitRuns) { throw "only $($started.Count) of $WaitRuns runs started." }
    $null = $emulator.Send('clear')
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $errors = $null
    $finished = @($started | Wait-AdfPipelineRun -PollingInterval $PollingInterval -Timeout 00:02:00 -ErrorAction SilentlyContinue -ErrorVariable errors)
    $watch.Stop()
    $requests = Get-RequestCount $emulator
    $queryTimes = @($emulator.Send('times QueryRuns') | ConvertFrom-Json)
    # A poll is a burst of QueryRuns requests (one per page, pages back to back); polls are the interval apart.
    $polls = 0; $previous = $null
    foreach ($time in ($queryTimes | Sort-Object)) {
        if ($null -eq $previous -or ($time - $previous) -gt ($PollingInterval.TotalMilliseconds / 2)) { $polls++ }
        $previous = $time
    }
    $queryRuns = if ($requests.Contains('QueryRuns')) { $requests['QueryRuns'] } else { 0 }
    $totalRequests = [int](($requests.Values | Measure-Object -Sum).Sum)
    $wait.Finished = $finished.Count
    $wait.Succeeded = @($finished | Where-Object Status -eq 'Succeeded').Count
    $wait.Errors = @($errors).Count
    $wait.FirstError = if (@($errors).Count) { "$(@($errors)[0])" } else { $null }
    $wait.Seconds = $watch.Elapsed.TotalSeconds
    $wait.Requests = $requests
    $wait.QueryRuns = $queryRuns
    $wait.TotalRequests = $totalRequests
    $wait.Polls = $polls
    $wait.PerRunPerPoll = if ($polls -gt 0) { $queryRuns / ($WaitRuns * $polls) } else { [double]::NaN }
    $wait.AllPerRunPerPoll = if ($polls -gt 0) { $totalRequests / ($WaitRuns * $polls) } else { [double]::NaN }
    $wait.Measured = $polls -gt 0 -and $wait.Finished -eq $WaitRuns
    if (-not $wait.Measured) { throw "the wait returned $($wait.Finished) of $WaitRuns runs after $polls polls ($($wait.FirstError))." }
    Write-BenchStep ("   {0} finished ({1} succeeded) in {2:0.0} s; {3} polls; {4}; {5:0.0000} QueryRuns per run per poll" -f $wait.Finished, $wait.Succeeded, $wait.Seconds, $polls, (Format-RequestCount $requests), $wait.PerRunPerPoll)
}
catch {
    $wait.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Stop-EmulatorHost $emulator
}
Save-BenchResult $OutputPath 'waiting' $wait
exit $(if ($wait.Measured) { 0 } else { 1 })
