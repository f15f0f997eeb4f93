# Dot-sourced first by each bench/Measure-*.ps1 (after its param block): the same preferences and strict mode, the
# shared BenchTools, and -ModulePath made a full path (the measurements run pwsh processes elsewhere).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$ModulePath = (Resolve-Path $ModulePath).Path
