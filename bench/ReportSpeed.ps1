# Dot-sourced by bench/Write-BenchReport.ps1 (it defines Add-Line, Read-Result, $summaries): the speed goals of
# issue 25 that read-back.json and first-run.json answer, and the rows and sections that show them.

$readBack = Read-Result 'read-back' 'read-back' @{ Runs = 0; ThrottleLimit = 16; CreateRunDelay = '20-50'; Repetitions = 0; Measured = $false; Error = 'no result'; Conditions = [pscustomobject]@{} }
$firstRun = Read-Result 'first-run' 'first run' @{ Rounds = 0; Measured = $false; Error = 'no result'; Times = [pscustomobject]@{} }
if (Get-MeasurementError $readBack) { $Failures.Add("read-back: $($readBack.Error)") }
if (Get-MeasurementError $firstRun) { $Failures.Add("first run: $($firstRun.Error)") }

# The worst repetition of a read-back condition: the goal holds only if it holds every time.
function Get-ReadBackWorst([string] $Condition) {
    if (-not $readBack.Measured -or -not (Test-Property $readBack.Conditions $Condition)) { return [double]::NaN }
    return (@($readBack.Conditions.$Condition) | Measure-Object RequestsPerRun -Maximum).Maximum
}
$readBackQuiet = Get-ReadBackWorst 'Quiet'
$readBackBusy = Get-ReadBackWorst 'Busy'
$readBackAllStarted = $readBack.Measured -and @(@($readBack.Conditions.Quiet) + @($readBack.Conditions.Busy) | Where-Object { $_.Failed -gt 0 -or $_.Succeeded -ne $readBack.Runs }).Count -eq 0

$firstRunModule = if ($firstRun.Measured) { Get-Median $firstRun.Times.Module } else { [double]::NaN }
$firstRunIrm = if ($firstRun.Measured) { Get-Median $firstRun.Times.InvokeRestMethod } else { [double]::NaN }
$firstRunRatio = $firstRunModule / $firstRunIrm

# AdfRuns' own part of the import: timed inside each process when the result has it (the process's own start, whose
# spread here is larger than the part, is left out), else the difference of the whole-process medians.
function Get-InProcessPart($Times, [string] $Name) {
    if ($null -eq $Times -or -not $Times.Contains($Name) -or -not $Times.Contains('EmptyModule')) { return [double]::NaN }
    return (Get-Median $Times[$Name]) - (Get-Median $Times['EmptyModule'])
}
$importInProcess = if ($import.Measured -and (Test-Property $import 'InProcess')) { $import.InProcess } else { $null }
$importReadyToRun = if ($import.Measured -and (Test-Property $import 'ReadyToRun')) { $import.ReadyToRun } else { $null }
$importWholeProcessPart = if ($import.Measured -and $importMedians.Contains('EmptyModule')) { $importModuleMedian - $importMedians['EmptyModule'] } else { [double]::NaN }
$importOwnPart = Get-InProcessPart $importInProcess 'Module'
if ([double]::IsNaN($importOwnPart)) { $importOwnPart = $importWholeProcessPart }

function Get-PerRun($Summary) { if ($Summary.Measured) { $Summary.Typical.TotalRequests / $Summary.Typical.Succeeded } else { [double]::NaN } }
$adf32p = $summaries['adf32p']; $http32p = $summaries['http32p']
$ratioIndexed = $adf32p.Median / $http32p.Median
$indexedRequestsPerRun = Get-PerRun $adf32p

# AdfRuns' own part timed inside each process: of it, the format and type files (an empty module with only those) and
# the rest; and the same with a ReadyToRun copy of this pwsh (called in section 1).
function Add-ImportInProcessLines {
    if ($null -eq $importInProcess) { return }
    $views = Get-InProcessPart $importInProcess 'EmptyModuleViews'
    $notPrecompiled = if ((Test-Property $import 'PowerShellPrecompiled') -and $import.PowerShellPrecompiled -eq $false) { ' This pwsh''s System.Management.Automation is not ReadyToRun (the .NET global tool ships IL only), so PowerShell JIT-compiles its own module, format and type loaders on first use here.' } else { '' }
    Add-Line
    Add-Line "Timed inside each process instead (the same rounds; a fresh pwsh imports an empty module first, then a stopwatch runs around ``Import-Module`` and ``Get-Command`` alone, so the process's start is left out):"
    Add-Line "AdfRuns $(Format-Number (Get-Median $importInProcess['Module']) '0.0') ms, the empty module $(Format-Number (Get-Median $importInProcess['EmptyModule']) '0.0') ms: **AdfRuns' own part $(Format-Number $importOwnPart '0.0') ms**, the goal's figure."
    Add-Line "An empty module with only AdfRuns' format and type files took $(Format-Number $views '0.0') ms more than the empty module: that much is PowerShell reading the views, leaving $(Format-Number ($importOwnPart - $views) '0.0') ms for AdfRuns' assemblies, cmdlets and initializer.$notPrecompiled"
    if ($null -eq $importReadyToRun) { return }
    if ($importReadyToRun.Error) { Add-Line "No ReadyToRun copy of this pwsh was timed: $($importReadyToRun.Error)."; return }
    $readyOwn = Get-InProcessPart $importReadyToRun.Times 'Module'
    $readyViews = Get-InProcessPart $importReadyToRun.Times 'EmptyModuleViews'
    Add-Line "With a copy of this pwsh whose PowerShell assemblies were compiled ahead of time (bench/New-ReadyToRunPwsh.ps1, crossgen2; PowerShell's own packages ship so), timed the same way in the same rounds: AdfRuns' own part $(Format-Number $readyOwn '0.0') ms, of which the views $(Format-Number $readyViews '0.0') ms."
}

