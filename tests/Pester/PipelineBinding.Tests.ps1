BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
    $finished = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'run-id strings bind from the pipeline by value (#5)' {
    It 'Get-AdfPipelineRun takes piped run ids: ''id1'',''id2'' | Get-AdfPipelineRun' {
        $other = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $runs = @($finished.RunId, $other.RunId | Get-AdfPipelineRun)
        $runs.RunId | Should -Be @($finished.RunId, $other.RunId)
    }

    It 'Wait-AdfPipelineRun takes a piped run id: $run.RunId | Wait-AdfPipelineRun' {
        $started = Start-AdfPipelineRun Hello
        $run = $started.RunId | Wait-AdfPipelineRun -PollingInterval $Fast
        $run.RunId | Should -Be $started.RunId
        $run.Status | Should -Be 'Succeeded'
    }

    It 'Stop-AdfPipelineRun takes a piped run id' {
        $slow = Start-AdfEmulator -ActivityDuration 00:00:30
        try {
            $slow | Connect-AdfAccount | Out-Null
            $started = Start-AdfPipelineRun Hello
            $stopped = $started.RunId | Stop-AdfPipelineRun -Wait -PassThru -PollingInterval $Fast -Confirm:$false
            $stopped.RunId | Should -Be $started.RunId
            $stopped.Status | Should -Be 'Cancelled'
        }
        finally {
            $emulator | Connect-AdfAccount | Out-Null
            $slow | Stop-AdfEmulator
        }
    }

    It 'Restart-AdfPipelineRun takes a piped run id' {
        $rerun = $finished.RunId | Restart-AdfPipelineRun
        $rerun.RunGroupId | Should -Be $finished.RunId
        $rerun.RunId | Should -Not -Be $finished.RunId
    }

    It 'Get-AdfActivityRun takes a piped run id' {
        $activities = @($finished.RunId | Get-AdfActivityRun)
        $activities.Count | Should -BeGreaterThan 0
        $activities.PipelineRunId | Sort-Object -Unique | Should -Be $finished.RunId
    }

    It 'run objects and CSV rows still bind by property name' {
        ($finished | Get-AdfActivityRun)[0].PipelineRunId | Should -Be $finished.RunId
        ([pscustomobject]@{ RunId = $finished.RunId } | Get-AdfPipelineRun).RunId | Should -Be $finished.RunId
        ([pscustomobject]@{ PipelineRunId = $finished.RunId } | Get-AdfActivityRun)[0].PipelineRunId | Should -Be $finished.RunId
        ($finished | Wait-AdfPipelineRun).RunId | Should -Be $finished.RunId
        $csv = Join-Path $TestDrive 'ids.csv'
        [pscustomobject]@{ RunId = $finished.RunId } | Export-Csv $csv
        (Import-Csv $csv | Get-AdfPipelineRun).RunId | Should -Be $finished.RunId
    }
}

Describe 'Az.DataFactory names: DataFactoryName and -StartFromFailure (#17)' {
    It 'runs, activity runs and pipelines carry DataFactoryName, the same as FactoryName' {
        $finished.DataFactoryName | Should -Be $emulator.FactoryName
        ($finished | Get-AdfActivityRun)[0].DataFactoryName | Should -Be $emulator.FactoryName
        (Get-AdfPipeline Hello).DataFactoryName | Should -Be $emulator.FactoryName
    }

    It 'a run with DataFactoryName still pipes into the run cmdlets' {
        ($finished | Get-AdfPipelineRun).RunId | Should -Be $finished.RunId
        (Invoke-WithoutHost { param($finished) $finished | Restart-AdfPipelineRun -WhatIf } $finished) | Should -BeNullOrEmpty
    }

    It 'Restart-AdfPipelineRun -StartFromFailure is -FromFailure' {
        (Get-Command Restart-AdfPipelineRun).Parameters['FromFailure'].Aliases | Should -Contain 'StartFromFailure'
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1
        $failed = Start-AdfPipelineRun CopySales @{ Day = '2026-11-25' } -Wait -PollingInterval $Fast
        $failed.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $failed | Restart-AdfPipelineRun -StartFromFailure | Out-Null
        (ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query).startFromFailure | Should -Be 'true'
    }
}
