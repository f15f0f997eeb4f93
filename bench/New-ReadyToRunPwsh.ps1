<#
.SYNOPSIS
    Makes a copy of a pwsh whose PowerShell assemblies are compiled ahead of time (ReadyToRun), as PowerShell's own
    packages ship them, and returns the copy's pwsh. For the import bench's reference: the .NET global tool ships IL
    only, so there PowerShell JIT-compiles its own module, format and type loaders on first use.
.DESCRIPTION
    Uses crossgen2 from the NuGet package cache (the package the build's ReadyToRun step restores:
    microsoft.netcore.app.crossgen2.<rid>, the runtime's version). Throws, saying why, when there is none or the copy
    cannot be made; the pwsh given is never changed.
.EXAMPLE
    $pwsh = & ./bench/New-ReadyToRunPwsh.ps1 -Pwsh ~/.dotnet/tools/pwsh -Destination out/bench/pwsh-ready-to-run
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Pwsh,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1')

# Where that pwsh's PowerShell lives, and the runtime it runs on (the global tool's pwsh is a launcher of another folder).
$facts = & $Pwsh -NoProfile -NonInteractive -Command '@{ App = [IO.Path]::GetDirectoryName([psobject].Assembly.Location); Framework = [IO.Path]::GetDirectoryName([object].Assembly.Location); Runtime = [Environment]::Version.ToString(); Rid = [Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier } | ConvertTo-Json -Compress' | ConvertFrom-Json
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
$crossgen = Join-Path $packages "microsoft.netcore.app.crossgen2.$($facts.Rid)/$($facts.Runtime)/tools/crossgen2$(if ($IsWindows) { '.exe' })"
if (-not (Test-Path -LiteralPath $crossgen)) { throw "no crossgen2 for .NET $($facts.Runtime) ($($facts.Rid)) at $crossgen (./build.ps1 restores it for its ReadyToRun step)" }

if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
Copy-Item -LiteralPath $facts.App -Destination $Destination -Recurse
$targetOs = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$targetArch = [Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
# What a session that imports a module runs: the engine, the host, and the modules of the built-in cmdlets.
$assemblies = 'System.Management.Automation', 'Microsoft.PowerShell.ConsoleHost', 'Microsoft.PowerShell.Commands.Utility',
    'Microsoft.PowerShell.Commands.Management', 'Microsoft.PowerShell.Security', 'Microsoft.PowerShell.SDK', 'pwsh'
$compiled = Join-Path $Destination 'ready-to-run'
$null = New-Item -ItemType Directory -Path $compiled
foreach ($name in $assemblies) {
    # Quoted: pwsh expands a wildcard in a native command's bare argument itself, and crossgen2 must see the pattern.
    $output = & $crossgen (Join-Path $facts.App "$name.dll") -o (Join-Path $compiled "$name.dll") -r "$(Join-Path $facts.App '*.dll')" -r "$(Join-Path $facts.Framework '*.dll')" "--targetos:$targetOs" "--targetarch:$targetArch" -O 2>&1
    if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed on $name.dll ($LASTEXITCODE): $($output | Select-Object -First 3)" }
}
Get-ChildItem -LiteralPath $compiled -Filter '*.dll' | Move-Item -Destination $Destination -Force
Remove-Item -LiteralPath $compiled -Recurse -Force

$copy = Join-Path $Destination "pwsh$(if ($IsWindows) { '.exe' })"
if (-not (Test-PwshReadyToRun $copy)) { throw "the copy at $copy did not start with a ReadyToRun System.Management.Automation" }
return $copy
