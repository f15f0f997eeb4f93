BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Get-AdfPipelineRun queries' {
    BeforeAll {
        $emulator250 = Start-AdfEmulator -ActivityDuration 00:00:00.01
        $emulator250 | Connect-AdfAccount | Out-Null
        $started = 1..250 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun
        Get-AdfEmulatorRequest -Emulator $emulator250 -Clear
    }

    AfterAll {
        $emulator250 | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'returns all 250 runs across pages of 100, following continuationToken' {
        $runs = Get-AdfPipelineRun -PipelineName Hello
        $runs | Should -HaveCount 250
        ($runs.RunId | Sort-Object) | Should -Be ($started.RunId | Sort-Object)
        $queries = @(Get-AdfEmulatorRequest -Emulator $emulator250 -Operation QueryRuns)
        $queries | Should -HaveCount 3
        ($queries[1].Body | ConvertFrom-Json).continuationToken | Should -Not -BeNullOrEmpty
    }

    It 'stops paging once -First runs are written' {
        Get-AdfEmulatorRequest -Emulator $emulator250 -Clear
        Get-AdfPipelineRun -First 5 | Should -HaveCount 5
        @(Get-AdfEmulatorRequest -Emulator $emulator250 -Operation QueryRuns) | Should -HaveCount 1
    }

    It 'sends the filters as documented operands' {
        Get-AdfEmulatorRequest -Emulator $emulator250 -Clear
        Get-AdfPipelineRun -PipelineName Hello -Status Succeeded, Cancelled -LatestOnly -First 1 | Out-Null
        $body = (Get-AdfEmulatorRequest -Emulator $emulator250 -Operation QueryRuns)[0].Body | ConvertFrom-Json
        $body.filters.operand | Should -Be @('PipelineName', 'Status', 'LatestOnly')
        ($body.filters | Where-Object operand -eq Status).values | Should -Be @('Succeeded', 'Cancelled')
        $body.lastUpdatedAfter | Should -Not -BeNullOrEmpty
        $body.lastUpdatedBefore | Should -Not -BeNullOrEmpty
    }

    It 'filters by run group' {
        $run = $started[0]
        (Get-AdfPipelineRun -RunGroupId $run.RunGroupId).RunId | Should -Be $run.RunId
    }
}

