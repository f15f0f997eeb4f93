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
        $run.Parameters['Secret'] | Should -Be '********'
        ($run | Get-AdfPipelineRun).Parameters['Secret'] | Should -Be '********'
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

    It 'Stop-AdfEmulator -WhatIf leaves the emulator running' {
        $other = Start-AdfEmulator
        try {
            Stop-AdfEmulator $other -WhatIf
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

    It '#12 without -Emulator they act on the connected emulator, not the one started last, and Stop-AdfEmulator stops only that one' {
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
    It '#25 the default table has a Target column (pipeline name or run id) and fits 80 columns' {
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
    It '#15 Set-AdfEmulatorBehavior -PipelineName Hello -ActivityName <Tab> offers that pipeline''s activities, not file names' {
        $line = 'Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText |
            Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
        $line = 'Set-AdfEmulatorBehavior -PipelineName Hello -ActivityName '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('SayHello')
    }

    It '#15 Set-AdfEmulatorBehavior -PipelineName <Tab> offers the emulator''s pipelines' {
        $line = 'Set-AdfEmulatorBehavior -PipelineName Nigh'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('NightlyChild', 'NightlyParent')
    }
}
