BeforeDiscovery {
    # Every TimeSpan parameter of the module's cmdlets.
    Import-Module $(if ($env:ADFRUNS_MODULE) { $env:ADFRUNS_MODULE } else { Join-Path $PSScriptRoot '../../out/AdfRuns/AdfRuns.psd1' })
    $timeParameters = foreach ($command in Get-Command -Module AdfRuns -CommandType Cmdlet) {
        foreach ($parameter in $command.Parameters.Values) {
            if ($parameter.ParameterType -in [TimeSpan], [Nullable[TimeSpan]]) {
                @{ Command = $command.Name; Name = $parameter.Name }
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    # A slow emulator of its own, so runs are surely still going while a test looks.
    function Start-SlowEmulator {
        $slow = Start-AdfEmulator -ActivityDuration 00:01:00
        $slow | Connect-AdfAccount | Out-Null
        $slow
    }
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'a bare number is seconds for every time parameter (#1)' {
    It 'finds the time parameters of Start/Restart/Wait/Stop-AdfPipelineRun and the emulator cmdlets' -TestCases @{ Found = $timeParameters } {
        $names = $Found | ForEach-Object { "$($_.Command) -$($_.Name)" }
        foreach ($expected in 'Start-AdfPipelineRun -PollingInterval', 'Start-AdfPipelineRun -Timeout', 'Restart-AdfPipelineRun -Timeout',
            'Wait-AdfPipelineRun -PollingInterval', 'Wait-AdfPipelineRun -Timeout', 'Stop-AdfPipelineRun -Timeout',
            'Start-AdfEmulator -ActivityDuration', 'Set-AdfEmulatorFault -Delay', 'Set-AdfEmulatorFault -RetryAfter') {
            $names | Should -Contain $expected
        }
    }

    It '<Command> -<Name> reads 5, 0.5 and ''2'' as seconds and keeps TimeSpans and ''hh:mm:ss'' text' -ForEach $timeParameters {
        $transform = (Get-Command $Command).Parameters[$Name].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] }
        $transform | Should -Not -BeNullOrEmpty -Because "$Command -$Name must read a bare number as seconds"
        $transform.Transform($ExecutionContext, 5) | Should -Be ([TimeSpan]::FromSeconds(5))
        $transform.Transform($ExecutionContext, 0.5) | Should -Be ([TimeSpan]::FromMilliseconds(500))
        $transform.Transform($ExecutionContext, [long] 90) | Should -Be ([TimeSpan]::FromSeconds(90))
        $transform.Transform($ExecutionContext, '2') | Should -Be ([TimeSpan]::FromSeconds(2))
        $transform.Transform($ExecutionContext, [TimeSpan]::FromMinutes(3)) | Should -Be ([TimeSpan]::FromMinutes(3))
        $transform.Transform($ExecutionContext, '00:00:05') | Should -Be '00:00:05'
    }

    It '-PollingInterval 1 polls about once a second, not thousands of times (5 ticks sent 6,706 queries in 1.6 s)' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval 1
        $run.Status | Should -Be 'Succeeded'
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns).Count | Should -BeLessOrEqual 3
    }

    It '-Timeout 2 waits two seconds (30 ticks timed out after 0.014 s)' {
        $slow = Start-SlowEmulator
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $run = Start-AdfPipelineRun Hello -Wait -Timeout 2 -PollingInterval 0.2 -ErrorVariable errors -ErrorAction SilentlyContinue
            $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 1.8
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            $run.Status | Should -BeIn 'Queued', 'InProgress'
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'Start-AdfEmulator -ActivityDuration 1 makes each activity take a second' {
        $timed = Start-AdfEmulator -ActivityDuration 1
        try {
            $timed | Connect-AdfAccount | Out-Null
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval 0.2
            $run.DurationInMs | Should -BeGreaterOrEqual 1000
        }
        finally {
            $timed | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'Set-AdfEmulatorFault -Delay 1 holds the answer a second' {
        $run = Start-AdfPipelineRun Hello
        Set-AdfEmulatorFault -Emulator $emulator -Operation GetRun -Delay 1 -Count 1
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Get-AdfPipelineRun -RunId $run.RunId | Out-Null
        $watch.Elapsed.TotalSeconds | Should -BeGreaterThan 0.9
    }
}

Describe 'zero and negative waits are refused (#1)' {
    It 'refuses <Line> before sending anything, saying a number is seconds' -ForEach @(
        foreach ($value in 0, -1) {
            foreach ($line in 'Wait-AdfPipelineRun -RunId {0} -PollingInterval {1}', 'Wait-AdfPipelineRun -RunId {0} -Timeout {1}',
                'Start-AdfPipelineRun Hello -Wait -PollingInterval {1}', 'Start-AdfPipelineRun Hello -Wait -Timeout {1}',
                'Restart-AdfPipelineRun -RunId {0} -PipelineName Hello -Wait -PollingInterval {1}', 'Stop-AdfPipelineRun -RunId {0} -Wait -Timeout {1} -Confirm:$false') {
                @{ Line = $line -f [guid]::Empty, $value }
            }
        }
    ) {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $failure = { Invoke-Expression $Line } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -PassThru
        $failure.Exception.Message | Should -Match 'longer than zero'
        $failure.Exception.Message | Should -Match 'bare number means seconds'
        @(Get-AdfEmulatorRequest -Emulator $emulator) | Should -HaveCount 0
    }

    It 'refuses a negative emulator delay' {
        { Set-AdfEmulatorFault -Emulator $emulator -Delay -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'a polling interval under one second is refused unless the endpoint is loopback (#1)' {
    AfterEach {
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'refuses 0.5 s against Azure, naming ARM''s read quota, and sends nothing' {
        # Connecting with a token sends nothing, and the refusal comes at parameter binding: no request leaves the machine.
        $token = ConvertTo-SecureString 'not-a-real-token' -AsPlainText -Force
        Connect-AdfAccount -AccessToken $token -SubscriptionId $emulator.SubscriptionId -ResourceGroupName rg -FactoryName factory | Out-Null
        $failure = { Wait-AdfPipelineRun -RunId ([guid]::NewGuid()) -PollingInterval 0.5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*' -PassThru
        $failure.Exception.Message | Should -Match 'under one second'
        $failure.Exception.Message | Should -Match 'read quota'
        { Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.5 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'accepts 0.1 s against the emulator on 127.0.0.1' {
        (Start-AdfPipelineRun Hello -Wait -PollingInterval 0.1).Status | Should -Be 'Succeeded'
    }
}

Describe 'a short run is seen soon, and the polls back off up to the interval (#13)' {
    It 'a run of well under a second returns within a few seconds with the default 15-second interval (it took 15 s)' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $run = Start-AdfPipelineRun Hello -Wait
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 4
        $run.Status | Should -Be 'Succeeded'
    }

    It 'polls after about 1, 3, 6 and 9 seconds with -PollingInterval 3: delays of 1 and 2 s, then the interval' {
        $slow = Start-SlowEmulator
        try {
            $run = Start-AdfPipelineRun Hello
            Get-AdfEmulatorRequest -Emulator $slow -Clear
            $run | Wait-AdfPipelineRun -PollingInterval 00:00:03 -Timeout 00:00:09 -ErrorAction SilentlyContinue | Out-Null
            $polls = @(Get-AdfEmulatorRequest -Emulator $slow -Operation QueryRuns)
            $polls.Count | Should -BeIn 4, 5 -Because "polls at about 1, 3, 6 and 9 s, and one more may land on the 9-second timeout itself"
            $gaps = for ($i = 1; $i -lt $polls.Count; $i++) { ($polls[$i].Time - $polls[$i - 1].Time).TotalSeconds }
            $gaps[0] | Should -BeGreaterThan 1.7
            $gaps[0] | Should -BeLessThan 2.5
            $gaps[1..2] | ForEach-Object { $_ | Should -BeGreaterThan 2.7; $_ | Should -BeLessThan 3.5 }
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'a wait whose endpoint goes away ends with an error per run (#7)' {
    It 'writes one ConnectionFailed error per run, the run as its target, and each run in its last known state' {
        $slow = Start-SlowEmulator
        try {
            $runs = 'Hello', 'Hello' | Start-AdfPipelineRun
            $job = Start-ThreadJob -ArgumentList $slow, $ModulePath {
                param($target, $module)
                Import-Module $module
                Start-Sleep -Milliseconds 800
                $target | Stop-AdfEmulator
            }
            # The "is retrying" warning of the lost endpoint is expected; the errors are what is checked.
            $written = $runs | Wait-AdfPipelineRun -PollingInterval 00:00:00.2 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $job | Wait-Job | Remove-Job
            $written | Should -HaveCount 2
            ($written.RunId | Sort-Object) | Should -Be ($runs.RunId | Sort-Object)
            $written.Status | Should -BeIn 'Queued', 'InProgress'
            $errors | Should -HaveCount 2
            foreach ($errorRecord in $errors) {
                $errorRecord.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
                $errorRecord.CategoryInfo.Category | Should -Be 'ConnectionError'
                $errorRecord.TargetObject.RunId | Should -BeIn $runs.RunId
                $errorRecord.ToString() | Should -Match ([regex]::Escape($errorRecord.TargetObject.RunId))
            }
            ($errors.TargetObject.RunId | Sort-Object -Unique) | Should -HaveCount 2
        }
        finally {
            $slow | Stop-AdfEmulator -ErrorAction SilentlyContinue
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'a token rejected during a wait ends as errors per run, not a terminating error (D4)' {
    It 'never ends the wait with a terminating error, even with -ErrorAction SilentlyContinue: runs written, one error per run' {
        $slow = Start-SlowEmulator
        try {
            $runs = 'Hello', 'Hello' | Start-AdfPipelineRun
            $token = ConvertTo-SecureString 'a-revoked-token' -AsPlainText -Force
            Connect-AdfAccount -AccessToken $token -ResourceManagerEndpoint $slow.Endpoint -SubscriptionId $slow.SubscriptionId -ResourceGroupName $slow.ResourceGroupName -FactoryName $slow.FactoryName | Out-Null
            $written = $runs | Wait-AdfPipelineRun -PollingInterval 00:00:00.2 -ErrorVariable errors -ErrorAction SilentlyContinue
            $written | Should -HaveCount 2
            $errors | Should -HaveCount 2
            foreach ($errorRecord in $errors) {
                $errorRecord.FullyQualifiedErrorId | Should -BeLike 'InvalidAuthenticationToken,*'
                $errorRecord.CategoryInfo.Category | Should -BeIn 'PermissionDenied', 'AuthenticationError'
                $errorRecord.TargetObject.RunId | Should -BeIn $runs.RunId
            }
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'Ctrl+C during a wait names the runs that go on (#14)' {
    BeforeAll {
        $slow = Start-SlowEmulator
    }

    AfterAll {
        $slow | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'after <Line>, a warning names the run, and $Error holds a WaitInterrupted record whose target is the run, still going' -ForEach @(
        @{ Line = '$r = Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.2' }
        @{ Line = '$r = Start-AdfPipelineRun Hello | Wait-AdfPipelineRun -PollingInterval 00:00:00.2' }
    ) {
        $stop = Stop-AfterStarting $Line
        $stop.WasRunning | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $record = $stop.Errors[0]
        $record.FullyQualifiedErrorId | Should -Be 'WaitInterrupted'
        $record.CategoryInfo.Category | Should -Be 'OperationStopped'
        $run = @($record.TargetObject)
        $run | Should -HaveCount 1
        $record.ToString() | Should -Match "Get-AdfPipelineRun -RunId $($run[0].RunId)"
        # And on the host, as a warning (Start-AdfPipelineRun names the runs it started itself).
        ($stop.Warnings -join "`n") | Should -Match $run[0].RunId
        (Get-AdfPipelineRun -RunId $run[0].RunId).Status | Should -BeIn 'Queued', 'InProgress'
    }
}
