#!/usr/bin/env pwsh

<#
.SYNOPSIS
    Builds, tests, demonstrates and measures AdfRuns.
.DESCRIPTION
    Build  lays out the module folder out/AdfRuns (the manifest, AdfRuns.dll, format and help at the root; the
           engine and every third-party assembly under dependencies/).
    Test   builds, runs the xunit suites and the Pester suites (in a child pwsh that imports the built module),
           and prints "N passed, N failed" for all of them together as its last line.
    Demo   builds, starts the built-in emulator and re-runs a failed run from its failed activity.
    Package builds a versioned .nupkg in out/package by publishing to a temporary local repository.
    Bench  builds, runs bench/Measure-*.ps1 (JSON results in out/bench) and renders docs/benchmarks.md from them
           with bench/Write-BenchReport.ps1 (not part of Test).
.EXAMPLE
    ./build.ps1 -Task Demo
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Test', 'Demo', 'Package', 'Bench')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Leave out the ahead-of-time (ReadyToRun) copies of the module's own assemblies, e.g. to measure without them.
    [switch] $NoReadyToRun
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'AdfRuns'
$DependencyDir = Join-Path $ModuleDir 'dependencies'
$TestResultsDir = Join-Path $OutDir 'test-results'
# The child pwsh that runs Pester and the demo; under the dotnet global tool the current process is dotnet itself.
$Pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
if (-not $Pwsh) { $Pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }

# Files the built module must have; the build fails when one is missing.
$ExpectedRootFiles = @('AdfRuns.psd1', 'AdfRuns.dll', 'AdfRuns.format.ps1xml', 'AdfRuns.types.ps1xml')
$ExpectedDependencies = @(
    'AdfRuns.Engine.dll', 'AdfRuns.Emulator.dll', 'Azure.Core.dll', 'Azure.Identity.dll',
    'Microsoft.Identity.Client.dll', 'Microsoft.Identity.Client.Extensions.Msal.dll', 'System.ClientModel.dll',
    'System.Text.Json.dll', 'System.Memory.Data.dll', 'Microsoft.Bcl.AsyncInterfaces.dll'
)

# Compiled ahead of time into dependencies/ready-to-run/ (tools/ReadyToRun/ReadyToRun.csproj names the same two).
$ReadyToRunAssemblies = @('AdfRuns.Engine.dll', 'AdfRuns.Emulator.dll')

