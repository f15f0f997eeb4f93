BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $packageDir = Join-Path (Split-Path (Split-Path $ModulePath)) 'package'
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
}

Describe 'The package' {
    It 'is a versioned .nupkg made by build.ps1 -Task Package' {
        $manifest = Import-PowerShellDataFile $ModulePath
        Join-Path $packageDir "AdfRuns.$($manifest.ModuleVersion).nupkg" | Should -Exist
    }

    It 'installs with Install-PSResource from a local repository into a clean module path and runs from there' {
        $cleanHome = Join-Path $TestDrive 'home'
        New-Item -ItemType Directory -Path $cleanHome | Out-Null
        $script = @"
`$ErrorActionPreference = 'Stop'
`$repository = 'AdfRunsLocal' + [guid]::NewGuid().ToString('N')
Register-PSResourceRepository -Name `$repository -Uri '$packageDir' -Trusted
try { Install-PSResource -Name AdfRuns -Repository `$repository -Scope CurrentUser -TrustRepository -Quiet }
finally { Unregister-PSResourceRepository -Name `$repository }
`$installed = Get-Module -ListAvailable AdfRuns
Import-Module AdfRuns
`$emulator = Start-AdfEmulator -ActivityDuration 00:00:00.05
`$emulator | Connect-AdfAccount | Out-Null
`$run = Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.1
`$emulator | Stop-AdfEmulator
@{ Base = `$installed.ModuleBase; Status = `$run.Status; Loaded = (Get-Module AdfRuns).ModuleBase; Help = @((Get-Help Start-AdfPipelineRun).examples.example).Count } | ConvertTo-Json -Compress
"@
        $environment = @{ HOME = $cleanHome; XDG_DATA_HOME = (Join-Path $cleanHome '.local/share'); XDG_CONFIG_HOME = (Join-Path $cleanHome '.config'); XDG_CACHE_HOME = (Join-Path $cleanHome '.cache') }
        # .NET answers an empty folder for a special folder that does not exist, and PSResourceGet would then
        # write beside the current directory: the clean home's folders must exist.
        foreach ($folder in $environment.Values) { New-Item -ItemType Directory -Force -Path $folder | Out-Null }
        $saved = @{}
        foreach ($name in $environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $environment[$name]) }
        try {
            $output = & $pwsh -NoProfile -NonInteractive -Command $script 2>&1
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $answer = ($output | Where-Object { "$_".StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
        $answer.Base | Should -BeLike "$cleanHome*"
        $answer.Loaded | Should -Be $answer.Base
        $answer.Status | Should -Be 'Succeeded'
        $answer.Help | Should -BeGreaterOrEqual 2
    }
}
