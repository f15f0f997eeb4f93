#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The standalone emulator (Start-AdfEmulator -Https -Wait): time from starting its process to the answer of its
    first request over https, and its memory while 100,000 runs are created. Writes emulator-process.json under
    -OutputPath.
.DESCRIPTION
    Start: -StartRuns rounds of launching `pwsh -Command "Import-Module ...; Start-AdfEmulator -Https
    -ConnectionFile f -Wait"`, waiting for the connection file and getting the factory over https with curl
    (--cacert, the emulator's certificate), then SIGTERM. With -AzuritePath (the azurite-blob script of an npm
    install of azurite; found on PATH when not given), Azurite's blob service is started (with --disableTelemetry, so
    nothing leaves loopback) and asked its first question the same way, for reference.
    Memory: one standalone emulator (plain http, activities of 0 s) receives -Runs createRun requests and half as many
    again, 16 in flight (bench/BenchHelpers.cs), and its working set is read after every tenth of -Runs; the emulator
    keeps at most 10,000 runs and its request log 100,000 requests, so past both the working set must level off.
.EXAMPLE
    pwsh -File bench/Measure-EmulatorProcess.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -StartRuns 5 -Runs 100000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [ValidateRange(1, 99)] [int] $StartRuns = 5,
    [ValidateRange(1000, 10000000)] [int] $Runs = 100000,
    [string] $AzuritePath
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
$Pwsh = Get-BenchPwsh
if (-not $AzuritePath) {
    $azurite = Get-Command azurite-blob -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($azurite) { $AzuritePath = $azurite.Source }
}
$work = Join-Path ([IO.Path]::GetTempPath()) "adfruns-bench-process-$PID"
$null = New-Item -ItemType Directory -Force -Path $work

function Start-Standalone([string] $Arguments) {
    $file = Join-Path $work "emulator-$([guid]::NewGuid().ToString('N')).json"
    $info = [Diagnostics.ProcessStartInfo]::new($Pwsh)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModulePath'; Start-AdfEmulator -Wait -ConnectionFile '$file' $Arguments") {
        $info.ArgumentList.Add($argument)
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $null = $process.StandardOutput.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    while (-not (Test-Path $file)) {
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw 'The standalone emulator wrote no connection file.' }
        Start-Sleep -Milliseconds 10
    }
    $facts = $null
    while ($null -eq $facts) { try { $facts = Get-Content -Raw $file | ConvertFrom-Json } catch { Start-Sleep -Milliseconds 10 } }
    [pscustomobject]@{ Process = $process; Facts = $facts }
}

function Stop-Standalone($Standalone) {
    & kill -s TERM $Standalone.Facts.processId
    if (-not $Standalone.Process.WaitForExit(30000)) { $Standalone.Process.Kill($true) }
}

function Get-FactoryUrl($Facts) {
    "$($Facts.endpoint)subscriptions/$($Facts.subscriptionId)/resourceGroups/$($Facts.resourceGroupName)/providers/Microsoft.DataFactory/factories/$($Facts.factoryName)"
}

$result = [ordered]@{
    StartRuns = $StartRuns; Runs = $Runs; Measured = $false; Error = $null
    StartMilliseconds = [Collections.Generic.List[double]]::new()
    AzuriteStartMilliseconds = [Collections.Generic.List[double]]::new(); AzuriteError = $null
    MemorySamples = [Collections.Generic.List[object]]::new(); RetainedRuns = $null; CreateRunsPerSecond = $null
}

try {
    Write-BenchStep "1. start to first request over https: $StartRuns runs"
    for ($i = 0; $i -le $StartRuns; $i++) {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $standalone = Start-Standalone '-Https'
        $status = & curl -s -o /dev/null -w '%{http_code}' --cacert $standalone.Facts.certificatePath -H "Authorization: Bearer $($standalone.Facts.accessToken)" "$(Get-FactoryUrl $standalone.Facts)?api-version=2018-06-01"
        $watch.Stop()
        Stop-Standalone $standalone
        if ($status -ne '200') { throw "The first request answered $status." }
        if ($i -gt 0) { $result.StartMilliseconds.Add($watch.Elapsed.TotalMilliseconds) }   # the first run only warms the file cache
    }
    Write-BenchStep ("   median {0} ms" -f (Format-Number (Get-Median $result.StartMilliseconds)))

    if ($AzuritePath) {
        Write-BenchStep "   Azurite (blob) for reference: $StartRuns runs"
        try {
            for ($i = 0; $i -le $StartRuns; $i++) {
                $port = Get-Random -Minimum 20000 -Maximum 40000
                $location = Join-Path $work "azurite-$i"
                $watch = [Diagnostics.Stopwatch]::StartNew()
                $azurite = Start-Process -FilePath $AzuritePath -ArgumentList '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--blobPort', $port, '--location', $location -PassThru -RedirectStandardOutput (Join-Path $work "azurite-$i.log")
                $status = '000'
                while ($status -eq '000' -and $watch.Elapsed.TotalSeconds -lt 60) {
                    $status = & curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/devstoreaccount1?comp=list"
                    if ($status -eq '000') { Start-Sleep -Milliseconds 10 }
                }
                $watch.Stop()
                & kill -s TERM $azurite.Id
                $null = $azurite.WaitForExit(30000)
                if ($status -eq '000') { throw 'Azurite did not answer within 60 s.' }
                if ($i -gt 0) { $result.AzuriteStartMilliseconds.Add($watch.Elapsed.TotalMilliseconds) }
            }
            Write-BenchStep ("   Azurite median {0} ms" -f (Format-Number (Get-Median $result.AzuriteStartMilliseconds)))
        }
        catch { $result.AzuriteError = "$_" }
    }

    Write-BenchStep "2. memory of one standalone emulator while $Runs runs are created"
    $standalone = Start-Standalone '-ActivityDuration 0'
    try {
        $emulatorProcess = Get-Process -Id $standalone.Facts.processId
        $url = "$(Get-FactoryUrl $standalone.Facts)/pipelines/Hello/createRun?api-version=2018-06-01"
        $emulatorProcess.Refresh()
        $result.MemorySamples.Add([ordered]@{ Runs = 0; WorkingSetMB = $emulatorProcess.WorkingSet64 / 1MB })
        $step = [int]($Runs / 10)
        $seconds = 0.0
        for ($done = 0; $done -lt $Runs * 1.5; $done += $step) {
            $loop = [AdfRunsBench.HttpClientLoop]::Run($url, $standalone.Facts.accessToken, $step, 16, $null)
            if ($loop.Failed -gt 0) { throw "$($loop.Failed) createRun requests failed: $($loop.FirstError)" }
            $seconds += $loop.Seconds
            $emulatorProcess.Refresh()
            $result.MemorySamples.Add([ordered]@{ Runs = $done + $step; WorkingSetMB = $emulatorProcess.WorkingSet64 / 1MB })
            Write-BenchStep ("   {0} runs: {1} MB" -f ($done + $step), (Format-Number ($emulatorProcess.WorkingSet64 / 1MB)))
        }
        $result.CreateRunsPerSecond = ($done) / $seconds
        $result.RetainedRuns = (Invoke-RestMethod "$($standalone.Facts.controlEndpoint)").runCount
    }
    finally { Stop-Standalone $standalone }
    $result.Measured = $true
}
catch {
    $result.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

Save-BenchResult $OutputPath 'emulator-process' $result
exit $(if ($result.Measured) { 0 } else { 1 })
