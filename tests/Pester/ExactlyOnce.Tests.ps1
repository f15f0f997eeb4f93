# Exactly one run per input, proven by the run's own id (issue 12), and a dead endpoint failing fast (D3).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # Starts a run the way another client (a trigger, another runbook) would: a plain createRun, not through AdfRuns.
    function Start-ForeignRun {
        param($Emulator, [string] $Pipeline, [string] $Body = '{}')
        $token = [System.Net.NetworkCredential]::new('', $Emulator.AccessToken).Password
        $base = "$($Emulator.Endpoint)subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)"
        (Invoke-RestMethod -Method Post "$base/pipelines/$Pipeline/createRun?api-version=2018-06-01" -Headers @{ Authorization = "Bearer $token" } -Body $Body -ContentType 'application/json').runId
    }

    function Get-CreatedRunId { param($Emulator) @(Get-CreateRunRequest $Emulator | Where-Object CreatedRunId | ForEach-Object CreatedRunId) }
}

Describe 'a failed createRun never adopts another client''s run (D1)' {
    BeforeAll { $emulator = Start-TestEmulator }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }
    AfterEach { Set-AdfEmulatorFault -Emulator $emulator -Clear; Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'after a <Case> before commit, starts its own run of a pipeline without parameters (D1)' -ForEach @(
        @{ Case = '503'; Fault = @{ StatusCode = 503 } }
        @{ Case = 'dropped connection'; Fault = @{ DropConnection = $true } }
        @{ Case = '500'; Fault = @{ StatusCode = 500 } }
    ) {
        $foreign = Start-ForeignRun $emulator Hello
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Count 1 @Fault
        $run = Start-AdfPipelineRun Hello -WarningAction SilentlyContinue
        $run.RunId | Should -Not -Be $foreign
        (Get-CreatedRunId $emulator) | Should -Contain $run.RunId
        @(Get-CreatedRunId $emulator).Count | Should -Be 2 -Because 'the foreign run and this input''s own run'
    }

    It 'with the same parameters as another client''s run, still starts its own (D1)' {
        $foreign = Start-ForeignRun $emulator CopySales '{"Day":"2024-05-01"}'
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 500 -Count 1
        $run = Start-AdfPipelineRun CopySales @{ Day = '2024-05-01' }
        $run.RunId | Should -Not -Be $foreign
        $run.Parameters['Day'] | Should -Be '2024-05-01'
    }

    It 'reports the run its own failed request created, found by that request''s id (D1)' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit -StatusCode 500 -Count 1
        $run = Start-AdfPipelineRun Hello
        $requests = @(Get-CreateRunRequest $emulator)
        $requests.Count | Should -Be 1
        $run.RunId | Should -Be $requests[0].CreatedRunId
        $run.RunId | Should -Be $requests[0].Headers['x-ms-client-request-id']
    }
}

Describe 'a createRun answered after the timeout is not sent twice (D2)' {
    BeforeAll {
        $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
        $emulator | Connect-AdfAccount -TimeoutSec 1 | Out-Null
    }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }
    AfterEach { Set-AdfEmulatorFault -Emulator $emulator -Clear; Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'waits for a timed-out request to commit and reports its run, sending nothing again (D2)' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:03 -Count 1
        $run = Start-AdfPipelineRun Hello
        Start-Sleep -Seconds 3
        $created = @(Get-CreatedRunId $emulator)
        $created.Count | Should -Be 1
        $run.RunId | Should -Be $created[0]
        @(Get-CreateRunRequest $emulator).Count | Should -Be 1
    }

    It 'names a request that may still create a run after the grace period, in a warning at the end (D2)' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:08 -Count 1
        $warnings = $null
        $run = Start-AdfPipelineRun Hello -WarningVariable warnings -WarningAction SilentlyContinue
        $late = (Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun) | Where-Object { $_.Headers['x-ms-client-request-id'] -ne $run.RunId }
        Start-Sleep -Seconds 3
        $lateId = @(Get-CreateRunRequest $emulator | Where-Object CreatedRunId | Where-Object CreatedRunId -ne $run.RunId)[0].CreatedRunId
        $lateId | Should -Not -BeNullOrEmpty -Because 'the slow request commits after all'
        ($warnings -join "`n") | Should -Match ([regex]::Escape($lateId))
    }
}

