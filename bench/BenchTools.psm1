# Shared by the bench scripts (Measure-*.ps1, Write-BenchReport.ps1): numbers and formatting, the emulator host (an
# emulator in its own pwsh, so the server's CPU and memory are not the client's), machine facts, and the JSON result
# files under out/bench/ that the measurements write and the report reads.

Set-StrictMode -Version 3.0

$script:BenchWatch = [Diagnostics.Stopwatch]::StartNew()

function Write-BenchStep([string] $Message) { Write-Host ("[{0,6:0.0}s] {1}" -f $script:BenchWatch.Elapsed.TotalSeconds, $Message) }

function Get-BenchPwsh {
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
    if (-not (Test-Path $pwsh)) { throw "pwsh was found neither on PATH nor at $pwsh." }
    return $pwsh
}

# Whether that pwsh's own System.Management.Automation is ReadyToRun (PowerShell's packages are; the .NET global tool
# is IL only, so its PowerShell JIT-compiles its own loaders on first use).
function Test-PwshReadyToRun([string] $Pwsh) {
    $answer = & $Pwsh -NoProfile -NonInteractive -Command '$s = [IO.File]::OpenRead([psobject].Assembly.Location); try { ([Reflection.PortableExecutable.PEReader]::new($s)).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $s.Dispose() }'
    return "$answer" -eq 'True'
}

#region numbers and formatting

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return [double]::NaN }
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Format-Number([double] $Value, [string] $Format = '0') {
    if ([double]::IsNaN($Value)) { return 'n/a' }
    return $Value.ToString($Format, [cultureinfo]::InvariantCulture)
}

function Format-Goal([bool] $Measured, [bool] $Met) {
    if (-not $Measured) { return '**MISS** (not measured)' }
    if ($Met) { return '**PASS**' }
    return '**MISS**'
}

function Format-RequestCount($Counts) {
    if (-not $Counts -or $Counts.Count -eq 0) { return 'none' }
    return (($Counts.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Value)" }) -join ', ')
}

# createRuns per second over the first or last quarter of the runs, from the times the emulator received them.
function Get-QuarterRate([double[]] $Times, [string] $Which) {
    $sorted = @($Times | Sort-Object)
    $quarter = [int][math]::Floor($sorted.Count / 4)
    if ($quarter -lt 2) { return [double]::NaN }
    $span = if ($Which -eq 'first') { $sorted[$quarter] - $sorted[0] } else { $sorted[-1] - $sorted[$sorted.Count - 1 - $quarter] }
    if ($span -le 0) { return [double]::NaN }
    return 1000.0 * $quarter / $span
}

function New-NameArray([int] $Count) {
    $names = [string[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) { $names[$i] = 'Hello' }
    return , $names
}

#endregion

#region the emulator host

# A fresh emulator in its own pwsh; returns an object with the connection details, the process and a Send method.
# -Options are more arguments for bench/EmulatorHost.ps1 (its service limits, pipeline files), name then value.
function Start-EmulatorHost([string] $ModulePath, [string] $ActivityDuration = '00:00:00.010', [string[]] $Options = @()) {
    return Start-BenchHost 'EmulatorHost.ps1' (@('-ModulePath', $ModulePath, '-ActivityDuration', $ActivityDuration) + $Options)
}

# The bulk-start goal's minimal loopback server (bench/LoopbackServer.cs) in its own pwsh; the same kind of object.
# -CreateRunDelay '20-50' makes it answer each createRun after 20 to 50 ms.
function Start-LoopbackHost([string] $CreateRunDelay = '0-0') { return Start-BenchHost 'LoopbackHost.ps1' @('-CreateRunDelay', $CreateRunDelay) }

function Start-BenchHost([string] $Script, [string[]] $Arguments) {
    $info = [Diagnostics.ProcessStartInfo]::new((Get-BenchPwsh))
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot $Script)) + $Arguments) {
        $info.ArgumentList.Add($argument)
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if (-not $line) { throw "The server host ($Script) exited before it printed its endpoint." }
    $details = $line | ConvertFrom-Json
    $emulator = [pscustomobject]@{
        Process           = $process
        ServerProcessId   = [int]$details.ProcessId   # under the dotnet global tool, pwsh is a launcher of this process
        Endpoint          = [string]$details.Endpoint
        AccessToken       = [string]$details.AccessToken
        SubscriptionId    = [string]$details.SubscriptionId
        ResourceGroupName = [string]$details.ResourceGroupName
        FactoryName       = [string]$details.FactoryName
    }
    $emulator | Add-Member -MemberType ScriptMethod -Name Send -Value {
        param([string] $Command)
        $this.Process.StandardInput.WriteLine($Command)
        $this.Process.StandardInput.Flush()
        $answer = $this.Process.StandardOutput.ReadLine()
        if ($null -eq $answer) { throw "The emulator host exited while answering '$Command'." }
        return $answer
    }
    return $emulator
}