# The floor contenders: what PowerShell's per-input binding and pipeline cost any cmdlet with these parameters.
function Add-FloorLine {
    $floor = $summaries['floor32']; $floorIndexed = $summaries['floor32p']
    if (-not ($floor.Measured -and $http32.Measured)) { return }
    $line = "- The floor (bench/FloorCmdlet.cs), a cmdlet with Start-AdfPipelineRun's pipeline parameters that sends one ``createRun`` per input and writes the run id in input order, nothing else, reached {0} x the HttpClient loop" -f (Format-Number ($floor.Median / $http32.Median) '0.00')
    if ($floorIndexed.Measured -and $http32p.Measured) { $line += " ({0} x with the typed parameter)" -f (Format-Number ($floorIndexed.Median / $http32p.Median) '0.00') }
    $line += ", with {0} KB allocated per run: PowerShell's binding of each piped input and its pipeline cost that much." -f (Format-Number ($floor.Typical.BytesPerRun / 1KB) '0.0')
    if ($adf32.Measured) {
        $line += " AdfRuns at 32 reached {0} x the floor" -f (Format-Number ($adf32.Median / $floor.Median) '0.00')
        if ($adf32p.Measured -and $floorIndexed.Measured) { $line += " ({0} x with the typed parameter)" -f (Format-Number ($adf32p.Median / $floorIndexed.Median) '0.00') }
        $line += "; the rest is its own work per run: the read-back, the parameters checked against the definition, an id per request for exactly-once starts, the pacers, the ordering and error records."
    }
    Add-Line $line
    # CPU per run, client and server together, of the median repetition: steadier than a rate measured over 0.1 s.
    $cpuPerRun = { param($summary) 1000 * ($summary.Typical.ClientCpu + $summary.Typical.ServerCpu) * $summary.Typical.Seconds / $summary.Typical.Succeeded }
    if ($adf32.Measured) {
        Add-Line ("- CPU per run, client and server together (both share the {0} cores): AdfRuns at 32 {1} ms, the floor {2} ms, the HttpClient loop {3} ms. Counted in CPU rather than in runs per second, which over 2,000 POSTs (0.1 to 0.3 s) moves with every repetition, AdfRuns costs {4} x the loop's CPU per run." -f [Environment]::ProcessorCount,
            (Format-Number (& $cpuPerRun $adf32) '0.000'), (Format-Number (& $cpuPerRun $floor) '0.000'), (Format-Number (& $cpuPerRun $http32) '0.000'), (Format-Number ((& $cpuPerRun $adf32) / (& $cpuPerRun $http32)) '0.00'))
    }
}

function Add-SpeedGoalRows {
    $bothMeasured = $adf32.Measured -and $http32.Measured
    Add-Line "| import: AdfRuns' own part (module minus empty manifest module, same rounds$(if ($null -ne $importInProcess) { ', timed inside each process' })) <= 25 ms | $(Format-Number $importOwnPart '0.0') ms | $(Format-Goal (-not [double]::IsNaN($importOwnPart)) ($importOwnPart -le 25)) |"
    Add-Line "| first run of a fresh session / a bare ``Invoke-RestMethod`` createRun <= 1.10 | $(Format-Number $firstRunRatio '0.00') | $(Format-Goal $firstRun.Measured ($firstRunRatio -le 1.10)) |"
    Add-Line "| bulk start: AdfRuns at 32 >= 0.8 x the HttpClient loop (runs/s) | $(Format-Number $ratioVsHttp '0.00') x | $(Format-Goal $bothMeasured $httpGoal) |"
    $indexedGoal = $adf32p.Measured -and $http32p.Measured -and (& $allRunsStarted $adf32p) -and $ratioIndexed -ge 0.8
    Add-Line "| bulk start, typed parameter on each input: AdfRuns at 32 >= 0.8 x the HttpClient loop (runs/s) | $(Format-Number $ratioIndexed '0.00') x | $(Format-Goal ($adf32p.Measured -and $http32p.Measured) $indexedGoal) |"
    Add-Line "| bulk start: requests per started run (AdfRuns at 32, counted by the server) <= 1.05 | $(Format-Number $adfRequestsPerRun '0.000') | $(Format-Goal $adf32.Measured $requestsGoal) |"
    Add-Line "| bulk start, typed parameter: requests per started run <= 1.05 | $(Format-Number $indexedRequestsPerRun '0.000') | $(Format-Goal $adf32p.Measured ($adf32p.Measured -and (& $allRunsStarted $adf32p) -and $indexedRequestsPerRun -le 1.05)) |"
    Add-Line "| read-back: $($readBack.Runs) starts at $($readBack.ThrottleLimit), createRun answered in $($readBack.CreateRunDelay) ms: requests per run <= 1.05 (worst repetition) | $(Format-Number $readBackQuiet '0.000') | $(Format-Goal $readBack.Measured ($readBackAllStarted -and $readBackQuiet -le 1.05)) |"
    Add-Line "| read-back, the same while other processes keep every core busy: requests per run <= 1.05 | $(Format-Number $readBackBusy '0.000') | $(Format-Goal $readBack.Measured ($readBackAllStarted -and $readBackBusy -le 1.05)) |"
}

