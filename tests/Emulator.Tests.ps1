BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Emulator secrets' {
    It 'D9 masks a SecureString pipeline parameter in the run it returns and in Get-AdfEmulatorRequest .Body' {
        $secret = ConvertTo-SecureString 'p@ss-word-123' -AsPlainText -Force
        $run = Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Secret = $secret }
        $run.Parameters['Secret'] | Should -Be '**********'
        ($run | Get-AdfPipelineRun).Parameters['Secret'] | Should -Be '**********'
        $logged = (Get-AdfEmulatorRequest -Operation CreateRun)[-1]
        $logged.Body | Should -Not -Match 'p@ss-word-123'
        ($logged.Body | ConvertFrom-Json).Name | Should -Be 'x'
        $run, (Get-AdfEmulatorRequest) | Export-Clixml (Join-Path $TestDrive 'dump.xml')
        Get-Content -Raw (Join-Path $TestDrive 'dump.xml') | Should -Not -Match 'p@ss-word-123'
    }

    It '5c Format-List * of the emulator object does not show IdentityHeader, which scripts can still read' {
        $listed = $emulator | Format-List * | Out-String
        $listed | Should -Not -Match ([regex]::Escape($emulator.IdentityHeader))
        $listed | Should -Not -Match 'IdentityHeader'
        $emulator.IdentityHeader | Should -Not -BeNullOrEmpty
    }
}

Describe 'Emulator cmdlets, small defects' {
    It 'D10 Set-AdfEmulatorFault help example 1 shows the retry line -Verbose really prints' {
        $help = Get-Content -Raw (Join-Path $PSScriptRoot '../docs/Set-AdfEmulatorFault.md')
        $documented = [regex]::Match($help, 'Retrying POST [^\r\n]*\(attempt \d+ of \d+\)[^\r\n]*').Value
        $documented | Should -Not -BeNullOrEmpty
        Set-AdfEmulatorFault -Operation CreateRun -StatusCode 429 -RetryAfter '00:00:02'
        $verbose = Start-AdfPipelineRun Hello -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $printed = @($verbose.Message -match '^Retrying POST')[0]
        $printed -replace '/subscriptions/.*?/pipelines/', '/subscriptions/.../pipelines/' | Should -Be ($documented -replace '^VERBOSE: ', '')
    }

    It 'D10 Stop-AdfEmulator takes the emulator by position' {
        $other = Start-AdfEmulator
        Stop-AdfEmulator $other
        $other.IsRunning | Should -BeFalse
        $emulator.IsRunning | Should -BeTrue
    }
}
