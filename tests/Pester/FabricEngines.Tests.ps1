# What only a Fabric workspace does (Start-AdfEmulator -Fabric), beyond the shared scenarios that Engines.Tests.ps1
# runs in Fabric mode: Fabric's wire differs (ids in paths, a job submit answering 202 with the job in Location,
# job lists instead of run queries, Retry-After, Deduped, no reruns).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-AdfEmulator -Fabric -FabricWorkspace Sales -ActivityDuration 0.1
    $emulator | Connect-AdfAccount | Out-Null
    $workspacePath = "/v1/workspaces/$($emulator.FabricWorkspaceId)"

    function New-FailedRun {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 3204 -Message 'bad night'
        Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 10 } -Wait -PollingInterval $Fast
    }
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Fabric-only scenarios' {
    BeforeEach {
        Get-AdfPipelineRun -Status Queued, InProgress | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
        Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
    }

    It 'starts a job with typed parameters, sent as JSON numbers and strings in executionData' {
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = '10' }
        $run.Status | Should -Be 'Queued'
        ($run.Service, $run.FabricWorkspace, $run.FabricWorkspaceId) | Should -Be @('Fabric', 'Sales', $emulator.FabricWorkspaceId)
        $run.PipelineId | Should -Match '^[0-9a-f-]{36}$'
        $run.FactoryName | Should -BeNullOrEmpty
        $request = (Get-CreateRunRequest $emulator)[0]
        $request.Path | Should -Be "$workspacePath/items/$($run.PipelineId)/jobs/instances"
        $request.Query | Should -Be 'jobType=Pipeline'
        $request.StatusCode | Should -Be 202
        $request.CreatedRunId | Should -Be $run.RunId
        # BatchSize is declared Int: the string '10' goes as the number 10, as the definition types it.
        $body = $request.Body | ConvertFrom-Json -AsHashtable
        $body.executionData.parameters.BatchSize | Should -Be 10
        $body.executionData.parameters.BatchSize | Should -BeOfType [long]
        $body.executionData.parameters.Day | Should -Be '2026-11-25'
    }

    It 'reads the workspace and the pipelines once, whatever the number of inputs' {
        $runs = @(1..20 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 8)
        $runs | Should -HaveCount 20
        ($runs.RunId | Sort-Object -Unique) | Should -HaveCount 20
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetFactory, ListPipelines).Count | Should -BeLessOrEqual 2
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetPipeline).Count | Should -BeLessOrEqual 1
    }

    It 'waits for the job to complete, with one job list per pipeline per poll for many jobs' {
        $runs = @(1..10 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun)
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $done = @($runs | Wait-AdfPipelineRun -PollingInterval $Fast)
        $done | Should -HaveCount 10
        $done.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $done[0].RunEnd | Should -Not -BeNullOrEmpty
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun).Count | Should -Be 0
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns).Count | Should -BeGreaterThan 0
    }

    It 'waits through a status that lags the job''s end, until a terminal status' {
        $lagging = Start-AdfEmulator -Fabric -ActivityDuration 0.1 -FabricStatusLag 2
        try {
            $lagging | Connect-AdfAccount | Out-Null
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
            $run.Status | Should -Be 'Succeeded'
            $reads = @(Get-AdfEmulatorRequest -Emulator $lagging -Operation GetRun)
            $reads.Count | Should -BeGreaterThan 2 -Because 'answers said InProgress for 2 s after the end'
        }
        finally {
            $lagging | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'never polls faster than the service''s Retry-After' {
        $paced = Start-AdfEmulator -Fabric -ActivityDuration 0.5 -FabricRetryAfter 1
        try {
            $paced | Connect-AdfAccount | Out-Null
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
            $run.Status | Should -Be 'Succeeded'
            $times = @(Get-AdfEmulatorRequest -Emulator $paced -Operation GetRun).Time
            for ($i = 1; $i -lt $times.Count; $i++) { ($times[$i] - $times[$i - 1]).TotalMilliseconds | Should -BeGreaterOrEqual 950 }
        }
        finally {
            $paced | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'never resends a submit whose answer was lost, and names the pipeline, the time and how to look: <Fault>' -ForEach @(
        @{ Fault = '500 after the job was created'; Rule = @{ StatusCode = 500 } }
        @{ Fault = 'connection dropped after the job was created'; Rule = @{ DropConnection = $true } }
    ) {
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -AfterCommit @Rule
        $errors = $null
        Start-AdfPipelineRun Hello -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JobSubmitOutcomeUnknown,*'
        $errors[0].TargetObject | Should -Be 'Hello'
        "$($errors[0])" | Should -Match "pipeline 'Hello' in Fabric workspace 'Sales' at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC"
        "$($errors[0])" | Should -Match "Get-AdfPipelineRun -PipelineName 'Hello' -FabricWorkspace 'Sales' -LastUpdatedAfter"
        $submits = @(Get-CreateRunRequest $emulator)
        $submits | Should -HaveCount 1 -Because 'a submit whose outcome is unknown is not sent again'
        $created = $submits[0].CreatedRunId
        $created | Should -Not -BeNullOrEmpty -Because 'the fault let the job be created'
        # The query the error names finds the job that may have started.
        @(Get-AdfPipelineRun -PipelineName Hello -FabricWorkspace Sales -LastUpdatedAfter ([datetime]::UtcNow.AddMinutes(-5))).RunId | Should -Contain $created
    }

    It 'waits on a Deduped job as finished, not failed' {
        $serial = Join-Path $TestDrive 'Serial.json'
        Set-Content $serial '{"name":"Serial","properties":{"concurrency":1,"activities":[{"name":"Work","type":"Wait","dependsOn":[],"userProperties":[],"typeProperties":{"waitTimeInSeconds":1}}]}}'
        $dedupe = Start-AdfEmulator -Fabric -PipelinePath $serial -ActivityDuration 0.5
        try {
            $dedupe | Connect-AdfAccount | Out-Null
            $errors = $null
            $runs = @('Serial', 'Serial' | Start-AdfPipelineRun -ThrottleLimit 1 | Wait-AdfPipelineRun -PollingInterval $Fast -ErrorVariable errors)
            $runs.Status | Sort-Object | Should -Be @('Deduped', 'Succeeded')
            ($runs | Where-Object Status -eq 'Deduped').IsTerminal | Should -BeTrue
            $errors | Should -BeNullOrEmpty
        }
        finally {
            $dedupe | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'puts the failing activity''s error in the run''s Message, as the job''s own failureReason says nothing' {
        $failed = New-FailedRun
        $failed.Status | Should -Be 'Failed'
        $failed.Message | Should -Match 'bad night'
        $broken = @($failed | Get-AdfActivityRun -Status Failed)
        $broken.ActivityName | Should -Be 'TransformSales'
        $broken[0].Error.ErrorCode | Should -Be '3204'
        $broken[0].FabricWorkspace | Should -Be 'Sales'
        (Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryActivityRuns)[0].Path | Should -Be "$workspacePath/datapipelines/pipelineruns/$($failed.RunId)/queryactivityruns"
    }

    It 'gets a run by id alone, and activity runs by run id alone' {
        $failed = New-FailedRun
        (Get-AdfPipelineRun -RunId $failed.RunId).Status | Should -Be 'Failed'
        @(Get-AdfActivityRun -RunId $failed.RunId -Status Failed).ActivityName | Should -Be 'TransformSales'
    }

    It 'refuses what Fabric cannot do before anything is sent: <Case>' -ForEach @(
        @{ Case = 'Restart -FromFailure'; Do = { param($run) $run | Restart-AdfPipelineRun -FromFailure } }
        @{ Case = 'Restart -FromActivity'; Do = { param($run) $run | Restart-AdfPipelineRun -FromActivity LoadWarehouse } }
        @{ Case = 'Restart (recovery)'; Do = { param($run) $run | Restart-AdfPipelineRun } }
        @{ Case = 'Restart -AsNewRun'; Do = { param($run) $run | Restart-AdfPipelineRun -AsNewRun } }
        @{ Case = 'Start -ReferencePipelineRunId'; Do = { param($run) Start-AdfPipelineRun CopySales -ReferencePipelineRunId $run.RunId } }
        @{ Case = 'Get-AdfTriggerRun'; Do = { param($run) Get-AdfTriggerRun -FabricWorkspace Sales } }
        @{ Case = 'Restart-AdfTriggerRun'; Do = { param($run) Restart-AdfTriggerRun -FabricWorkspace Sales -TriggerName Hourly -TriggerRunId 08586001811587302486644506085CU07 -Confirm:$false } }
    ) {
        $failed = New-FailedRun
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        { $ErrorActionPreference = 'Stop'; & $Do $failed } | Should -Throw -ErrorId 'NotSupportedByService*'
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun) | Should -HaveCount 0
    }

    It 'cancels a job: 202, then Cancelled' {
        $slow = Start-AdfEmulator -Fabric -ActivityDuration 2
        try {
            $slow | Connect-AdfAccount | Out-Null
            $run = Start-AdfPipelineRun Hello
            $stopped = $run | Stop-AdfPipelineRun -Wait -PassThru -PollingInterval $Fast
            $stopped.Status | Should -Be 'Cancelled'
            $cancel = @(Get-AdfEmulatorRequest -Emulator $slow -Operation Cancel)
            $cancel | Should -HaveCount 1
            $cancel[0].StatusCode | Should -Be 202
            $cancel[0].Path | Should -Be "/v1/workspaces/$($slow.FabricWorkspaceId)/items/$($run.PipelineId)/jobs/instances/$($run.RunId)/cancel"
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'queries runs by pipeline and status from the job lists' {
        $failed = New-FailedRun
        $ok = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $found = @(Get-AdfPipelineRun -PipelineName CopySales -Status Failed)
        $found.RunId | Should -Contain $failed.RunId
        $found.RunId | Should -Not -Contain $ok.RunId
        @(Get-AdfPipelineRun -PipelineName Hello).RunId | Should -Contain $ok.RunId
        @(Get-AdfPipelineRun).RunId | Should -Contain $ok.RunId
        (Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns)[0].Path | Should -BeLike "$workspacePath/items/*/jobs/instances"
    }

    It 'reports a workspace the connection cannot find as WorkspaceNotFound' {
        $errors = $null
        Get-AdfPipelineRun -FabricWorkspace Finance -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'WorkspaceNotFound,*'
    }

    It 'sends factory, Synapse and Fabric runs piped together each back to their own service' {
        $factory = Start-AdfEmulator -ActivityDuration 0.1
        $synapse = Start-AdfEmulator -Synapse -ActivityDuration 0.1
        try {
            $factory | Connect-AdfAccount -WorkspaceEndpoint $synapse.WorkspaceEndpoint -FabricEndpoint $emulator.FabricEndpoint | Out-Null
            $runs = @(
                Start-AdfPipelineRun Hello
                Start-AdfPipelineRun Hello -WorkspaceName $synapse.WorkspaceName
                Start-AdfPipelineRun Hello -FabricWorkspace Sales
            )
            $runs.Service | Should -Be @('DataFactory', 'Synapse', 'Fabric')
            $done = @($runs | Wait-AdfPipelineRun -PollingInterval $Fast)
            $done.Status | Sort-Object -Unique | Should -Be 'Succeeded'
            $activities = @($done | Get-AdfActivityRun)
            $activities.Service | Should -Be @('DataFactory', 'Synapse', 'Fabric')
            @(Get-AdfEmulatorRequest -Emulator $factory -Operation QueryActivityRuns) | Should -HaveCount 1
            @(Get-AdfEmulatorRequest -Emulator $synapse -Operation QueryActivityRuns) | Should -HaveCount 1
            @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryActivityRuns) | Should -HaveCount 1
        }
        finally {
            $factory, $synapse | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}