function Invoke-Native {
    param([string] $Description, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Description failed (exit code $LASTEXITCODE)." }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw (Join-Path $Root 'Directory.Build.props'))
    return ($props.Project.PropertyGroup | Where-Object { $_['Version'] } | Select-Object -First 1).Version
}

# The CHANGELOG.md section of this version ("## [0.1.0] - date"), or of "## [Unreleased]" when it has none yet.
function Get-ReleaseNotes {
    param([string] $Version)
    $lines = @(Get-Content (Join-Path $Root 'CHANGELOG.md'))
    foreach ($heading in "## [$Version]", '## [Unreleased]') {
        $notes = [System.Collections.Generic.List[string]]::new()
        $inSection = $false
        foreach ($line in $lines) {
            if ($inSection -and $line -match '^## |^\[[^\]]+\]: ') { break }
            if ($inSection) { $notes.Add($line) }
            if ($line.StartsWith($heading)) { $inSection = $true }
        }
        $text = ($notes -join "`n").Trim()
        if ($text) { return $text }
    }
    throw "CHANGELOG.md has no notes for $Version (a '## [$Version]' or '## [Unreleased]' section with text)."
}

function Invoke-Clean {
    if (Test-Path $OutDir) { Remove-Item -Recurse -Force $OutDir }
    Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'tools') -Directory -Recurse -Include bin, obj |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Build {
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $Root 'AdfRuns.sln') -c $Configuration --nologo -v quiet -clp:ErrorsOnly }
    if (Test-Path $ModuleDir) { Remove-Item -Recurse -Force $ModuleDir }
    New-Item -ItemType Directory -Force -Path $DependencyDir | Out-Null

    $bin = { param($project) Join-Path $Root "src/$project/bin/$Configuration/netstandard2.0" }
    Copy-Item (Join-Path (& $bin 'AdfRuns') 'AdfRuns.dll') $ModuleDir
    Copy-Item (Join-Path $Root 'src/AdfRuns/AdfRuns.format.ps1xml'), (Join-Path $Root 'src/AdfRuns/AdfRuns.types.ps1xml') $ModuleDir
    foreach ($project in 'AdfRuns.Engine', 'AdfRuns.Emulator') {
        Get-ChildItem (& $bin $project) -Filter *.dll | Copy-Item -Destination $DependencyDir -Force
    }

    $version = Get-ModuleVersion
    $manifest = Get-Content -Raw (Join-Path $Root 'AdfRuns.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'"
    $notes = (Get-ReleaseNotes $version).Replace("'", "''")
    $manifest = [regex]::Replace($manifest, "ReleaseNotes\s*=\s*'[^']*'", { param($match) "ReleaseNotes = '$notes'" })
    Set-Content -Path (Join-Path $ModuleDir 'AdfRuns.psd1') -Value $manifest -NoNewline

    if (-not $NoReadyToRun) { Invoke-ReadyToRun }

    $helpScript = Join-Path $Root 'tools/HelpCompiler/Build-Help.ps1'
    if (Test-Path $helpScript) {
        & $helpScript -DocsPath (Join-Path $Root 'docs') -OutputPath $ModuleDir
    }

    $missing = @($ExpectedRootFiles | Where-Object { -not (Test-Path (Join-Path $ModuleDir $_)) }) +
        @($ExpectedDependencies | Where-Object { -not (Test-Path (Join-Path $DependencyDir $_)) }) +
        @($ReadyToRunAssemblies | Where-Object { -not $NoReadyToRun -and -not (Test-Path (Join-Path $DependencyDir "ready-to-run/$_")) } | ForEach-Object { "ready-to-run/$_" })
    if ($missing.Count -gt 0) { throw "The built module lacks: $($missing -join ', ')" }
    $strayAssemblies = @(Get-ChildItem $ModuleDir -Filter *.dll | Where-Object Name -ne 'AdfRuns.dll')
    if ($strayAssemblies.Count -gt 0) { throw "Only AdfRuns.dll may sit at the module root; found $($strayAssemblies.Name -join ', ')" }
    Write-Host "Built AdfRuns $version into $ModuleDir"
}

# The engine and the emulator compiled ahead of time for PowerShell 7 (less JIT at import, first run and bulk start),
# into dependencies/ready-to-run/; the IL copies in dependencies/ stay for Windows PowerShell 5.1 (see ModuleInitializer).
function Invoke-ReadyToRun {
    $published = Join-Path $OutDir 'ready-to-run'
    if (Test-Path $published) { Remove-Item -Recurse -Force $published }
    Invoke-Native 'ReadyToRun compilation' {
        dotnet publish (Join-Path $Root 'tools/ReadyToRun/ReadyToRun.csproj') -c $Configuration -o $published --nologo -v quiet -clp:ErrorsOnly "-p:ModuleDependencies=$DependencyDir"
    }
    $target = New-Item -ItemType Directory -Force -Path (Join-Path $DependencyDir 'ready-to-run')
    foreach ($name in $ReadyToRunAssemblies) { Copy-Item (Join-Path $published $name) $target.FullName }
    Remove-Item -Recurse -Force $published
}

function Get-PesterModulePath {
    $toolsProject = Join-Path $Root 'tests/tools/tools.csproj'
    Invoke-Native 'restoring test tools' { dotnet restore $toolsProject --nologo -v quiet }
    $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $psd1 = Join-Path $packages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 5.7.1 was not restored to $psd1" }
    return $psd1
}

