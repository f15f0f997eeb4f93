# The service's own limits in the emulator (issue 14): a pipeline's concurrency and its 100-run queue, ADF's
# monitoring-query limit, ARM's buckets. The refusals are checked with plain REST calls, so that they show what the
# emulator answers whatever AdfRuns' cmdlets do about it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Invoke-FactoryRequest {
        param($Emulator, [string] $Method, [string] $Path, [string] $Body)
        $token = [System.Net.NetworkCredential]::new('', $Emulator.AccessToken).Password
        $base = "$($Emulator.Endpoint)subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)"
        $request = @{ Method = $Method; Uri = "$base/$($Path)?api-version=2018-06-01"; Headers = @{ Authorization = "Bearer $token" }; SkipHttpErrorCheck = $true }
        if ($Body) { $request.Body = $Body; $request.ContentType = 'application/json' }
        $response = Invoke-WebRequest @request
        [pscustomobject]@{ StatusCode = [int]$response.StatusCode; Json = $response.Content | ConvertFrom-Json; Headers = $response.Headers }
    }

    $serial = Join-Path $TestDrive 'Serial.json'
    Set-Content $serial '{"name":"Serial","properties":{"concurrency":1,"activities":[{"name":"Work","type":"Wait","dependsOn":[],"userProperties":[],"typeProperties":{"waitTimeInSeconds":1}}]}}'
}

Describe 'pipeline concurrency in the emulator (issue 14)' {
    AfterEach { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }

    It 'with concurrency 1, the second run is Queued until the first ends (issue 14)' {
        $emulator = Start-TestEmulator -PipelinePath $serial -ActivityDuration ([TimeSpan]::FromSeconds(1))
        $first = Start-AdfPipelineRun Serial
        $second = Start-AdfPipelineRun Serial
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (($first | Get-AdfPipelineRun).Status -ne 'InProgress' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        ($first | Get-AdfPipelineRun).Status | Should -Be 'InProgress'
        ($second | Get-AdfPipelineRun).Status | Should -Be 'Queued'

        $ended = $first | Wait-AdfPipelineRun -PollingInterval $Fast
        $ended.Status | Should -Be 'Succeeded'
        $next = $second | Wait-AdfPipelineRun -PollingInterval $Fast
        $next.Status | Should -Be 'Succeeded'
        ($next | Get-AdfActivityRun).ActivityRunStart | Should -BeGreaterOrEqual $ended.RunEnd
        $emulator.PeakQueuedRuns['Serial'] | Should -Be 1
    }

    It 'the 101st queued run is refused with the documented message (issue 14)' {
        $emulator = Start-TestEmulator -PipelinePath $serial -ActivityDuration ([TimeSpan]::FromSeconds(60))
        $answers = 1..101 | ForEach-Object { Invoke-FactoryRequest $emulator Post 'pipelines/Serial/createRun' '{}' }
        @($answers | Where-Object StatusCode -NE 200) | Should -BeNullOrEmpty

        $refused = Invoke-FactoryRequest $emulator Post 'pipelines/Serial/createRun' '{}'
        $refused.StatusCode | Should -Be 400
        $refused.Json.error.message | Should -BeExactly 'Pipeline execution throttled. If the concurrency value is set for a pipeline, a maximum of 100 runs will be queued for execution.'
        $emulator.PeakQueuedRuns['Serial'] | Should -Be 100
        (Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Where-Object StatusCode -EQ 400) | Should -HaveCount 1
    }
}

Describe 'monitoring-query limit in the emulator (issue 14)' {
    AfterEach { $emulator | Stop-AdfEmulator }

    It 'answers 429 TooManyPipelineRunQueryRequests beyond the scaled-down per-minute limit (issue 14)' {
        $emulator = Start-AdfEmulator -MonitoringQueriesPerMinute 5 -ActivityDuration 0.05
        $runId = (Invoke-FactoryRequest $emulator Post 'pipelines/Hello/createRun' '{}').Json.runId
        $answers = 1..5 | ForEach-Object { Invoke-FactoryRequest $emulator Get "pipelineruns/$runId" }
        $answers.StatusCode | Should -Be @(200, 200, 200, 200, 200)

        $refused = Invoke-FactoryRequest $emulator Post 'queryPipelineRuns' '{"lastUpdatedAfter":"2020-01-01T00:00:00Z","lastUpdatedBefore":"2100-01-01T00:00:00Z"}'
        $refused.StatusCode | Should -Be 429
        $refused.Json.error.code | Should -BeExactly 'TooManyPipelineRunQueryRequests'
        [int]$refused.Headers['Retry-After'][0] | Should -BeGreaterThan 0
        (Invoke-FactoryRequest $emulator Post 'pipelines/Hello/createRun' '{}').StatusCode | Should -Be 200 -Because 'createRun is not a monitoring query'
        $emulator.PeakMonitoringQueriesPerMinute | Should -Be 6
    }

    It '-ServiceLimits turns on the ARM buckets and the monitoring-query limit (1,000 a minute) together (issue 14)' {
        $emulator = Start-AdfEmulator -ServiceLimits -ArmWritesPerSecond 0.5 -ArmReadsPerSecond 1000
        $writes = 1..11 | ForEach-Object { Invoke-FactoryRequest $emulator Post 'pipelines/Hello/createRun' '{}' }
        @($writes | Where-Object StatusCode -EQ 200) | Should -HaveCount 10 -Because 'the write bucket scaled to 0.5/s holds 10'
        $writes[-1].Json.error.code | Should -BeExactly 'SubscriptionRequestsThrottled'

        $first = Invoke-FactoryRequest $emulator Get "pipelineruns/$($writes[0].Json.runId)"
        $first.Headers['x-ms-ratelimit-remaining-subscription-reads'][0] | Should -Be '9999' -Because 'the read bucket scaled to 1000/s holds 10,000'
        $client = [System.Net.Http.HttpClient]::new()
        try {
            $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', [System.Net.NetworkCredential]::new('', $emulator.AccessToken).Password)
            $url = "$($emulator.Endpoint)subscriptions/$($emulator.SubscriptionId)/resourceGroups/$($emulator.ResourceGroupName)/providers/Microsoft.DataFactory/factories/$($emulator.FactoryName)/pipelineruns/$($writes[0].Json.runId)?api-version=2018-06-01"
            $codes = foreach ($i in 1..1000) { $response = $client.GetAsync($url).GetAwaiter().GetResult(); [int]$response.StatusCode; $response.Dispose() }
        }
        finally {
            $client.Dispose()
        }

        @($codes | Where-Object { $_ -eq 200 }) | Should -HaveCount 999 -Because 'one of the 1,000 allowed queries was the GET above'
        $codes[-1] | Should -Be 429
        $emulator.PeakMonitoringQueriesPerMinute | Should -Be 1001
    }
}
