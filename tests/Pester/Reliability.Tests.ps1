BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'A bulk start under faults' {
    BeforeAll {
        $emulator = Start-TestEmulator -ActivityDuration ([TimeSpan]::FromMilliseconds(20))
        $plainToken = [System.Net.NetworkCredential]::new('', $emulator.AccessToken).Password
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 429 -RetryAfter 00:00:01 -Count 15
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 503 -Count 15
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -DropConnection -Count 15
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit -StatusCode 500 -Count 15
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit -DropConnection -Count 10
        Set-AdfEmulatorFault -Emulator $emulator -Operation GetRun -StatusCode 503 -Count 15

        $inputs = foreach ($i in 1..1000) {
            $name = if ($i % 20 -eq 0) { "Bad/Name/$i" } else { 'CopySales' }
            [pscustomobject]@{ PipelineName = $name; Parameter = @{ Day = "day-$i" } }
        }
        $errors = $null
        $outputs = @($inputs | Start-AdfPipelineRun -ThrottleLimit 16 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $createdRunIds = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Where-Object CreatedRunId | ForEach-Object CreatedRunId)
        Set-AdfEmulatorFault -Emulator $emulator -Clear
    }

    AfterAll {
        $emulator | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    It 'ends every one of 1,000 inputs as exactly one output or one error' {
        ($outputs.Count + $errors.Count) | Should -Be 1000
        $outputs.Count | Should -Be 950
        $errors.Count | Should -Be 50
    }

    It 'refuses every invalid name before sending, naming the input' {
        $errors.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'InvalidInput,*' }
        $errors.TargetObject.PipelineName | ForEach-Object { $_ | Should -Match '^Bad/Name/' }
    }

    It 'leaves exactly one run per valid input in the service, and reports each' {
        $createdRunIds.Count | Should -Be 950
        ($createdRunIds | Sort-Object -Unique).Count | Should -Be 950
        ($outputs.RunId | Sort-Object -Unique).Count | Should -Be 950
        Compare-Object ($outputs.RunId | Sort-Object) ($createdRunIds | Sort-Object) | Should -BeNullOrEmpty
    }

    It 'gives each output the run of its own input' {
        foreach ($run in $outputs) { $run.Parameters['Day'] | Should -Match '^day-\d+$' }
        ($outputs | ForEach-Object { $_.Parameters['Day'] } | Sort-Object -Unique).Count | Should -Be 950
    }

    It 'writes the outputs in input order' {
        $days = $outputs | ForEach-Object { [int]($_.Parameters['Day'] -replace 'day-') }
        $days | Should -Be ($days | Sort-Object)
    }

    It 'mentions no token in any error' {
        ($errors | Out-String) | Should -Not -Match ([regex]::Escape($plainToken))
        ($errors.Exception.Message -join "`n") | Should -Not -Match ([regex]::Escape($plainToken))
    }
}

