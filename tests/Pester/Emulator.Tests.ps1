BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Emulator secrets' {
    It 'masks a SecureString pipeline parameter in the run it returns and in Get-AdfEmulatorRequest .Body (D9)' {
        $secret = ConvertTo-SecureString 'p@ss-word-123' -AsPlainText -Force
        $run = Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Secret = $secret }
        $run.Parameters['Secret'] | Should -Be '********'
        ($run | Get-AdfPipelineRun).Parameters['Secret'] | Should -Be '********'
        $logged = (Get-AdfEmulatorRequest -Operation CreateRun)[-1]
        $logged.Body | Should -Not -Match 'p@ss-word-123'
        ($logged.Body | ConvertFrom-Json).Name | Should -Be 'x'
        $run, (Get-AdfEmulatorRequest) | Export-Clixml (Join-Path $TestDrive 'dump.xml')
        Get-Content -Raw (Join-Path $TestDrive 'dump.xml') | Should -Not -Match 'p@ss-word-123'
    }

    It 'Format-List * of the emulator object does not show IdentityHeader, which scripts can still read (probe 5c)' {
        $listed = $emulator | Format-List * | Out-String
        $listed | Should -Not -Match ([regex]::Escape($emulator.IdentityHeader))
        $listed | Should -Not -Match 'IdentityHeader'
        $emulator.IdentityHeader | Should -Not -BeNullOrEmpty
    }
}

Describe 'Emulator cmdlets, small defects' {
    It 'Set-AdfEmulatorFault help example 1 shows the retry line -Verbose really prints (D10)' {
        $help = Get-Content -Raw (Join-Path $RepositoryRoot 'docs/Set-AdfEmulatorFault.md')
        $documented = [regex]::Match($help, 'Retrying POST [^\r\n]*\(attempt \d+ of \d+\)[^\r\n]*').Value
        $documented | Should -Not -BeNullOrEmpty
        Set-AdfEmulatorFault -Operation CreateRun -StatusCode 429 -RetryAfter '00:00:02'
        $verbose = Start-AdfPipelineRun Hello -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $printed = @($verbose.Message -match '^Retrying POST')[0]
        # The help shows the full path, as -Verbose prints it (newcomer 3 row 7).
        $printed | Should -Be ($documented -replace '^VERBOSE: ', '')
    }

    It 'Stop-AdfEmulator takes the emulator by position (D10)' {
        $other = Start-AdfEmulator
        Stop-AdfEmulator $other
        $other.IsRunning | Should -BeFalse
        $emulator.IsRunning | Should -BeTrue
    }

    It 'Stop-AdfEmulator -WhatIf leaves the emulator running' {
        $other = Start-AdfEmulator
        try {
            Invoke-WithoutHost { param($other) Stop-AdfEmulator $other -WhatIf } $other
            $other.IsRunning | Should -BeTrue
            (Invoke-WebRequest -Uri $other.Endpoint -SkipHttpErrorCheck).StatusCode | Should -BeGreaterThan 0
        }
        finally {
            Stop-AdfEmulator $other
        }
    }
}

