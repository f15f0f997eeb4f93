#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Fabric goals: waiting on -WaitRuns Fabric runs of one pipeline, counted in requests per run per poll; and
    -StormStarts Fabric starts under an injected RequestBlocked 429 storm, every one accounted for. Writes fabric.json
    under -OutputPath.
.DESCRIPTION
    A Fabric emulator in this process (Start-AdfEmulator -Fabric; request counts, not speed, are measured). Waiting:
    the runs (one -ActivitySeconds activity each, 10 s by default: about 20 polls) are started, then waited for with -PollingInterval 0:0:0.5; every request
    from the start of the wait counts, and a poll is a burst of job-list requests. Storm: the first -StormFaults job
    submits are answered 429 RequestBlocked with Retry-After 1; then the -StormStarts inputs are piped to
    Start-AdfPipelineRun -ThrottleLimit 32. Exits 1 when a measurement could not be made.
.EXAMPLE
    pwsh -File bench/Measure-Fabric.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -WaitRuns 200 -StormStarts 500
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $WaitRuns = 200,
    [int] $StormStarts = 500,
    [int] $StormFaults = 600,
    [double] $ActivitySeconds = 10
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Import-Module $ModulePath

$PollingInterval = [TimeSpan]::FromMilliseconds(500)
$result = [ordered]@{ WaitRuns = $WaitRuns; ActivitySeconds = $ActivitySeconds; StormStarts = $StormStarts; StormFaults = $StormFaults; PollingIntervalMs = $PollingInterval.TotalMilliseconds; Measured = $false; Error = $null }

Write-BenchStep "fabric 1. waiting: $WaitRuns runs of one pipeline"
$emulator = Start-AdfEmulator -Fabric -ActivityDuration $ActivitySeconds
try {
    $emulator | Connect-AdfAccount | Out-Null
    $started = @(1..$WaitRuns | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 32)
    if ($started.Count -ne $WaitRuns) { throw "only $($started.Count) of $WaitRuns runs started." }
    Get-AdfEmulatorRequest -Emulator $emulator -Clear
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $errors = $null
    $finished = @($started | Wait-AdfPipelineRun -PollingInterval $PollingInterval -Timeout 00:02:00 -ErrorAction SilentlyContinue -ErrorVariable errors)
    $watch.Stop()
    $requests = @(Get-AdfEmulatorRequest -Emulator $emulator)
    $lists = @($requests | Where-Object Operation -eq 'QueryRuns' | Sort-Object Time)
    $polls = 0; $previous = $null
    foreach ($list in $lists) {
        if ($null -eq $previous -or ($list.Time - $previous).TotalMilliseconds -gt ($PollingInterval.TotalMilliseconds / 2)) { $polls++ }
        $previous = $list.Time
    }
    $byOperation = [ordered]@{}
    foreach ($group in ($requests | Group-Object Operation)) { $byOperation[$group.Name] = $group.Count }
    $result.WaitFinished = $finished.Count
    $result.WaitSucceeded = @($finished | Where-Object Status -eq 'Succeeded').Count
    $result.WaitErrors = @($errors).Count
    $result.WaitSeconds = $watch.Elapsed.TotalSeconds
    $result.Requests = $byOperation
    $result.WaitTotalRequests = $requests.Count
    $result.Polls = $polls
    $result.PerRunPerPoll = if ($polls -gt 0) { $requests.Count / ($WaitRuns * $polls) } else { [double]::NaN }
    $result.ListsPerRunPerPoll = if ($polls -gt 0) { $lists.Count / ($WaitRuns * $polls) } else { [double]::NaN }
    if ($polls -eq 0 -or $finished.Count -ne $WaitRuns) { throw "the wait returned $($finished.Count) of $WaitRuns runs after $polls polls ($(@($errors)[0]))." }
    Write-BenchStep ("   {0} finished ({1} succeeded) in {2:0.0} s; {3} polls; {4} requests ({5}); {6:0.0000} requests per run per poll" -f $finished.Count, $result.WaitSucceeded, $result.WaitSeconds, $polls, $requests.Count, (Format-RequestCount $byOperation), $result.PerRunPerPoll)

    Write-BenchStep "fabric 2. $StormStarts starts under a RequestBlocked storm ($StormFaults submits answered 429)"
    Get-AdfEmulatorRequest -Emulator $emulator -Clear
    Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 429 -RetryAfter 1 -Count $StormFaults
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $errors = $null
    $stormRuns = @(1..$StormStarts | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 32 -ErrorAction SilentlyContinue -ErrorVariable errors -WarningAction SilentlyContinue)
    $watch.Stop()
    $submits = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)
    $created = @($submits | Where-Object CreatedRunId | ForEach-Object CreatedRunId)
    $emitted = @($stormRuns.RunId)
    $result.StormSeconds = $watch.Elapsed.TotalSeconds
    $result.StormSubmits = $submits.Count
    $result.StormBlocked = @($submits | Where-Object StatusCode -eq 429).Count
    $result.StormCreated = $created.Count
    $result.StormEmitted = $emitted.Count
    $result.StormErrors = @($errors).Count
    $result.StormDuplicates = $emitted.Count - @($emitted | Sort-Object -Unique).Count
    $result.StormMissing = @($created | Where-Object { $_ -notin $emitted }).Count
    Write-BenchStep ("   {0} emitted, {1} created, {2} submits ({3} blocked), {4} errors, {5} duplicates, {6} created but not emitted, {7:0.0} s" -f $result.StormEmitted, $result.StormCreated, $result.StormSubmits, $result.StormBlocked, $result.StormErrors, $result.StormDuplicates, $result.StormMissing, $result.StormSeconds)
    $result.Measured = $true
}
catch {
    $result.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    $emulator | Stop-AdfEmulator
}
Save-BenchResult $OutputPath 'fabric' $result
exit $(if ($result.Measured) { 0 } else { 1 })
