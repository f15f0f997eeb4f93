#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Import-time goal: pwsh + Import-Module + Get-Command vs a bare pwsh, whole-process wall clock, interleaved, with
    an empty module and PSResourceGet timed in the same rounds for reference; and AdfRuns' own part (module minus empty
    module) timed inside each process too, with this pwsh and with a ReadyToRun copy of it. Writes import.json under
    -OutputPath.
.DESCRIPTION
    Run in a process of its own, before anything else loads: this process compiles nothing and never imports the
    module, so no JIT thread of its own competes for the cores the timed pwsh processes need. Exits 1 when the
    measurement could not be made (import.json then says why).
.EXAMPLE
    pwsh -File bench/Measure-Import.ps1 -ModulePath out/AdfRuns/AdfRuns.psd1 -ImportRuns 7
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '../out/bench'),
    [ValidateRange(1, 99)] [int] $ImportRuns = 21
)

. (Join-Path $PSScriptRoot 'Preamble.ps1')
$Pwsh = Get-BenchPwsh

Write-BenchStep "1. import: $ImportRuns interleaved runs of each command"
# Two references beside the goal's pair, timed the same way in the same rounds: importing an empty manifest module
# and resolving a built-in cmdlet (what any module pays for Import-Module and Get-Command themselves) and PowerShell's own PSResourceGet (the yardstick the goal names).
$emptyModuleFolder = Join-Path ([IO.Path]::GetTempPath()) "adfruns-bench-empty-$PID"
$null = New-Item -ItemType Directory -Force -Path $emptyModuleFolder
$emptyManifest = Join-Path $emptyModuleFolder 'Empty.psd1'
Set-Content -LiteralPath $emptyManifest -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
# A third reference: the empty module with AdfRuns' format and type files, to tell what PowerShell's loaders of those
# files cost (they name types, which need not be loaded for the files to be read).
$moduleFolder = Split-Path $ModulePath
Copy-Item -LiteralPath (Join-Path $moduleFolder 'AdfRuns.format.ps1xml'), (Join-Path $moduleFolder 'AdfRuns.types.ps1xml') -Destination $emptyModuleFolder
$viewsManifest = Join-Path $emptyModuleFolder 'EmptyWithViews.psd1'
Set-Content -LiteralPath $viewsManifest -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @(); TypesToProcess = @('AdfRuns.types.ps1xml'); FormatsToProcess = @('AdfRuns.format.ps1xml') }"
$importCommands = [ordered]@{
    Module        = "`$ErrorActionPreference = 'Stop'; Import-Module '$($ModulePath -replace "'", "''")'; `$null = Get-Command Start-AdfPipelineRun"
    Bare          = 'exit'
    EmptyModule   = "`$ErrorActionPreference = 'Stop'; Import-Module '$($emptyManifest -replace "'", "''")'; `$null = Get-Command Import-Module"
    EmptyModuleViews = "`$ErrorActionPreference = 'Stop'; Import-Module '$($viewsManifest -replace "'", "''")'; `$null = Get-Command Import-Module"
    PSResourceGet = "`$ErrorActionPreference = 'Stop'; Import-Module Microsoft.PowerShell.PSResourceGet; `$null = Get-Command Find-PSResource"
}
# The same three imports timed inside the process: a first empty module pays for PowerShell's own first Import-Module,
# then a stopwatch runs around the import and Get-Command alone. The process's start (150 to 250 ms of spread here)
# is left out, so "module minus empty module" is read to a few milliseconds.
$warmManifest = Join-Path $emptyModuleFolder 'Warm.psd1'
Set-Content -LiteralPath $warmManifest -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
$inProcessCommands = [ordered]@{}
foreach ($name in 'Module', 'EmptyModule', 'EmptyModuleViews') {
    $inProcessCommands[$name] = "`$ErrorActionPreference = 'Stop'; Import-Module '$($warmManifest -replace "'", "''")'; `$watch = [Diagnostics.Stopwatch]::StartNew(); " +
        ($importCommands[$name] -replace '^.*?; ', '') + "; `$watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)"
}
$import = [ordered]@{
    ImportRuns = $ImportRuns; Measured = $false; Error = $null; Times = [ordered]@{}; ReferenceErrors = [ordered]@{}; PowerShellPrecompiled = $null
    InProcess = [ordered]@{}
    # The in-process three again with a ReadyToRun copy of this pwsh (bench/New-ReadyToRunPwsh.ps1), when this one is not.
    ReadyToRun = [ordered]@{ Error = $null; Times = [ordered]@{} }
}
$import.PowerShellPrecompiled = Test-PwshReadyToRun $Pwsh
foreach ($name in $importCommands.Keys) { $import.Times[$name] = [Collections.Generic.List[double]]::new() }
foreach ($name in $inProcessCommands.Keys) { $import.InProcess[$name] = [Collections.Generic.List[double]]::new() }
$readyToRunPwsh = $null
if ($import.PowerShellPrecompiled) { $import.ReadyToRun.Error = 'this pwsh is ReadyToRun already' }
else {
    try {
        $null = New-Item -ItemType Directory -Force -Path $OutputPath
        $readyToRunPwsh = & (Join-Path $PSScriptRoot 'New-ReadyToRunPwsh.ps1') -Pwsh $Pwsh -Destination (Join-Path $OutputPath 'pwsh-ready-to-run')
        foreach ($name in $inProcessCommands.Keys) { $import.ReadyToRun.Times[$name] = [Collections.Generic.List[double]]::new() }
    }
    catch { $import.ReadyToRun.Error = "$_" }
}