function Add-ReadBackSection([int] $Number) {
    Add-Line "## $Number. Read-back against a slower service, quiet and busy"
    Add-Line
    if (-not $readBack.Measured) { Add-Line "Failed: $($readBack.Error)"; Add-Line; return }
    Add-Line "$($readBack.Runs) piped ``'Hello'`` into ``Start-AdfPipelineRun -ThrottleLimit $($readBack.ThrottleLimit)`` against the minimal loopback server"
    Add-Line "answering each ``createRun`` after $($readBack.CreateRunDelay) ms (drawn per request; bench/Measure-ReadBack.ps1), a fresh server and a"
    Add-Line "warm-up of 32 runs per repetition, $($readBack.Repetitions) repetitions per condition, taking turns. Busy: one spinning shell loop per logical"
    Add-Line 'core runs for the whole repetition. Requests are counted by the server. The started runs are read back in batches'
    Add-Line '(one `queryPipelineRuns` each) sized by how many runs have been answered, not by a time window.'
    Add-Line
    Add-Line '| condition | repetition | runs | seconds | requests | per run | CPU the load used |'
    Add-Line '|---|---|---|---|---|---|---|'
    foreach ($condition in 'Quiet', 'Busy') {
        $n = 0
        foreach ($sample in @($readBack.Conditions.$condition)) {
            $n++
            Add-Line "| $($condition.ToLowerInvariant()) | $n | $($sample.Succeeded) ($($sample.Failed) failed) | $(Format-Number $sample.Seconds '0.00') | $(Format-RequestCount $sample.Requests) | **$(Format-Number $sample.RequestsPerRun '0.000')** | $(if ($condition -eq 'Busy') { (Format-Number $sample.LoadCpuSeconds '0.0') + ' s' } else { '' }) |"
        }
    }
    Add-Line
}

function Add-FirstRunSection([int] $Number) {
    Add-Line "## $Number. First run of a fresh session"
    Add-Line
    if (-not $firstRun.Measured) { Add-Line "Failed: $($firstRun.Error)"; Add-Line; return }
    Add-Line "Wall clock of a whole new pwsh, $($firstRun.Rounds) rounds of each, interleaved, after one untimed run of each, against the"
    Add-Line 'minimal loopback server in another process (bench/Measure-FirstRun.ps1). AdfRuns also fetches the pipeline''s definition'
    Add-Line 'and reads the run back; the bare call sends the `createRun` alone.'
    Add-Line
    Add-Line "- AdfRuns: ``pwsh -NoProfile -NonInteractive -Command ""$($firstRun.Commands.Module -replace '\|', '/')""``"
    Add-Line "- bare: ``pwsh -NoProfile -NonInteractive -Command ""$($firstRun.Commands.InvokeRestMethod -replace '\|', '/')""``"
    Add-Line
    Add-Line 'JIT is the number of methods the process JIT-compiled in all (pwsh''s own start-up included), median of the rounds.'
    Add-Line
    Add-Line '| | median | min | max | methods JIT-compiled |'
    Add-Line '|---|---|---|---|---|'
    foreach ($name in 'Module', 'InvokeRestMethod') {
        $times = @($firstRun.Times.$name)
        $jit = if (Test-Property $firstRun 'JitMethods') { Format-Number (Get-Median @($firstRun.JitMethods.$name)) } else { 'n/a' }
        Add-Line "| $(if ($name -eq 'Module') { 'AdfRuns: import, connect, Start-AdfPipelineRun' } else { 'bare Invoke-RestMethod createRun' }) | $(Format-Number (Get-Median $times)) ms | $(Format-Number ($times | Measure-Object -Minimum).Minimum) ms | $(Format-Number ($times | Measure-Object -Maximum).Maximum) ms | $jit |"
    }
    Add-Line
    Add-Line "Ratio of the medians: **$(Format-Number $firstRunRatio '0.00')**; the server counted $(Format-RequestCount $firstRun.Requests) over all rounds."
    Add-Line
}