Describe 'Retries and their honesty' {
    BeforeAll { $emulator = Start-TestEmulator }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }
    AfterEach { Set-AdfEmulatorFault -Emulator $emulator -Clear; Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'retries a 429 after Retry-After and says so in -Verbose' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 429 -RetryAfter 00:00:01 -Count 1
        $verbose = Start-AdfPipelineRun Hello -Verbose 4>&1
        ($verbose | Where-Object { $_ -is [AdfRuns.PipelineRun] }).Status | Should -BeIn 'Queued', 'InProgress'
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'Retrying POST .+ in 1\.0 s .+TooManyRequests'
        @(Get-CreateRunRequest $emulator | Where-Object CreatedRunId).Count | Should -Be 1
    }

    It 'adopts the run a createRun created before its response failed, and starts no second one' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit -StatusCode 500 -Count 1
        $verbose = Start-AdfPipelineRun Hello -Verbose 4>&1
        $run = $verbose | Where-Object { $_ -is [AdfRuns.PipelineRun] }
        $created = @(Get-CreateRunRequest $emulator | Where-Object CreatedRunId)
        $created.Count | Should -Be 1
        $run.RunId | Should -Be $created[0].CreatedRunId
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match 'not started again'
    }

    It 'sends a createRun again when the check shows the failed one created nothing' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 503 -Count 1
        $run = Start-AdfPipelineRun Hello
        @(Get-CreateRunRequest $emulator).Count | Should -Be 2
        @(Get-CreateRunRequest $emulator | Where-Object CreatedRunId).Count | Should -Be 1
        $run.RunId | Should -Be (Get-CreateRunRequest $emulator | Where-Object CreatedRunId).CreatedRunId
    }

    It 'does not retry a 400: the error is the service''s, at once' {
        $errors = $null
        Restart-AdfPipelineRun -RunId ([guid]::NewGuid()) -PipelineName Hello -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[-1].FullyQualifiedErrorId | Should -BeLike 'ReferencedPipelineRunNotFound,*'
        @(Get-CreateRunRequest $emulator | Where-Object Query -Match 'isRecovery').Count | Should -Be 1
    }

    It 'gives up on a request after Connect-AdfAccount -TimeoutSec and retries a read' {
        $run = Start-AdfPipelineRun Hello
        $token = $emulator.AccessToken
        Connect-AdfAccount -AccessToken $token -ResourceManagerEndpoint $emulator.Endpoint -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName -TimeoutSec 1 | Out-Null
        try {
            Set-AdfEmulatorFault -Emulator $emulator -Operation GetRun -Delay 00:00:03 -Count 1
            $verbose = Get-AdfPipelineRun -RunId $run.RunId -Verbose 4>&1
            ($verbose | Where-Object { $_ -is [AdfRuns.PipelineRun] }).RunId | Should -Be $run.RunId
            $messages = ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"
            $messages | Should -Match 'timed out'
            $messages | Should -Match 'Retrying GET .+RequestTimeout'
        }
        finally {
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'refuses a parameter value nested deeper than JSON allows, naming it' {
        $deep = @{ leaf = 1 }
        foreach ($level in 1..40) { $deep = @{ next = $deep } }
        $errors = $null
        Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Options = $deep } -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameterValue,*'
        $errors[0].Exception.Message | Should -Match 'nested more than 32 levels'
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It 'stops cleanly with -ErrorAction Stop at the first bad input' {
        $runs = $null
        { $script:runs = 'Hello', 'bad/name', 'Hello' | Start-AdfPipelineRun -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidInput,*'
    }
}

Describe 'Ctrl+C' {
    It 'stops a long -Wait within a second' {
        $emulator = Start-TestEmulator -ActivityDuration 00:01:00
        try {
            $stop = Stop-AfterStarting 'Start-AdfPipelineRun NightlyParent -Wait -PollingInterval 00:00:10'
            $stop.WasRunning | Should -BeTrue
            $stop.StopSeconds | Should -BeLessThan 1
            $stop.State | Should -Be 'Stopped'
        }
        finally {
            $emulator | Stop-AdfEmulator
        }
    }

    It 'stops a bulk start within two seconds, sending nothing more' {
        $emulator = Start-TestEmulator
        try {
            # The emulator holds each createRun 3 s and logs it when it answers, so a request sent after the stop
            # would be in the log 3.5 s later.
            Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:03 -Count 1000
            $stop = Stop-AfterStarting "1..500 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 4"
            $stop.WasRunning | Should -BeTrue
            $stop.StopSeconds | Should -BeLessThan 2
            $stop.State | Should -Be 'Stopped'
            Start-Sleep -Milliseconds 3500
            $sent = @(Get-CreateRunRequest $emulator).Count
            $sent | Should -BeGreaterThan 0
            $sent | Should -BeLessOrEqual 4 -Because 'only the 4 requests in flight (ThrottleLimit 4) when Ctrl+C came were sent, none after'
        }
        finally {
            $emulator | Stop-AdfEmulator
        }
    }
}

Describe 'Many runspaces' {
    It 'starts runs from 4 runspaces at once, all signed in with one token request' {
        $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.05
        try {
            Connect-EmulatorIdentity $emulator
            $module = $ModulePath
            $runs = 1..4 | ForEach-Object -Parallel {
                Import-Module $using:module
                Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.1
            } -ThrottleLimit 4
            $runs | Should -HaveCount 4
            $runs.Status | Sort-Object -Unique | Should -Be 'Succeeded'
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation Token).Count | Should -Be 1
        }
        finally {
            $emulator | Stop-AdfEmulator
            Disconnect-EmulatorIdentity
        }
    }

    It 'writes 200 piped inputs with -ThrottleLimit 16 in input order, even when early requests are slow' {
        $emulator = Start-TestEmulator
        try {
            Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:00.3 -Count 5
            $runs = 1..200 | ForEach-Object { [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = @{ Day = "$_" } } } | Start-AdfPipelineRun -ThrottleLimit 16
            $runs | Should -HaveCount 200
            ($runs | ForEach-Object { [int]$_.Parameters['Day'] }) | Should -Be (1..200)
        }
        finally {
            $emulator | Stop-AdfEmulator
            Disconnect-AdfAccount
        }
    }
}

Describe 'Pacing under ARM throttling' {
    It 'starts 250 runs against ARM''s token buckets without one 429, by slowing down first' {
        $throttled = Start-AdfEmulator -Throttling -ActivityDuration 00:00:00.05
        try {
            $throttled | Connect-AdfAccount | Out-Null
            $errors = $null
            $runs = 1..250 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 32 -ErrorVariable errors -ErrorAction SilentlyContinue
            $runs | Should -HaveCount 250
            $errors | Should -BeNullOrEmpty
            @(Get-AdfEmulatorRequest -Emulator $throttled | Where-Object StatusCode -eq 429) | Should -BeNullOrEmpty
            @(Get-AdfEmulatorRequest -Emulator $throttled -Operation CreateRun | Where-Object CreatedRunId).Count | Should -Be 250
        }
        finally {
            $throttled | Stop-AdfEmulator
            Disconnect-AdfAccount
        }
    }
}
