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

Describe 'Get-AdfPipelineRun -PipelineName: wildcards, unknown names and piped pipelines' {
    BeforeAll {
        Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-12-07' } -Wait -PollingInterval $Fast | Out-Null
        Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast | Out-Null
    }

    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'expands a wildcard against the factory''s pipelines and queries the names it matches (newcomer 3 row 3)' {
        $runs = @(Get-AdfPipelineRun -PipelineName Copy*)
        $runs.Count | Should -BeGreaterThan 0
        $runs.PipelineName | Sort-Object -Unique | Should -Be 'CopySales'
        $query = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns)
        $query | Should -HaveCount 1
        ($query[0].Body | ConvertFrom-Json).filters[0].values | Should -Be @('CopySales')
    }

    It 'reports an exact name the factory lacks, with the near name, and still returns the other names'' runs (newcomer 3 row 3)' {
        $errors = $null
        $runs = @(Get-AdfPipelineRun -PipelineName CopySale, Hello -ErrorVariable errors -ErrorAction SilentlyContinue)
        $runs.PipelineName | Sort-Object -Unique | Should -Be 'Hello'
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be 'CopySale'
        $errors[0].Exception.Message | Should -Match "Did you mean 'CopySales'\?"
    }

    It 'lists the pipelines once per command, however many names and patterns (newcomer 3 row 3)' {
        Get-AdfPipelineRun -PipelineName Copy*, Hel*, Helo -ErrorAction SilentlyContinue | Out-Null
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation ListPipelines) | Should -HaveCount 1
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns) | Should -HaveCount 1
    }

    It 'gives a piped pipeline''s runs, not a run-id error (newcomer 3 row 15)' {
        $runs = @(Get-AdfPipeline CopySales | Get-AdfPipelineRun -ErrorAction Stop)
        $runs.Count | Should -BeGreaterThan 0
        $runs.PipelineName | Sort-Object -Unique | Should -Be 'CopySales'
    }

    It 'still takes a piped run by its run id (newcomer 3 row 15)' {
        $run = Get-AdfPipelineRun -PipelineName Hello -First 1
        ($run | Get-AdfPipelineRun).RunId | Should -Be $run.RunId
    }
}

Describe 'Small rows of the third newcomer trial' {
    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'starts one run of each pipeline named in -PipelineName (newcomer 3 row 15)' {
        $runs = @(Start-AdfPipelineRun Hello, NightlyParent)
        $runs.PipelineName | Should -Be @('Hello', 'NightlyParent')
        $runs | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
    }

    It 'writes one run per input when the same run is waited for twice (newcomer 3 row 13)' {
        $h1 = Start-AdfPipelineRun Hello
        $done = @($h1, $h1 | Wait-AdfPipelineRun -PollingInterval $Fast)
        $done | Should -HaveCount 2
        $done.RunId | Should -Be @($h1.RunId, $h1.RunId)
        $done.Status | Should -Be @('Succeeded', 'Succeeded')
    }

    It 'refuses an inverted time window on <Command> before any request (newcomer 3 row 14)' -ForEach @(
        @{ Command = 'Get-AdfPipelineRun'; Call = { Get-AdfPipelineRun -LastUpdatedAfter (Get-Date) -LastUpdatedBefore (Get-Date).AddHours(-1) } }
        @{ Command = 'Get-AdfActivityRun'; Call = { Get-AdfActivityRun -RunId ([guid]::NewGuid()) -RunStartedAfter (Get-Date) -RunStartedBefore (Get-Date).AddHours(-1) } }
    ) {
        $Call | Should -Throw -ErrorId 'InvertedTimeWindow,*'
        @(Get-AdfEmulatorRequest -Emulator $emulator) | Should -BeNullOrEmpty
    }

    It '-RootCause''s warning tells the run''s current status, not the piped object''s (newcomer 3 row 11)' {
        $slow = Start-AdfEmulator -ActivityDuration 0.5
        try {
            $slow | Connect-AdfAccount | Out-Null
            $stale = Start-AdfPipelineRun Hello
            $stale.Status | Should -BeIn @('Queued', 'InProgress')
            $now = $stale | Wait-AdfPipelineRun -PollingInterval $Fast
            $now.Status | Should -Be 'Succeeded'
            $stale | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            "$warned" | Should -Match 'is Succeeded'
            "$warned" | Should -Not -Match $stale.Status
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'Az.DataFactory habits (newcomer 3 row 18)' {
    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'Stop-AdfPipelineRun -Force cancels without asking under a Low $ConfirmPreference, with -IsRecursive (newcomer 3 row 18)' {
        $slow = Start-AdfEmulator -ActivityDuration 00:01:00
        try {
            $slow | Connect-AdfAccount | Out-Null
            $run = Start-AdfPipelineRun NightlyParent
            $ConfirmPreference = 'Low'
            Stop-AdfPipelineRun -RunId $run.RunId -Force -IsRecursive
            $ConfirmPreference = 'High'
            $cancel = @(Get-AdfEmulatorRequest -Emulator $slow -Operation Cancel)
            $cancel | Should -HaveCount 1
            $cancel[0].Query | Should -Match 'isRecursive=true'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'Start-AdfPipelineRun takes -ParameterObject as Az does (newcomer 3 row 18)' {
        $run = Start-AdfPipelineRun CopySales -ParameterObject @{ Day = '2026-12-07' }
        (Get-CreateRunRequest $emulator)[0].Body | Should -Match '"Day":"2026-12-07"'
        $run | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
    }

    It 'Get-AdfActivityRun -RunStartedAfter/-RunStartedBefore set the activity query''s window exactly (newcomer 3 row 18)' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $after = [datetime]::UtcNow.AddHours(-3)
        $before = [datetime]::UtcNow.AddHours(1)
        $activities = @($run | Get-AdfActivityRun -RunStartedAfter $after -RunStartedBefore $before)
        $activities.Count | Should -BeGreaterThan 0
        $body = (Get-ActivityQuery)[0].Body | ConvertFrom-Json -DateKind String
        ([datetimeoffset]$body.lastUpdatedAfter).UtcDateTime | Should -Be $after
        ([datetimeoffset]$body.lastUpdatedBefore).UtcDateTime | Should -Be $before
    }
}
