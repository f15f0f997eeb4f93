# examples/RerunFailedWindows.ps1 against the emulator's sample trigger (issue 23).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:runbook = Join-Path $RepositoryRoot 'examples/RerunFailedWindows.ps1'
}

Describe 'examples/RerunFailedWindows.ps1' {
    BeforeEach {
        $script:emulator = Start-AdfEmulator -StartTriggers -ActivityDuration 0.05
        $emulator | Connect-AdfAccount | Out-Null
    }

    AfterEach {
        $emulator | Stop-AdfEmulator -Confirm:$false
    }

    It 'reruns the failed windows of the last night once each and returns them succeeded, in a table of outcomes' {
        Set-AdfEmulatorBehavior WindowLoad LoadWindow -Outcome Failed -Times 3
        $failed = @()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($failed.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 300
            $failed = @(Get-AdfTriggerRun -TriggerName HourlyLoad -Status Failed)
        }

        $reruns = @(& $runbook -TriggerName HourlyLoad -PollingInterval 0.2 -InformationVariable report -ErrorVariable failures 6>$null)

        $failures | Should -BeNullOrEmpty
        $reruns | Should -HaveCount 3
        @($reruns | Where-Object Status -ne 'Succeeded') | Should -BeNullOrEmpty
        @($reruns.WindowStart | Sort-Object) | Should -Be @($failed.WindowStart | Sort-Object)
        @(Get-AdfEmulatorRequest -Operation RerunTriggerRun) | Should -HaveCount 3
        ($report -join "`n") | Should -Match 'Rerunning 3 failed window'
    }

    It 'says there is nothing to rerun when no window failed' {
        Get-AdfTriggerRun -TriggerName HourlyLoad | Out-Null
        & $runbook -TriggerName HourlyLoad -InformationVariable report 6>$null | Should -BeNullOrEmpty
        ($report -join "`n") | Should -Match 'No failed window'
    }
}
