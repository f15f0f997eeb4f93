BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    # A CopySales run whose TransformSales activity failed.
    function New-FailedRun {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -Message 'bad night'
        Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 10 } -Wait -PollingInterval $Fast
    }
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Restart-AdfPipelineRun' {
    BeforeEach {
        # Runs a previous test left going would otherwise use up the failure set for this one.
        Get-AdfPipelineRun -Status Queued, InProgress | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
        Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        $failed = New-FailedRun
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
    }

    It 'sets up a failed run to rerun' {
        $failed.Status | Should -Be 'Failed'
        $failed.Message | Should -Match 'TransformSales'
    }

    It 'by default reruns the whole pipeline in the same run group, with the same parameters' {
        $rerun = $failed | Restart-AdfPipelineRun -Wait -PollingInterval $Fast
        $rerun.Status | Should -Be 'Succeeded'
        $rerun.RunId | Should -Not -Be $failed.RunId
        $rerun.RunGroupId | Should -Be $failed.RunGroupId
        $rerun.IsRecovery | Should -BeTrue
        $rerun.Parameters['Day'] | Should -Be '2026-11-25'
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.referencePipelineRunId | Should -Be $failed.RunId
        $query.isRecovery | Should -Be 'true'
        $query.ContainsKey('startFromFailure') | Should -BeFalse
        $query.ContainsKey('startActivityName') | Should -BeFalse
        ($rerun | Get-AdfActivityRun).ActivityName | Should -Contain 'ExtractSales'
    }

    It 'flips IsLatest of the previous run of the group' {
        $rerun = $failed | Restart-AdfPipelineRun
        $rerun.IsLatest | Should -BeTrue
        (Get-AdfPipelineRun -RunId $failed.RunId).IsLatest | Should -BeFalse
    }

    It '-FromFailure sends startFromFailure, always with isRecovery, and skips what succeeded' {
        $rerun = $failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.isRecovery | Should -Be 'true'
        $query.startFromFailure | Should -Be 'true'
        $rerun.Status | Should -Be 'Succeeded'
        $rerun.RunGroupId | Should -Be $failed.RunGroupId
        $activities = ($rerun | Get-AdfActivityRun).ActivityName
        $activities | Should -Not -Contain 'ExtractSales'
        $activities | Should -Contain 'TransformSales'
        $activities | Should -Contain 'LoadWarehouse'
    }

    It '-FromActivity sends startActivityName and starts there' {
        $rerun = $failed | Restart-AdfPipelineRun -FromActivity LoadWarehouse -Wait -PollingInterval $Fast
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.startActivityName | Should -Be 'LoadWarehouse'
        $query.isRecovery | Should -Be 'true'
        ($rerun | Get-AdfActivityRun).ActivityName | Should -Be @('LoadWarehouse')
    }

    It '-StartActivityName is an alias of -FromActivity' {
        ($failed | Restart-AdfPipelineRun -StartActivityName LoadWarehouse).RunGroupId | Should -Be $failed.RunGroupId
    }

    It '-FromActivity with an activity the pipeline lacks is refused before sending (ActivityNotFound), naming the input' {
        $errors = $null
        $failed | Restart-AdfPipelineRun -FromActivity NoSuchActivity -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ActivityNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].TargetObject.RunId | Should -Be $failed.RunId
        $errors[0].ErrorDetails.Message | Should -Match 'NoSuchActivity'
    }

    It '-AsNewRun starts a new group with the same parameters (no isRecovery)' {
        $copy = $failed | Restart-AdfPipelineRun -AsNewRun
        $copy.RunGroupId | Should -Be $copy.RunId
        $copy.Parameters['BatchSize'] | Should -Be '10'
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.referencePipelineRunId | Should -Be $failed.RunId
        $query.ContainsKey('isRecovery') | Should -BeFalse
    }

    It 'refuses -FromFailure with -FromActivity before sending anything' {
        { $failed | Restart-AdfPipelineRun -FromFailure -FromActivity LoadWarehouse -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConflictingRestartModes,AdfRuns.Commands.RestartAdfPipelineRunCommand'
        Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
    }

    It 'refuses -AsNewRun with -FromFailure' {
        { $failed | Restart-AdfPipelineRun -AsNewRun -FromFailure -ErrorAction Stop } | Should -Throw -ErrorId 'ConflictingRestartModes,*'
    }

    Context 'by run id' {
        It 'looks the pipeline name up from the run when -PipelineName is absent' {
            $rerun = Restart-AdfPipelineRun -RunId $failed.RunId -FromFailure
            $rerun.PipelineName | Should -Be 'CopySales'
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun)[0].Path | Should -Match $failed.RunId
        }

        It 'does not look the pipeline up when -PipelineName is given' {
            Restart-AdfPipelineRun -RunId $failed.RunId -PipelineName CopySales | Out-Null
            $requests = @(Get-AdfEmulatorRequest -Emulator $emulator)
            $requests[0].Operation | Should -Be 'CreateRun'
        }

        It '-FromFailure reads the run once first, to rerun only a failure that is still the latest of its group' {
            $again = New-FailedRun
            Get-AdfEmulatorRequest -Emulator $emulator -Clear
            Restart-AdfPipelineRun -RunId $again.RunId -PipelineName CopySales -FromFailure | Out-Null
            (Get-AdfEmulatorRequest -Emulator $emulator).Operation | Select-Object -First 2 | Should -Be 'GetRun', 'CreateRun'
        }

        It 'binds PipelineRunId and ReferencePipelineRunId by property name' {
            ([pscustomobject]@{ PipelineRunId = $failed.RunId } | Restart-AdfPipelineRun).RunGroupId | Should -Be $failed.RunGroupId
            ([pscustomobject]@{ ReferencePipelineRunId = $failed.RunId; PipelineName = 'CopySales' } | Restart-AdfPipelineRun).RunGroupId | Should -Be $failed.RunGroupId
        }

        It 'reports an unknown run with the service''s error code' {
            $unknown = [guid]::NewGuid().ToString()
            $errors = $null
            Restart-AdfPipelineRun -RunId $unknown -PipelineName CopySales -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ReferencedPipelineRunNotFound,*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be $unknown
        }

        It 'refuses a run id that is not a GUID before sending anything' {
            $errors = $null
            Restart-AdfPipelineRun -RunId 'not-a-guid/../x' -PipelineName CopySales -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }
    }

    It '-WhatIf starts nothing: it only reads the run it checks' {
        Invoke-WithoutHost { param($failed) $failed | Restart-AdfPipelineRun -FromFailure -WhatIf } $failed | Should -BeNullOrEmpty
        @(Get-AdfEmulatorRequest -Emulator $emulator).Operation | Sort-Object -Unique | Should -Be 'GetRun'
    }

    It 'reruns many piped runs, one new run per input, and an error for the bad one in between' {
        $second = New-FailedRun
        $missingRunId = [guid]::NewGuid().ToString()
        $errors = $null
        $inputs = @($failed, [pscustomobject]@{ RunId = $missingRunId; PipelineName = 'CopySales' }, $second)
        $reruns = $inputs | Restart-AdfPipelineRun -FromFailure -ErrorVariable errors -ErrorAction SilentlyContinue
        $reruns | Should -HaveCount 2
        $reruns.RunGroupId | Should -Be @($failed.RunGroupId, $second.RunGroupId)
        $reruns.RunId | Should -Not -Contain $failed.RunId
        $reruns.RunId | Should -Not -Contain $second.RunId
        $errors | Should -HaveCount 1
        ($errors[0].TargetObject | Out-String) + $errors[0].Exception.Message | Should -Match $missingRunId
    }
}
