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
