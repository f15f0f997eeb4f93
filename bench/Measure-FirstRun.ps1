#!/usr/bin/env pwsh
<#
.SYNOPSIS
    First-run goal: a fresh pwsh that imports AdfRuns, connects and starts one run, against a fresh pwsh that sends
    the same createRun with a bare Invoke-RestMethod; whole-process wall clock, interleaved, against the minimal
    loopback server (in a process of its own). Writes first-run.json under -OutputPath.
.DESCRIPTION
    Both commands start from nothing: each round is a new pwsh, so every JIT compilation, assembly load and
    connection set-up of a first run is in the time. Runs in a process of its own that never imports the module.
    Exits 1 when the measurement could not be made.
.EXAMPLE
    pwsh -File bench/Measure-FirstRun.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -Rounds 5
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [ValidateRange(1, 99)] [int] $Rounds = 11
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
$Pwsh = Get-BenchPwsh

Write-BenchStep "7. first run of a fresh session: $Rounds interleaved rounds"
$result = [ordered]@{
    Rounds = $Rounds; Measured = $false; Error = $null; Commands = [ordered]@{}
    Times = [ordered]@{ Module = [Collections.Generic.List[double]]::new(); InvokeRestMethod = [Collections.Generic.List[double]]::new() }
    # Methods the JIT compiled in the whole process, as it printed last: a count the machine's load does not change much.
    JitMethods = [ordered]@{ Module = [Collections.Generic.List[double]]::new(); InvokeRestMethod = [Collections.Generic.List[double]]::new() }
}
$printJit = '; [Runtime.JitInfo]::GetCompiledMethodCount($false)'
$server = $null
try {
    $server = Start-LoopbackHost
    $quote = { param($text) "'" + ($text -replace "'", "''") + "'" }
    $commands = [ordered]@{
        Module           = "`$ErrorActionPreference = 'Stop'; Import-Module $(& $quote $ModulePath); " +
            "`$null = Connect-AdfAccount -AccessToken (ConvertTo-SecureString $(& $quote $server.AccessToken) -AsPlainText -Force) -ResourceManagerEndpoint $(& $quote $server.Endpoint) " +
            "-SubscriptionId $(& $quote $server.SubscriptionId) -ResourceGroupName $(& $quote $server.ResourceGroupName) -FactoryName $(& $quote $server.FactoryName); " +
            "if (-not (Start-AdfPipelineRun Hello).RunId) { exit 2 }$printJit"
        InvokeRestMethod = "`$ErrorActionPreference = 'Stop'; " +
            "if (-not (Invoke-RestMethod -Method Post -Uri $(& $quote (Get-CreateRunUrl $server)) -Headers @{ Authorization = $(& $quote "Bearer $($server.AccessToken)") } -Body '{}' -ContentType 'application/json').runId) { exit 2 }$printJit"
    }
    # What the report shows: the commands with the token left out.
    foreach ($name in $commands.Keys) { $result.Commands[$name] = $commands[$name].Replace($server.AccessToken, '<token>').Replace($printJit, '') }
    foreach ($name in $commands.Keys) {
        & $Pwsh -NoProfile -NonInteractive -Command $commands[$name] | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "The $name command exited with $LASTEXITCODE." }
    }
    for ($round = 0; $round -lt $Rounds; $round++) {
        foreach ($name in $commands.Keys) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $printed = @(& $Pwsh -NoProfile -NonInteractive -Command $commands[$name])
            $watch.Stop()
            if ($LASTEXITCODE -ne 0) { throw "The $name command exited with $LASTEXITCODE." }
            $result.Times[$name].Add($watch.Elapsed.TotalMilliseconds)
            $result.JitMethods[$name].Add([double]$printed[-1])
        }
    }
    $result.Requests = Get-RequestCount $server
    $result.Measured = $true
    $module = Get-Median $result.Times['Module']; $irm = Get-Median $result.Times['InvokeRestMethod']
    Write-BenchStep ("   AdfRuns {0:0} ms, Invoke-RestMethod {1:0} ms, ratio {2:0.00}; JIT {3:0} / {4:0} methods; {5}" -f $module, $irm, ($module / $irm), (Get-Median $result.JitMethods['Module']), (Get-Median $result.JitMethods['InvokeRestMethod']), (Format-RequestCount $result.Requests))
}
catch {
    $result.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Stop-EmulatorHost $server
}
Save-BenchResult $OutputPath 'first-run' $result
exit $(if ($result.Measured) { 0 } else { 1 })
