#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Import-time goal: pwsh + Import-Module + Get-Command vs a bare pwsh, whole-process wall clock, interleaved, with
    an empty module and PSResourceGet timed in the same rounds for reference. Writes import.json under -OutputPath.
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

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$ModulePath = (Resolve-Path $ModulePath).Path
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
$import = [ordered]@{ ImportRuns = $ImportRuns; Measured = $false; Error = $null; Times = [ordered]@{}; ReferenceErrors = [ordered]@{}; PowerShellPrecompiled = $null }
# Whether this pwsh's own System.Management.Automation is ReadyToRun (PowerShell's packages are; the .NET global tool
# is IL only, so PowerShell's format and type loaders are JIT-compiled on first use).
$precompiled = & $Pwsh -NoProfile -NonInteractive -Command '$s = [IO.File]::OpenRead([psobject].Assembly.Location); try { ([Reflection.PortableExecutable.PEReader]::new($s)).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $s.Dispose() }'
$import.PowerShellPrecompiled = "$precompiled" -eq 'True'
foreach ($name in $importCommands.Keys) { $import.Times[$name] = [Collections.Generic.List[double]]::new() }
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
    for ($i = 0; $i -lt $ImportRuns; $i++) {
        foreach ($name in $importCommands.Keys) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            & $Pwsh -NoProfile -NonInteractive -Command $importCommands[$name] | Out-Null
            $watch.Stop()
            if ($LASTEXITCODE -ne 0) { throw "pwsh -Command `"$($importCommands[$name])`" exited with $LASTEXITCODE." }
            $import.Times[$name].Add($watch.Elapsed.TotalMilliseconds)
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
}
if ($import.Measured) {
    $module = Get-Median $import.Times['Module']
    $bare = Get-Median $import.Times['Bare']
    Write-BenchStep ("   module {0} ms, bare {1} ms, ratio {2}" -f (Format-Number $module), (Format-Number $bare), (Format-Number ($module / $bare) '0.00'))
}
Save-BenchResult $OutputPath 'import' $import
exit $(if ($import.Measured) { 0 } else { 1 })