Describe '300 bulk inputs with slow and failing createRuns leave one run per input (D2)' {
    BeforeAll {
        $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.05
        $emulator | Connect-AdfAccount -TimeoutSec 1 | Out-Null
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:02.5 -Count 10
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 503 -Count 10
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit -StatusCode 500 -Count 10
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -DropConnection -Count 10
        $errors = $null
        $outputs = @(1..300 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 16 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        Start-Sleep -Seconds 3
        $created = @(Get-CreatedRunId $emulator)
    }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }

    It 'identical inputs: every input its own run, no error, no extra run (D2)' {
        $errors | Should -BeNullOrEmpty
        $outputs.Count | Should -Be 300
        ($outputs.RunId | Sort-Object -Unique).Count | Should -Be 300
        $created.Count | Should -Be 300
    }
}

Describe 'a dead endpoint fails fast, with one budget for all inputs (D3 and #3)' {
    BeforeAll {
        $emulator = Start-TestEmulator
        $emulator | Stop-AdfEmulator
    }
    AfterAll { Disconnect-AdfAccount }

    It 'Get-AdfPipelineRun against a stopped emulator fails within seconds, says it retries, and hints at the emulator (#3)' {
        $errors = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $out = Get-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue 3>&1
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $errors[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $errors[0].Exception.Message | Should -Match 'Start-AdfEmulator'
        ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message -join "`n" | Should -Match 'retrying'
    }

    It '200 piped inputs against a dead endpoint end as 200 ConnectionFailed errors within 30 s (D3)' {
        $errors = $null
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $runs = 1..200 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 32 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30
        $runs | Should -BeNullOrEmpty
        $errors.Count | Should -Be 200
        $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*' }
        $errors.TargetObject | Sort-Object -Unique | Should -Be 'Hello'
    }
}

Describe 'a rejected token is renewed once (D4)' {
    # Azure.Identity may answer the renewal from its own cache (MSAL keeps managed-identity tokens); what AdfRuns
    # owns is dropping its copy, asking the credential again and retrying once.
    It 'a 401 from the service is retried once after asking the credential again, and the request succeeds (D4)' {
        $emulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
        try {
            Connect-EmulatorIdentity $emulator
            $run = Start-AdfPipelineRun Hello
            Set-AdfEmulatorFault -Emulator $emulator -Operation GetRun -StatusCode 401 -Count 1
            (Get-AdfPipelineRun -RunId $run.RunId).RunId | Should -Be $run.RunId
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun | Where-Object StatusCode -eq 401).Count | Should -Be 1
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation Token).Count | Should -BeLessOrEqual 2
        }
        finally {
            $emulator | Stop-AdfEmulator
            Disconnect-EmulatorIdentity
        }
    }
}

Describe 'Ctrl+C names what may exist (D6 and #14)' {
    It 'a stopped bulk start names the createRun requests that were in flight (D6)' {
        $emulator = Start-TestEmulator
        try {
            Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay 00:00:03 -Count 1000
            $stop = Stop-AfterStarting "1..50 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 4"
            $stop.State | Should -Be 'Stopped'
            Start-Sleep -Milliseconds 3500
            $created = @(Get-CreateRunRequest $emulator | Where-Object CreatedRunId | ForEach-Object CreatedRunId)
            $created.Count | Should -BeGreaterThan 0
            $text = $stop.Warnings -join "`n"
            foreach ($id in $created) { $text | Should -Match ([regex]::Escape($id)) }
        }
        finally {
            $emulator | Stop-AdfEmulator
            Disconnect-AdfAccount
        }
    }
}