# Runs one timed command in a fresh process and returns what it printed last (the in-process stopwatch, if any).
function Invoke-ImportCommand([string] $Executable, [string] $Command) {
    $output = @(& $Executable -NoProfile -NonInteractive -Command $Command)
    if ($LASTEXITCODE -ne 0) { throw "$Executable -Command `"$Command`" exited with $LASTEXITCODE." }
    if ($output.Count) { return [double]::Parse($output[-1], [cultureinfo]::InvariantCulture) }
}

try {
    # One untimed run of each first, so all start from a warm file cache. The goal's pair must work; a reference
    # that fails (PSResourceGet missing from this pwsh) is left out and named in the report.
    foreach ($name in @($importCommands.Keys)) {
        & $Pwsh -NoProfile -NonInteractive -Command $importCommands[$name] | Out-Null
        if ($LASTEXITCODE -ne 0) {
            if ($name -in 'Module', 'Bare') { throw "pwsh -Command `"$($importCommands[$name])`" exited with $LASTEXITCODE." }
            $import.ReferenceErrors[$name] = "exited with $LASTEXITCODE"
            $importCommands.Remove($name)
            $import.Times.Remove($name)
        }
    }
    foreach ($command in $inProcessCommands.Values) {
        $null = Invoke-ImportCommand $Pwsh $command
        if ($readyToRunPwsh) { $null = Invoke-ImportCommand $readyToRunPwsh $command }
    }
    for ($i = 0; $i -lt $ImportRuns; $i++) {
        foreach ($name in $importCommands.Keys) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $null = Invoke-ImportCommand $Pwsh $importCommands[$name]
            $watch.Stop()
            $import.Times[$name].Add($watch.Elapsed.TotalMilliseconds)
        }
        foreach ($name in $inProcessCommands.Keys) {
            $import.InProcess[$name].Add((Invoke-ImportCommand $Pwsh $inProcessCommands[$name]))
            if ($readyToRunPwsh) { $import.ReadyToRun.Times[$name].Add((Invoke-ImportCommand $readyToRunPwsh $inProcessCommands[$name])) }
        }
    }
    $import.Measured = $true
}
catch {
    $import.Error = "$_"
    Write-BenchStep "   FAILED: $_"
}
finally {
    Remove-Item -LiteralPath $emptyModuleFolder -Recurse -Force -ErrorAction SilentlyContinue
    if ($readyToRunPwsh) { Remove-Item -LiteralPath (Split-Path $readyToRunPwsh) -Recurse -Force -ErrorAction SilentlyContinue }
}
if ($import.Measured) {
    $module = Get-Median $import.Times['Module']
    $bare = Get-Median $import.Times['Bare']
    Write-BenchStep ("   module {0} ms, bare {1} ms, ratio {2}" -f (Format-Number $module), (Format-Number $bare), (Format-Number ($module / $bare) '0.00'))
    $ownPart = (Get-Median $import.InProcess['Module']) - (Get-Median $import.InProcess['EmptyModule'])
    Write-BenchStep ("   in-process: module minus empty module {0} ms" -f (Format-Number $ownPart '0.0'))
}
Save-BenchResult $OutputPath 'import' $import
exit $(if ($import.Measured) { 0 } else { 1 })
