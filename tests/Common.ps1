# Shared set-up for the Pester suites: import the BUILT module (build.ps1 sets ADFRUNS_MODULE) and start an emulator.
$script:ModulePath = if ($env:ADFRUNS_MODULE) { $env:ADFRUNS_MODULE } else { Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1' }
Import-Module $script:ModulePath -Force -ErrorAction Stop
$ProgressPreference = 'SilentlyContinue'

function Start-TestEmulator {
    param([TimeSpan] $ActivityDuration = [TimeSpan]::FromMilliseconds(100), [string[]] $PipelinePath)
    $arguments = @{ ActivityDuration = $ActivityDuration }
    if ($PipelinePath) { $arguments.PipelinePath = $PipelinePath }
    $emulator = Start-AdfEmulator @arguments
    $emulator | Connect-AdfAccount | Out-Null
    return $emulator
}

# Fast polling for tests; the product default is 15 seconds.
$script:Fast = [TimeSpan]::FromMilliseconds(100)

function Get-CreateRunRequest {
    param($Emulator)
    @(Get-AdfEmulatorRequest -Emulator $Emulator -Operation CreateRun)
}

function ConvertFrom-QueryString([string] $Query) {
    $result = @{}
    foreach ($pair in $Query.TrimStart('?').Split('&', [StringSplitOptions]::RemoveEmptyEntries)) {
        $key, $value = $pair.Split('=', 2)
        $result[[Uri]::UnescapeDataString($key)] = [Uri]::UnescapeDataString($value)
    }
    $result
}