Describe 'Which emulator the emulator cmdlets act on' {
    AfterAll {
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'without -Emulator they act on the connected emulator, not the one started last, and Stop-AdfEmulator stops only that one (#12)' {
        $connected = Start-AdfEmulator -ActivityDuration 00:00:00.05
        $connected | Connect-AdfAccount | Out-Null
        $startedLast = Start-AdfEmulator -ActivityDuration 00:00:00.05
        try {
            Set-AdfEmulatorBehavior -PipelineName Hello -ActivityName SayHello -Outcome Failed
            Set-AdfEmulatorFault -Operation CreateRun -StatusCode 429 -RetryAfter 00:00:00
            Get-AdfEmulatorRequest -Clear
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.1
            $run.Status | Should -Be 'Failed'
            @(Get-AdfEmulatorRequest -Operation CreateRun).StatusCode | Should -Be @(429, 200)
            @(Get-AdfEmulatorRequest -Emulator $startedLast).Count | Should -Be 0

            Stop-AdfEmulator
            $connected.IsRunning | Should -BeFalse
            $startedLast.IsRunning | Should -BeTrue
            $emulator.IsRunning | Should -BeTrue

            # Connected to a stopped emulator: the one started last.
            Stop-AdfEmulator
            $startedLast.IsRunning | Should -BeFalse
            $emulator.IsRunning | Should -BeTrue
        }
        finally {
            $connected, $startedLast | Stop-AdfEmulator
        }
    }
}

Describe 'Get-AdfEmulatorRequest table' {
    It 'the default table has a Target column (pipeline name or run id) and fits 80 columns (#25)' {
        Get-AdfEmulatorRequest -Clear
        $run = Start-AdfPipelineRun Hello
        $run | Get-AdfPipelineRun | Out-Null
        $requests = @(Get-AdfEmulatorRequest)
        ($requests | Where-Object Operation -eq CreateRun).Target | Should -Be 'Hello'
        ($requests | Where-Object Operation -eq GetRun).Target | Select-Object -Unique | Should -Be $run.RunId
        $table = $requests | Out-String -Width 80
        $lines = $table -split "`r?`n"
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($lines | Where-Object { $_ -match '\bTarget\b' }) | Should -Not -BeNullOrEmpty
        ($lines | Where-Object { $_ -match 'CreateRun' }) | Should -Match '\bHello\b'
        ($lines | Where-Object { $_ -match 'GetRun' }) | Should -Match ([regex]::Escape($run.RunId))
    }
}

Describe 'Emulator tab completion' {
    It 'Set-AdfEmulatorBehavior -PipelineName Hello -ActivityName <Tab> offers that pipeline''s activities, not file names (#15)' {
        $line = 'Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
        $line = 'Set-AdfEmulatorBehavior -PipelineName Hello -ActivityName '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('SayHello')
    }

    It 'Set-AdfEmulatorBehavior -PipelineName <Tab> offers the emulator''s pipelines (#15)' {
        $line = 'Set-AdfEmulatorBehavior -PipelineName Nigh'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('NightlyChild', 'NightlyParent')
    }
}

Describe 'Set-AdfEmulatorBehavior for one child or one iteration (issue 15)' {
    BeforeEach { Set-AdfEmulatorBehavior -Reset }
    AfterAll { Set-AdfEmulatorBehavior -Reset }

    It '-WhenParameter fails the activity only in runs with that parameter value' {
        Set-AdfEmulatorBehavior FanOutGrandchild Transform -WhenParameter @{ Table = 'table_05' } -ErrorCode 3204 -Message 'cluster lost'
        $failed = Start-AdfPipelineRun FanOutChild @{ Table = 'table_05' } -Wait -PollingInterval '00:00:00.1'
        $other = Start-AdfPipelineRun FanOutChild @{ Table = 'table_06' } -Wait -PollingInterval '00:00:00.1'
        $failed.Status | Should -Be 'Failed'
        $failed.Message | Should -Be 'Operation on target RunGrandchild failed: Operation on target Transform failed: cluster lost'
        $other.Status | Should -Be 'Succeeded'
    }

    It '-WhenItem fails one iteration of a ForEach: by value, or by the fields of an object item' {
        Set-AdfEmulatorBehavior FanOutParent RunChild -WhenItem 'b' -Message 'not b'
        $run = Start-AdfPipelineRun FanOutParent @{ Tables = @('a', 'b', 'c') } -Wait -PollingInterval '00:00:00.1'
        $run.Message | Should -Be 'Operation on target ForEachTable failed: Activity failed because an inner activity failed; Inner activity name: RunChild, Error: not b'
        @($run | Get-AdfActivityRun -Status Failed | Where-Object ActivityName -eq RunChild).Count | Should -Be 1
        @(Get-AdfPipelineRun -PipelineName FanOutChild | Where-Object { $_.Parameters['Table'] -eq 'b' }).Count | Should -Be 0

        Set-AdfEmulatorBehavior -Reset
        Set-AdfEmulatorBehavior Depth4 ByMode -WhenItem @{ mode = 'full' } -Message 'never: Depth4 runs outside a ForEach' -WarningAction SilentlyContinue
        Set-AdfEmulatorBehavior FanOutParent RunChild -WhenItem @{ name = 'y'; rows = 2 } -Message 'the y table'
        $run = Start-AdfPipelineRun FanOutParent @{ Tables = @(@{ name = 'x'; rows = 2 }, @{ name = 'y'; rows = 2 }) } -Wait -PollingInterval '00:00:00.1'
        $errors = @($run | Get-AdfActivityRun -Status Failed | Where-Object ActivityName -eq RunChild).Error.Message
        $errors | Should -HaveCount 2
        $errors | Should -Contain 'the y table'
        (Start-AdfPipelineRun Depth4 -Wait -PollingInterval '00:00:00.1').Status | Should -Be 'Succeeded'
    }

    It 'an unknown activity or pipeline: the message names it, without .NET''s "(Parameter ...)" (#15 T7)' {
        Set-AdfEmulatorBehavior FanOutParent NoSuch -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'UnknownPipelineOrActivity,AdfRuns.Commands.SetAdfEmulatorBehaviorCommand'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be 'FanOutParent/NoSuch'
        "$failed" | Should -BeLike "Pipeline 'FanOutParent' has no activity 'NoSuch' (it has *)."
        $failed[0].Exception.Message | Should -Not -Match '\(Parameter'
        Set-AdfEmulatorBehavior NoSuchPipeline Work -ErrorVariable failed -ErrorAction SilentlyContinue
        "$failed" | Should -BeLike "The emulator has no pipeline 'NoSuchPipeline'. It has *."
        "$failed" | Should -Not -Match '\(Parameter'
    }

    It '-WhenItem on an activity in no ForEach warns that it can never match; inside a ForEach it does not (#15 T7)' {
        Set-AdfEmulatorBehavior NightlyParent RunChild -WhenItem 'table_07' -WarningVariable warned -WarningAction SilentlyContinue
        "$warned" | Should -Be "Activity 'RunChild' of pipeline 'NightlyParent' is in no ForEach, so it has no item and -WhenItem can never match: the behavior is set, but it will never apply."
        Set-AdfEmulatorBehavior FanOutParent RunChild -WhenItem 'table_07' -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty
        Set-AdfEmulatorBehavior FanOutParent RunChild -WhenParameter @{ Tables = 'x' } -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty -Because 'only -WhenItem needs a ForEach'
    }

    It 'offers the inner activities of containers for -ActivityName' {
        $line = 'Set-AdfEmulatorBehavior -PipelineName FanOutParent -ActivityName '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('ForEachTable', 'RunChild')
    }
}