Describe 'Wait-AdfPipelineRun' {
    It 'waits on 50 runs with fewer requests than there are runs, writing each when it finishes' {
        $runs = 1..50 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $finished = $runs | Wait-AdfPipelineRun -PollingInterval $Fast
        $finished | Should -HaveCount 50
        $finished.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $requests = @(Get-AdfEmulatorRequest -Emulator $emulator)
        $requests.Count | Should -BeLessThan 50
        $requests.Operation | Sort-Object -Unique | Should -Be 'QueryRuns' -Because 'a wait never GETs run by run'
        ($requests[0].Body | ConvertFrom-Json).filters.operand | Should -Not -Contain 'RunId'
    }

    It 'takes run ids and writes runs that are already finished at once' {
        $done = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        (Wait-AdfPipelineRun -RunId $done.RunId -PollingInterval $Fast).Status | Should -Be 'Succeeded'
    }

    It 'on -Timeout writes a WaitTimeout error per unfinished run, and the run in its last state' {
        $slowEmulator = Start-TestEmulator -ActivityDuration 00:01:00
        try {
            $slow = Start-AdfPipelineRun NightlyParent
            $errors = $null
            $last = $slow | Wait-AdfPipelineRun -Timeout 00:00:00.3 -PollingInterval $Fast -ErrorVariable errors -ErrorAction SilentlyContinue
        }
        finally {
            $slowEmulator | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
        $last.RunId | Should -Be $slow.RunId
        $last.IsTerminal | Should -BeFalse
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $errors[0].TargetObject.RunId | Should -Be $slow.RunId
    }
}

Describe 'Stop-AdfPipelineRun' {
    It 'cancels a parent and, with -Recursive, the child pipeline it started' {
        $slow = Start-AdfEmulator -ActivityDuration 00:00:02
        try {
            $slow | Connect-AdfAccount | Out-Null
            $parent = Start-AdfPipelineRun NightlyParent
            $child = $null
            foreach ($attempt in 1..40) {
                $child = Get-AdfPipelineRun -PipelineName NightlyChild | Where-Object { $_.InvokedBy.PipelineRunId -eq $parent.RunId }
                if ($child) { break }
                Start-Sleep -Milliseconds 100
            }
            $child | Should -Not -BeNullOrEmpty
            $child.InvokedBy.InvokedByType | Should -Be 'PipelineActivity'
            $stopped = $parent | Stop-AdfPipelineRun -Recursive -Wait -PassThru -PollingInterval $Fast
            $stopped.Status | Should -Be 'Cancelled'
            (Get-AdfPipelineRun -RunId $child.RunId | Wait-AdfPipelineRun -PollingInterval $Fast -Timeout 00:00:05).Status | Should -Be 'Cancelled'
            $cancel = (Get-AdfEmulatorRequest -Emulator $slow -Operation Cancel)[-1]
            (ConvertFrom-QueryString $cancel.Query).isRecursive | Should -Be 'true'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'reports Canceling or Cancelled right after the cancel with -PassThru' {
        $slowEmulator = Start-TestEmulator -ActivityDuration 00:01:00
        try {
            $run = Start-AdfPipelineRun NightlyParent
            ($run | Stop-AdfPipelineRun -PassThru).Status | Should -BeIn 'Canceling', 'Cancelled'
        }
        finally {
            $slowEmulator | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'warns, without an error, when the run has already finished' {
        $done = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $errors = $null
        $warnings = $done | Stop-AdfPipelineRun -ErrorVariable errors 3>&1
        $errors | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'already finished'
    }

    It '-WhatIf cancels nothing' {
        $run = Start-AdfPipelineRun NightlyParent
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        Invoke-WithoutHost { param($run) $run | Stop-AdfPipelineRun -WhatIf } $run
        Get-AdfEmulatorRequest -Emulator $emulator -Operation Cancel | Should -BeNullOrEmpty
        $run | Stop-AdfPipelineRun -Wait -PollingInterval $Fast
    }

    It 'reports an unknown run with the service''s ReferencedPipelineRunNotFound' {
        $errors = $null
        Stop-AdfPipelineRun -RunId ([guid]::NewGuid().ToString()) -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-AdfActivityRun' {
    It 'brings the failed activity''s error, as the service reported it' {
        Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 3204 -Message 'Job aborted: out of memory'
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = 'd' } -Wait -PollingInterval $Fast
        $activities = $run | Get-AdfActivityRun
        $activities | Should -BeOfType ([AdfRuns.ActivityRun])
        $failed = $activities | Where-Object Status -eq 'Failed'
        $failed.ActivityName | Should -Be 'TransformSales'
        $failed.Error.ErrorCode | Should -Be '3204'
        $failed.Error.Message | Should -Be 'Job aborted: out of memory'
        $failed.Error.FailureType | Should -Be 'UserError'
        ($activities | Where-Object Status -eq 'Succeeded').Error | Should -BeNullOrEmpty
        ($activities | Format-Table | Out-String -Width 200) | Should -Match 'Job aborted: out of memory'
    }

    It 'filters by -ActivityName and -Status and takes -RunId' {
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = 'd' } -Wait -PollingInterval $Fast
        (Get-AdfActivityRun -RunId $run.RunId -ActivityName LoadWarehouse).ActivityName | Should -Be 'LoadWarehouse'
        Get-AdfActivityRun -RunId $run.RunId -Status Failed | Should -BeNullOrEmpty
    }

    It 'gives Input and Output as PowerShell objects' {
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = 'd' } -Wait -PollingInterval $Fast
        $copy = $run | Get-AdfActivityRun -ActivityName ExtractSales
        $copy.Output | Should -BeOfType ([pscustomobject])
        $copy.Output.PSObject.Properties.Name | Should -Contain 'dataRead'
    }
}

Describe 'Get-AdfPipeline' {
    It 'lists pipelines by wildcard with their parameter definitions' {
        $pipelines = Get-AdfPipeline -Name 'Nightly*'
        $pipelines.Name | Sort-Object | Should -Be @('NightlyChild', 'NightlyParent')
        $copy = Get-AdfPipeline CopySales
        $copy | Should -BeOfType ([AdfRuns.Pipeline])
        $copy.PipelineName | Should -Be 'CopySales'
        $copy.Parameters['Day'].IsRequired | Should -BeTrue
        $copy.Parameters['BatchSize'].Type | Should -Be 'Int'
        $copy.Parameters['BatchSize'].DefaultValue | Should -Be 500
        $copy.Activities | Should -Be @('ExtractSales', 'TransformSales', 'LoadWarehouse')
    }

    It 'reports an unknown pipeline by name' {
        $errors = $null
        Get-AdfPipeline -Name NoSuchPipeline -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
    }
}

Describe 'Tab completion' {
    It 'completes -PipelineName from the factory''s pipelines' {
        $line = 'Start-AdfPipelineRun -PipelineName Nigh'
        $result = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $result.CompletionMatches.CompletionText | Should -Be @('NightlyChild', 'NightlyParent')
    }

    It 'completes -FromActivity from the pipeline''s activities' {
        $line = 'Restart-AdfPipelineRun -RunId x -PipelineName CopySales -FromActivity Lo'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('LoadWarehouse')
    }

    It 'completes -Status' {
        $line = 'Get-AdfPipelineRun -Status Can'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object | Should -Be @('Canceling', 'Cancelled')
    }
}

Describe 'A night of failed runs' {
    It 'Get-AdfPipelineRun -Status Failed | Restart-AdfPipelineRun -FromFailure -Wait turns them into succeeded reruns' {
        $night = Start-AdfEmulator -ActivityDuration 00:00:00.05
        try {
            $night | Connect-AdfAccount | Out-Null
            Set-AdfEmulatorBehavior -Emulator $night -PipelineName CopySales -ActivityName TransformSales -Times 5
            $failedRuns = 1..5 | ForEach-Object { [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = @{ Day = "2026-11-2$_" } } } |
                Start-AdfPipelineRun | Wait-AdfPipelineRun -PollingInterval $Fast
            $failedRuns.Status | Sort-Object -Unique | Should -Be 'Failed'

            $reruns = Get-AdfPipelineRun -Status Failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast

            $reruns | Should -HaveCount 5
            $reruns.Status | Sort-Object -Unique | Should -Be 'Succeeded'
            ($reruns.RunGroupId | Sort-Object) | Should -Be ($failedRuns.RunId | Sort-Object)
            Get-AdfPipelineRun -Status Failed -LatestOnly | Should -BeNullOrEmpty
        }
        finally {
            $night | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'Pipeline binding between the cmdlets' {
    It 'refreshes a piped run with Get-AdfPipelineRun rather than querying its group' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $refreshed = $run | Get-AdfPipelineRun
        $refreshed.RunId | Should -Be $run.RunId
        @(Get-AdfEmulatorRequest -Emulator $emulator).Operation | Should -Be @('GetRun')
    }

    It 'starts runs of piped pipelines that declare parameters, with their defaults' {
        $run = Get-AdfPipeline ParameterTypes | Start-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPipelineParameter,*' -Because 'Name is required and has no default'
        $errors[0].Exception.Message | Should -Match "requires parameter 'Name'"
        $run | Should -BeNullOrEmpty
        (Get-AdfPipeline ErrorHandling | Start-AdfPipelineRun).PipelineName | Should -Be 'ErrorHandling'
    }

    It 'accepts the service''s other spelling, Canceled, for -Status' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        Get-AdfPipelineRun -Status Canceled -First 1 | Out-Null
        $body = (Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns)[0].Body | ConvertFrom-Json
        ($body.filters | Where-Object operand -eq Status).values | Should -Be @('Cancelled')
    }
}

Describe 'Stop-AdfPipelineRun -Recurse (#16 S12)' {
    It '-Recurse (the name Get-AdfActivityRun uses) is -Recursive: the cancel is recursive (#16 S12)' {
        $slow = Start-TestEmulator -ActivityDuration 00:01:00
        try {
            $run = Start-AdfPipelineRun NightlyParent
            $run | Stop-AdfPipelineRun -Recurse -ErrorAction Stop
            $cancel = @(Get-AdfEmulatorRequest -Emulator $slow -Operation Cancel)
            $cancel | Should -HaveCount 1
            (ConvertFrom-QueryString $cancel[0].Query).isRecursive | Should -Be 'true'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
        $help = (Get-Content (Join-Path $RepositoryRoot 'docs/Stop-AdfPipelineRun.md') -Raw) -replace '\s+', ' '
        $help | Should -Match '### -Recursive [^#]*Alias `Recurse`'
    }
}