function Stop-EmulatorHost($Emulator) {
    if (-not $Emulator) { return }
    try { $Emulator.Process.StandardInput.WriteLine('exit'); $Emulator.Process.StandardInput.Close() } catch { }
    if (-not $Emulator.Process.WaitForExit(15000)) {
        foreach ($id in $Emulator.ServerProcessId, $Emulator.Process.Id) {
            Get-Process -Id $id -ErrorAction SilentlyContinue | Stop-Process -Force -ErrorAction SilentlyContinue
        }
    }
    $Emulator.Process.Dispose()
}

function Get-RequestCount($Emulator) {
    $counts = [ordered]@{}
    $parsed = $Emulator.Send('counts') | ConvertFrom-Json
    foreach ($property in $parsed.PSObject.Properties) { $counts[$property.Name] = [int]$property.Value }
    return $counts
}

function Get-ServerCpuSeconds($Emulator) {
    $process = Get-Process -Id $Emulator.ServerProcessId -ErrorAction SilentlyContinue
    if ($process) { return $process.TotalProcessorTime.TotalSeconds }
    return [double]::NaN
}

# Connects this session (AdfRuns must be imported) to an emulator host.
function Connect-EmulatorHost($Emulator) {
    $token = ConvertTo-SecureString $Emulator.AccessToken -AsPlainText -Force
    Connect-AdfAccount -AccessToken $token -ResourceManagerEndpoint $Emulator.Endpoint -SubscriptionId $Emulator.SubscriptionId `
        -ResourceGroupName $Emulator.ResourceGroupName -FactoryName $Emulator.FactoryName | Out-Null
}

function Get-CreateRunUrl($Emulator, [string] $PipelineName = 'Hello') {
    return "$($Emulator.Endpoint)subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)" +
        "/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)/pipelines/$PipelineName/createRun?api-version=2018-06-01"
}

#endregion

#region machine facts

function Get-LoadAverage {
    if (-not (Test-Path /proc/loadavg)) { return 'unknown' }
    return ((Get-Content -Raw /proc/loadavg).Trim() -split '\s+')[0..2] -join ' / '
}

function Get-CpuTicks {
    $fields = ((Get-Content /proc/stat -TotalCount 1) -split '\s+')[1..8] | ForEach-Object { [long]$_ }
    return [pscustomobject]@{ Idle = $fields[3] + $fields[4]; Total = ($fields | Measure-Object -Sum).Sum }
}

# The build that precedes the bench (and anything else running) leaves the cores busy for a while; process start-up
# times in particular swing by a third under load. Wait, up to a minute, for 3 quiet seconds in a row (>= 85% idle).
function Wait-Quiet([int] $MaxSeconds = 60) {
    if (-not (Test-Path /proc/stat)) { return 'not checked (no /proc/stat)' }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $quiet = 0
    $idle = 0.0
    while ($watch.Elapsed.TotalSeconds -lt $MaxSeconds -and $quiet -lt 3) {
        $before = Get-CpuTicks
        Start-Sleep -Seconds 1
        $after = Get-CpuTicks
        $idle = ($after.Idle - $before.Idle) / [Math]::Max(1, $after.Total - $before.Total)
        $quiet = if ($idle -ge 0.85) { $quiet + 1 } else { 0 }
    }
    $state = if ($quiet -ge 3) { 'quiet' } else { 'still busy' }
    return ('{0} after {1:0} s (last second {2:0}% idle)' -f $state, $watch.Elapsed.TotalSeconds, (100 * $idle))
}

# The machine the bench runs on, in the order the report shows it.
function Get-MachineFact([string] $ModulePath) {
    $pwsh = Get-BenchPwsh
    $cpuModel = (Select-String -Path /proc/cpuinfo -Pattern '^model name\s*:\s*(.+)$' -ErrorAction SilentlyContinue | Select-Object -First 1)
    $cpuModel = if ($cpuModel) { $cpuModel.Matches[0].Groups[1].Value.Trim() } else { 'unknown' }
    $memTotal = (Select-String -Path /proc/meminfo -Pattern '^MemTotal:\s+(\d+)\s+kB' -ErrorAction SilentlyContinue | Select-Object -First 1)
    $memTotal = if ($memTotal) { '{0:0.0} GiB' -f ([long]$memTotal.Matches[0].Groups[1].Value / 1MB) } else { 'unknown' }
    $osName = if (Test-Path /etc/os-release) {
        (Get-Content /etc/os-release | Where-Object { $_ -like 'PRETTY_NAME=*' } | Select-Object -First 1) -replace '^PRETTY_NAME="?([^"]*)"?$', '$1'
    } else { [Runtime.InteropServices.RuntimeInformation]::OSDescription }
    $kernel = if (Test-Path /proc/sys/kernel/osrelease) { "Linux $((Get-Content -Raw /proc/sys/kernel/osrelease).Trim())" } else { [Environment]::OSVersion.VersionString }
    $sdkVersion = try { (& dotnet --version 2>$null | Select-Object -First 1) } catch { 'unknown' }
    $moduleVersion = (Import-PowerShellDataFile $ModulePath).ModuleVersion
    return [ordered]@{
        'Date (UTC)'      = [DateTime]::UtcNow.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
        'CPU'             = $cpuModel
        'Cores (logical)' = [Environment]::ProcessorCount
        'Memory'          = $memTotal
        'OS'              = "$osName ($kernel, $([Runtime.InteropServices.RuntimeInformation]::OSArchitecture))"
        '.NET'            = "$([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription) (SDK $sdkVersion)"
        'PowerShell'      = "$($PSVersionTable.PSVersion) ($pwsh)"
        'AdfRuns'         = "$moduleVersion ($ModulePath)"
    }
}

#endregion

#region result files

# Writes one measurement's result as <OutputPath>/<Name>.json, with the load average when it ended and how long the
# script ran (the report's closing lines).
function Save-BenchResult([string] $OutputPath, [string] $Name, $Result) {
    if (-not (Test-Path $OutputPath)) { New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null }
    $Result['LoadAverageAtEnd'] = Get-LoadAverage
    $Result['ScriptSeconds'] = $script:BenchWatch.Elapsed.TotalSeconds
    $path = Join-Path $OutputPath "$Name.json"
    ConvertTo-Json -InputObject $Result -Depth 12 | Set-Content -LiteralPath $path -Encoding utf8
    Write-BenchStep "Wrote $path"
}

# JSON back to what the measurement saved: objects whose names are keys (request counts by operation, import times by
# command, machine facts) to ordered dictionaries, which the report indexes and enumerates in order; other objects
# stay objects. NaN, which JSON cannot hold, comes back from its "NaN" text.
$script:DictionaryProperties = 'Facts', 'Times', 'InProcess', 'ReferenceErrors', 'Requests', 'WarmupRequests'
function ConvertTo-BenchValue($Value, [bool] $AsDictionary = $false) {
    if ($Value -is [System.Management.Automation.PSCustomObject]) {
        if ($AsDictionary) {
            $dictionary = [ordered]@{}
            foreach ($property in $Value.PSObject.Properties) { $dictionary[$property.Name] = ConvertTo-BenchValue $property.Value }
            return $dictionary
        }
        foreach ($property in @($Value.PSObject.Properties)) {
            $Value.($property.Name) = ConvertTo-BenchValue $property.Value ($property.Name -in $script:DictionaryProperties)
        }
        return $Value
    }
    if ($Value -is [array]) { return , @($Value | ForEach-Object { ConvertTo-BenchValue $_ }) }
    if ($Value -is [string] -and $Value -in 'NaN', 'Infinity', '-Infinity') { return [double]::Parse($Value, [cultureinfo]::InvariantCulture) }
    return $Value
}

function Read-BenchResult([string] $InputPath, [string] $Name) {
    $path = Join-Path $InputPath "$Name.json"
    if (-not (Test-Path $path)) { return $null }
    return ConvertTo-BenchValue (Get-Content -Raw -LiteralPath $path | ConvertFrom-Json)
}

#endregion

Export-ModuleMember -Function *-*
