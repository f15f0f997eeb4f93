# The third newcomer trial's rows (ux-newcomer-3, issue 20) other than the nested rerun (RerunTrees.Tests.ps1):
# each test names its row at the end of its title.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Ctrl+C during a bulk start without -Wait' {
    It 'names every run the command created, written or not, and keeps them in $Error (newcomer 3 row 2)' {
        $slow = Start-TestEmulator
        try {
            Set-AdfEmulatorFault -Emulator $slow -Operation CreateRun -Delay 00:00:00.2 -Count 10000
            $stop = Stop-AfterStarting '$runs = 1..400 | ForEach-Object { ''Hello'' } | Start-AdfPipelineRun -ThrottleLimit 4' -AfterMilliseconds 3000
            $stop.State | Should -Be 'Stopped'
            Start-Sleep -Milliseconds 500
            $created = @(Get-CreateRunRequest $slow | Where-Object CreatedRunId | ForEach-Object CreatedRunId)
            $created.Count | Should -BeGreaterThan 8 -Because 'more runs were created than the 4 requests in flight'
            $text = $stop.Warnings -join "`n"
            foreach ($id in $created) { $text | Should -Match ([regex]::Escape($id)) }
            $record = @($stop.Errors | Where-Object { $_.FullyQualifiedErrorId -like 'StartInterrupted*' })
            $record | Should -HaveCount 1
            $record[0].CategoryInfo.Category | Should -Be 'OperationStopped'
            $named = @($record[0].TargetObject.RunId)
            @($created | Where-Object { $_ -notin $named }).Count | Should -BeLessOrEqual 4 -Because 'only requests in flight at the stop may be missing from the created runs'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}
