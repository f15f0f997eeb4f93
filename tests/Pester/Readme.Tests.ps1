# The README's snippets and the examples as a newcomer uses them: pasted into a file and run with Invoke-Pester (#8),
# and run from a clone with the module built as the README says, without ADFRUNS_MODULE (#9).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $examples = Join-Path $RepositoryRoot 'examples'
    $builtModule = Join-Path $RepositoryRoot 'out/AdfRuns/AdfRuns.psd1'
    $pester = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    # Under the dotnet global tool the current process is dotnet itself, so find pwsh by name.
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }

    # Runs pwsh as a newcomer's shell would: no ADFRUNS_MODULE, and AdfRuns on no module path.
    function Invoke-NewcomerPwsh {
        param([string[]] $ArgumentList, [hashtable] $Environment = @{})
        $names = @('ADFRUNS_MODULE', 'PSModulePath') + @($Environment.Keys)
        $saved = @{}
        foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:ADFRUNS_MODULE = $null
            $env:PSModulePath = (($env:PSModulePath -split [IO.Path]::PathSeparator) |
                    Where-Object { $_ -and -not (Test-Path (Join-Path $_ 'AdfRuns')) }) -join [IO.Path]::PathSeparator
            foreach ($name in $Environment.Keys) { [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
            $output = & $pwsh -NoProfile -NonInteractive @ArgumentList 2>&1 | Out-String
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    # Saves the README's "Testing your own script offline" block as a .Tests.ps1 file and runs Invoke-Pester on it in a
    # newcomer's pwsh that imported the build as the README says, after $Before; returns the counts, the connection's
    # endpoint afterwards and what pwsh printed.
    function Invoke-ReadmeOfflineTest {
        param([string] $Before = '')
        $readme = Get-Content -Raw (Join-Path $RepositoryRoot 'README.md')
        $match = [regex]::Match($readme, '(?s)Testing your own script offline.*?```powershell\n(.*?)\n```')
        $match.Success | Should -BeTrue -Because 'the README has the offline testing block'
        $testFile = Join-Path $TestDrive 'CopySales.Tests.ps1'
        Set-Content -Path $testFile -Value $match.Groups[1].Value
        $summary = Join-Path $TestDrive 'readme-summary.json'
        Remove-Item $summary -ErrorAction SilentlyContinue
        $script = "Import-Module '$builtModule'; Import-Module '$pester'; $Before " +
            "`$r = Invoke-Pester -Path '$testFile' -PassThru -Output None; `$context = Get-AdfContext; " +
            "@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount; Endpoint = [string]`$context.ResourceManagerEndpoint } | ConvertTo-Json | Set-Content '$summary'"
        $result = Invoke-NewcomerPwsh -ArgumentList '-Command', $script
        Test-Path $summary | Should -BeTrue -Because $result.Output
        $counts = Get-Content -Raw $summary | ConvertFrom-Json
        [pscustomobject]@{ Passed = $counts.Passed; Failed = $counts.Failed; Endpoint = $counts.Endpoint; Output = $result.Output }
    }
}

Describe 'README and examples as a newcomer runs them' {
    It 'the README''s "Testing your own script offline" block passes when saved as a .Tests.ps1 file and run with Invoke-Pester (#8)' {
        $result = Invoke-ReadmeOfflineTest
        $result.Failed | Should -Be 0 -Because $result.Output
        $result.Passed | Should -Be 1 -Because $result.Output
    }

    It 'examples/Runbook.ps1 (its emulator example) finds the built module without ADFRUNS_MODULE and exits 0 (#9)' {
        $emulator = Start-AdfEmulator -ActivityDuration '00:00:00.1'
        try {
            Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1
            $arguments = @(
                '-File', (Join-Path $examples 'Runbook.ps1')
                '-SubscriptionId', $emulator.SubscriptionId, '-ResourceGroupName', $emulator.ResourceGroupName
                '-FactoryName', $emulator.FactoryName, '-Parameter', '{"Day":"2026-11-25"}'
                '-PollingInterval', '00:00:00.2', '-ResourceManagerEndpoint', $emulator.Endpoint.ToString()
            )
            $identity = @{ IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString(); IDENTITY_HEADER = $emulator.IdentityHeader }
            $result = Invoke-NewcomerPwsh -ArgumentList $arguments -Environment $identity
            $result.Output | Should -Not -Match 'Import-Module'
            $result.ExitCode | Should -Be 0 -Because $result.Output
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun).Count | Should -Be 2 -Because 'the run failed once and was rerun'
        }
        finally {
            $emulator | Stop-AdfEmulator
        }
    }

    It 'Invoke-Pester examples/MyEtl.Tests.ps1 finds the built module without ADFRUNS_MODULE (#9)' {
        $summary = Join-Path $TestDrive 'myetl-summary.json'
        $script = "Import-Module '$pester'; `$r = Invoke-Pester -Path '$(Join-Path $examples 'MyEtl.Tests.ps1')' -PassThru; " +
            "@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$summary'"
        $result = Invoke-NewcomerPwsh -ArgumentList '-Command', $script
        $result.Output | Should -Not -Match 'Import-Module'
        Test-Path $summary | Should -BeTrue -Because $result.Output
        $counts = Get-Content -Raw $summary | ConvertFrom-Json
        $counts.Failed | Should -Be 0 -Because $result.Output
        $counts.Passed | Should -BeGreaterOrEqual 3 -Because $result.Output
    }

    It 'the README''s Fabric block runs as pasted: the failed run names its failing activity, and the root cause is found' {
        $readme = Get-Content -Raw (Join-Path $RepositoryRoot 'README.md')
        $match = [regex]::Match($readme, '(?s)## Fabric workspaces.*?```powershell\n(.*?)\n```')
        $match.Success | Should -BeTrue -Because 'the README has the Fabric block'
        $block = Join-Path $TestDrive 'fabric.ps1'
        Set-Content -Path $block -Value $match.Groups[1].Value
        $result = Invoke-NewcomerPwsh -ArgumentList '-Command', "Import-Module '$builtModule'; & '$block' | Out-String -Width 200"
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'Service\s+: Fabric' -Because $result.Output
        $result.Output | Should -Match "Activity 'TransformSales' failed: Column Amount is missing" -Because $result.Output
        $result.Output | Should -Match 'TransformSales\s+Failed' -Because $result.Output
    }

    It 'the README''s Usage and Synapse lines run against the emulator''s sample factory and workspace as written, but for the sign-in line (newcomer 3 row 8)' -ForEach @(
        @{ Section = 'Usage'; Synapse = $false }
        @{ Section = 'Synapse workspaces'; Synapse = $true }
    ) {
        $readme = (Get-Content -Raw (Join-Path $RepositoryRoot 'README.md')) -replace "`r`n", "`n"
        $match = [regex]::Match($readme, "(?s)\n## $Section\n.*?``````powershell\n(.*?)\n``````")
        $match.Success | Should -BeTrue -Because "the README has a $Section block"
        # The sign-in line is for Azure; the README says to connect to the emulator in its place.
        $lines = @($match.Groups[1].Value -split "`n")
        $lines[0] | Should -Match '^Connect-AdfAccount '
        $code = $lines[1..($lines.Count - 1)] -join "`n"
        $target = if ($Synapse) { Start-AdfEmulator -Synapse -WorkspaceName contoso-synapse -ActivityDuration 0.05 } else { Start-AdfEmulator -ActivityDuration 0.05 }
        Push-Location $RepositoryRoot
        try {
            $target | Connect-AdfAccount | Out-Null
            $errors = @(& ([scriptblock]::Create($code)) 2>&1 3>$null | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            @($errors | ForEach-Object { "$_" }) | Should -BeNullOrEmpty
            @(Get-AdfEmulatorRequest -Emulator $target -Operation CreateRun).Count | Should -BeGreaterThan 0
        }
        finally {
            Pop-Location
            $target | Stop-AdfEmulator
            Disconnect-AdfAccount
        }
    }

    It 'the README says Pester 5 is needed, and its offline test leaves the session disconnected, not pointing at its stopped emulator (newcomer 3 row 17)' {
        $readme = Get-Content -Raw (Join-Path $RepositoryRoot 'README.md')
        $readme | Should -Match ([regex]::Escape('Install-Module Pester -MinimumVersion 5'))
        # The caller was connected to an emulator of their own before running the pasted test.
        $result = Invoke-ReadmeOfflineTest -Before '$mine = Start-AdfEmulator; $mine | Connect-AdfAccount | Out-Null;'
        $result.Passed | Should -Be 1 -Because $result.Output
        $result.Endpoint | Should -BeNullOrEmpty -Because 'the test''s emulator is stopped, so its connection must not be left behind'
    }
}
