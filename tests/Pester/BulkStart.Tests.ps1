# Bulk starts at the service's own limits (issue 14): about one request per started run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Reading started runs back in batches' {
    BeforeAll { $emulator = Start-TestEmulator }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }
    AfterEach { Set-AdfEmulatorFault -Emulator $emulator -Clear; Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'a bulk start of 300 runs sends at most 1.05 requests per run and writes the service''s record of each, in input order' {
        $runs = 1..300 | ForEach-Object { [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = @{ Day = "d$_" } } } | Start-AdfPipelineRun -ThrottleLimit 32
        $runs | Should -HaveCount 300
        ($runs | ForEach-Object { [int]$_.Parameters['Day'].Substring(1) }) | Should -Be (1..300)
        $runs | ForEach-Object { $_.InvokedBy.Name | Should -Be 'Manual'; $_.RunStart | Should -Not -BeNullOrEmpty }
        $requests = @(Get-AdfEmulatorRequest -Emulator $emulator | Where-Object Operation -ne 'GetPipeline')
        ($requests.Count / 300) | Should -BeLessOrEqual 1.05
        @($requests | Where-Object Operation -eq 'QueryRuns').Count | Should -BeGreaterThan 0
    }

    It 'a bulk start of 300 runs at -ThrottleLimit 16 against a service that answers createRun in 30 ms sends at most 1.05 requests per run' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -Delay ([TimeSpan]::FromMilliseconds(30)) -Count 0
        $runs = 1..300 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 16
        $runs | Should -HaveCount 300
        ($runs.RunId | Sort-Object -Unique).Count | Should -Be 300
        $requests = @(Get-AdfEmulatorRequest -Emulator $emulator | Where-Object Operation -ne 'GetPipeline')
        @($requests | Where-Object Operation -eq 'CreateRun').Count | Should -Be 300
        ($requests.Count / 300) | Should -BeLessOrEqual 1.05
    }

    It 'one at a time (-ThrottleLimit 1), 64 started runs are still read back with queries, not a GET each' {
        $runs = 1..64 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 1
        $runs | Should -HaveCount 64
        $runs | ForEach-Object { $_.InvokedBy.Name | Should -Be 'Manual' }
        $requests = @(Get-AdfEmulatorRequest -Emulator $emulator | Where-Object Operation -ne 'GetPipeline')
        @($requests | Where-Object Operation -eq 'GetRun').Count | Should -BeLessOrEqual 2
        ($requests.Count / 64) | Should -BeLessOrEqual 1.05
    }

    It 'reads a run with a GET when the batch query fails' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryRuns -StatusCode 400 -Count 100
        $runs = 1..20 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 8
        $runs | Should -HaveCount 20
        ($runs.RunId | Sort-Object -Unique).Count | Should -Be 20
        $runs | ForEach-Object { $_.InvokedBy.Name | Should -Be 'Manual' }
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun).Count | Should -BeGreaterThan 0
    }
}

Describe 'Waiting for room in a full run queue' {
    BeforeAll {
        $serial = Join-Path $TestDrive 'Serial.json'
        Set-Content $serial '{"name":"Serial","properties":{"concurrency":1,"activities":[{"name":"Work","type":"Wait","dependsOn":[],"userProperties":[],"typeProperties":{"waitTimeInSeconds":1}}]}}'
        $emulator = Start-TestEmulator -PipelinePath $serial -ActivityDuration ([TimeSpan]::FromMilliseconds(20))
    }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }

    It '130 starts of a concurrency-1 pipeline all start, with no queue-full error, the queue never above 100 (issue 14)' {
        $errors = $null
        $verbose = 1..130 | ForEach-Object { 'Serial' } | Start-AdfPipelineRun -ThrottleLimit 16 -ErrorVariable errors -ErrorAction SilentlyContinue -Verbose 4>&1
        $runs = @($verbose | Where-Object { $_ -is [AdfRuns.PipelineRun] })
        $errors | Should -BeNullOrEmpty
        $runs | Should -HaveCount 130
        ($runs.RunId | Sort-Object -Unique).Count | Should -Be 130
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Where-Object CreatedRunId).Count | Should -Be 130
        $refused = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Where-Object StatusCode -ne 200)
        $refused.Count | Should -BeGreaterThan 0 -Because 'the queue was full at some point'
        $emulator.PeakQueuedRuns['Serial'] | Should -BeLessOrEqual 100
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match "Pipeline 'Serial' has a full run queue"
    }
}