function Invoke-XunitTests {
    $passed = 0; $failed = 0
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter *.Tests.csproj) {
        $trx = Join-Path $TestResultsDir "$($project.BaseName).trx"
        dotnet test $project.FullName -c $Configuration --nologo --no-build --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' | Out-Host
        if (-not (Test-Path $trx)) { throw "xunit produced no results for $($project.Name)." }
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout
    }
    return [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-PesterTests {
    $pester = Get-PesterModulePath
    $summary = Join-Path $TestResultsDir 'pester-summary.json'
    $script = @"
`$ErrorActionPreference = 'Stop'
`$PSStyle.OutputRendering = 'PlainText'
Import-Module '$pester' -RequiredVersion 5.7.1
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$(Join-Path $Root 'tests/Pester')'
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'Normal'
`$result = Invoke-Pester -Configuration `$configuration
@{ Passed = `$result.PassedCount; Failed = `$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount; Skipped = `$result.SkippedCount } | ConvertTo-Json | Set-Content '$summary'
"@
    $env:ADFRUNS_MODULE = Join-Path $ModuleDir 'AdfRuns.psd1'
    if (Test-Path $summary) { Remove-Item $summary }
    & $Pwsh -NoProfile -NonInteractive -Command $script | Out-Host
    if (-not (Test-Path $summary)) { throw 'Pester did not finish.' }
    $counts = Get-Content -Raw $summary | ConvertFrom-Json
    if ($null -eq $counts.Passed -or $null -eq $counts.Failed -or [int]$counts.Passed -eq 0) {
        throw "Pester did not report its results (passed: '$($counts.Passed)', failed: '$($counts.Failed)')."
    }
    return [pscustomobject]@{ Passed = [int]$counts.Passed; Failed = [int]$counts.Failed; Skipped = [int]$counts.Skipped }
}

# The JavaScript SDK tests' packages (tests/sdk/js/package-lock.json), when npm is there; without them those tests skip.
function Install-SdkTestPackages {
    $npm = Get-Command npm -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    $js = Join-Path $Root 'tests/sdk/js'
    if (-not $npm) { Write-Host 'npm not found: the JavaScript SDK tests will be skipped.'; return }
    if (Test-Path (Join-Path $js 'node_modules/@azure/arm-datafactory')) { return }
    Push-Location $js
    try { & $npm.Source ci --no-audit --no-fund | Out-Host } finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "npm ci in tests/sdk/js failed (exit code $LASTEXITCODE)." }
}

function Invoke-Test {
    Invoke-Package
    if (Test-Path $TestResultsDir) { Remove-Item -Recurse -Force $TestResultsDir }
    New-Item -ItemType Directory -Force -Path $TestResultsDir | Out-Null
    $xunit = Invoke-XunitTests
    Install-SdkTestPackages
    $pester = Invoke-PesterTests
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $env:ADFRUNS_MODULE = Join-Path $ModuleDir 'AdfRuns.psd1'
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'examples/Demo.ps1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
}

function Invoke-Package {
    Invoke-Build
    $packageDir = Join-Path $OutDir 'package'
    if (Test-Path $packageDir) { Remove-Item -Recurse -Force $packageDir }
    New-Item -ItemType Directory -Force -Path $packageDir | Out-Null
    # Publishing to a temporary local repository also validates the manifest, as the Gallery would.
    $repository = "AdfRunsBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $packageDir -Trusted
    try {
        Publish-PSResource -Path $ModuleDir -Repository $repository -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $package = Get-ChildItem $packageDir -Filter 'AdfRuns.*.nupkg' | Select-Object -First 1
    if (-not $package) { throw "Publishing produced no package in $packageDir" }
    Write-Host "Packaged $($package.FullName)"
}

function Invoke-Bench {
    Invoke-Build
    $module = Join-Path $ModuleDir 'AdfRuns.psd1'
    $results = Join-Path $OutDir 'bench'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    # Each measurement in a pwsh of its own (the machine's facts first, the import time before anything else has
    # warmed up), each writing its JSON result under out/bench; then the report renders docs/benchmarks.md from them.
    $failed = @()
    foreach ($measure in 'Machine', 'Import', 'FirstRun', 'BulkStart', 'ReadBack', 'Waiting', 'Memory', 'ServiceLimits', 'EmulatorProcess', 'TriggerRerun', 'Fabric') {
        & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root "bench/Measure-$measure.ps1") -ModulePath $module -OutputPath $results
        if ($LASTEXITCODE -ne 0) { $failed += $measure }
    }
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Write-BenchReport.ps1') -InputPath $results -OutputPath (Join-Path $Root 'docs/benchmarks.md')
    if ($LASTEXITCODE -ne 0) { throw "The benchmark report failed (exit code $LASTEXITCODE)." }
    if ($failed.Count -gt 0) { throw "Some measurements failed: $($failed -join ', ') (see docs/benchmarks.md)." }
}

foreach ($name in $Task) {
    switch ($name) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'Bench' { Invoke-Bench }
    }
}
