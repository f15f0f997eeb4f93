# The same scenarios, written once, against the emulator as a data factory (ARM), a Synapse workspace (its data
# plane) and a Fabric workspace where Fabric can: the cmdlets must behave the same; only the wire differs (paths,
# api-version, 200 vs 202, error bodies). Fabric's own behaviour (ids, job lists, Retry-After, no reruns) is in
# FabricEngines.Tests.ps1.
BeforeDiscovery {
    $modes = @(
        @{ Mode = 'Factory'; ApiVersion = '2018-06-01'; CreateRunStatus = 200; RunNotFound = 'PipelineRunNotFound' }
        @{ Mode = 'Synapse'; ApiVersion = '2020-12-01'; CreateRunStatus = 202; RunNotFound = 'PipelineRunNotFound' }
        @{ Mode = 'Fabric'; ApiVersion = $null; CreateRunStatus = 202; RunNotFound = 'JobInstanceNotFound' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Shared scenarios in <Mode> mode' -ForEach $modes {
    BeforeAll {
        $emulator = Start-ModeEmulator $Mode
        $emulator | Connect-AdfAccount | Out-Null
        $failedRun = $null

        function New-FailedRun {
            Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 3204 -Message 'bad night'
            Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 10 } -Wait -PollingInterval $Fast
        }
    }

    AfterAll {
        $emulator | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    BeforeEach {
        Get-AdfPipelineRun -Status Queued, InProgress | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
        Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
    }

    It 'connects by piping the emulator, to the right service' {
        $context = Get-AdfContext
        $context.Environment | Should -Be 'Emulator'
        if ($Mode -eq 'Synapse') {
            $context.WorkspaceName | Should -Be $emulator.WorkspaceName
            $context.WorkspaceEndpoint | Should -Be $emulator.WorkspaceEndpoint
            $context.FactoryName | Should -BeNullOrEmpty
        }
        elseif ($Mode -eq 'Fabric') {
            $context.FabricWorkspace | Should -Be 'Sales'
            $context.FabricEndpoint | Should -Be $emulator.FabricEndpoint
            $context.FactoryName | Should -BeNullOrEmpty
            $context.WorkspaceName | Should -BeNullOrEmpty
        }
        else {
            $context.FactoryName | Should -Be $emulator.FactoryName
            $context.ResourceManagerEndpoint | Should -Be $emulator.Endpoint
            $context.WorkspaceName | Should -BeNullOrEmpty
        }
    }

    It 'starts a run with typed parameters, sent as JSON numbers and strings' {
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 10 }
        $run.Status | Should -BeIn 'Queued', 'InProgress', 'Succeeded'
        $run.Parameters['BatchSize'] | Should -Be '10'
        $request = (Get-CreateRunRequest $emulator)[0]
        $createRun = if ($Mode -eq 'Fabric') { "/items/$($run.PipelineId)/jobs/instances" } else { '/pipelines/CopySales/createRun' }
        $request.Path | Should -Be (Get-ExpectedPath $Mode $emulator $createRun)
        (ConvertFrom-QueryString $request.Query).'api-version' | Should -Be $ApiVersion
        $request.StatusCode | Should -Be $CreateRunStatus
        $request.Body | Should -Match '"BatchSize":\s*10[,}]'
        $request.Body | Should -Match '"Day":\s*"2026-11-25"'
        if ($Mode -eq 'Synapse') {
            $run.WorkspaceName | Should -Be $emulator.WorkspaceName
            $run.FactoryName | Should -BeNullOrEmpty
        }
        elseif ($Mode -eq 'Fabric') {
            $run.FabricWorkspace | Should -Be 'Sales'
            $run.FactoryName | Should -BeNullOrEmpty
        }
        else {
            $run.WorkspaceName | Should -BeNullOrEmpty
            $run.FactoryName | Should -Be $emulator.FactoryName
        }
    }

    It 'waits for the run to succeed' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Succeeded'
        $run.IsTerminal | Should -BeTrue
        $run.RunEnd | Should -Not -BeNullOrEmpty
        # The wait polls with run queries, never one GET per run (Fabric has no run query: one job is read by its id,
        # many by their pipeline's job list, see FabricEngines.Tests.ps1).
        if ($Mode -eq 'Fabric') { @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun, QueryRuns).Count | Should -BeGreaterThan 0 }
        else { @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns).Count | Should -BeGreaterThan 0 }
    }

    It 'chains Get-AdfPipeline | Start-AdfPipelineRun | Wait-AdfPipelineRun | Get-AdfActivityRun by property name' {
        $activities = @(Get-AdfPipeline Hello | Start-AdfPipelineRun | Wait-AdfPipelineRun -PollingInterval $Fast | Get-AdfActivityRun)
        $activities.ActivityName | Should -Be @('SayHello')
        $activities[0].Status | Should -Be 'Succeeded'
        if ($Mode -eq 'Synapse') { $activities[0].WorkspaceName | Should -Be $emulator.WorkspaceName }
        elseif ($Mode -eq 'Fabric') { $activities[0].FabricWorkspace | Should -Be 'Sales' }
        else { $activities[0].FactoryName | Should -Be $emulator.FactoryName }
    }

    It 'shows the failing activity''s error among the activity runs' {
        $failed = New-FailedRun
        $failed.Status | Should -Be 'Failed'
        $activities = @($failed | Get-AdfActivityRun)
        $activities.ActivityName | Should -Contain 'ExtractSales'
        $broken = @($failed | Get-AdfActivityRun -Status Failed)
        $broken.ActivityName | Should -Be 'TransformSales'
        $broken[0].Error.ErrorCode | Should -Be '3204'
        $broken[0].Error.Message | Should -Be 'bad night'
        $broken[0].WorkspaceName | Should -Be $failed.WorkspaceName
        $request = (Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryActivityRuns)[0]
        $expected = switch ($Mode) {
            'Synapse' { "/pipelines/CopySales/pipelineruns/$($failed.RunId)/queryActivityruns" }
            'Fabric' { Get-ExpectedPath $Mode $emulator "/datapipelines/pipelineruns/$($failed.RunId)/queryactivityruns" }
            default { Get-ExpectedPath $Mode $emulator "/pipelineruns/$($failed.RunId)/queryActivityruns" }
        }
        $request.Path | Should -Be $expected
    }

    It 'gets activity runs by run id alone, reading the run first for its pipeline and window' {
        $failed = New-FailedRun
        $broken = @(Get-AdfActivityRun -RunId $failed.RunId -Status Failed)
        $broken.ActivityName | Should -Be 'TransformSales'
    }

    It 'reruns from an activity, in the same run group' {
        if ($Mode -eq 'Fabric') { Set-ItResult -Skipped -Because "Fabric's job API has no reruns (FabricEngines.Tests.ps1 checks they are refused before sending)" }
        $failed = New-FailedRun
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $rerun = $failed | Restart-AdfPipelineRun -FromActivity LoadWarehouse -Wait -PollingInterval $Fast
        $rerun.Status | Should -Be 'Succeeded'
        $rerun.RunGroupId | Should -Be $failed.RunGroupId
        $rerun.IsRecovery | Should -BeTrue
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.referencePipelineRunId | Should -Be $failed.RunId
        $query.isRecovery | Should -Be 'true'
        $query.startActivityName | Should -Be 'LoadWarehouse'
        ($rerun | Get-AdfActivityRun).ActivityName | Should -Be @('LoadWarehouse')
    }

    It 'reruns from the failure and skips what succeeded' {
        if ($Mode -eq 'Fabric') { Set-ItResult -Skipped -Because "Fabric's job API has no reruns (FabricEngines.Tests.ps1 checks they are refused before sending)" }
        $failed = New-FailedRun
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $rerun = $failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast
        $rerun.Status | Should -Be 'Succeeded'
        $rerun.RunGroupId | Should -Be $failed.RunGroupId
        $activities = ($rerun | Get-AdfActivityRun).ActivityName
        $activities | Should -Not -Contain 'ExtractSales'
        $activities | Should -Contain 'TransformSales'
        $activities | Should -Contain 'LoadWarehouse'
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[0].Query
        $query.isRecovery | Should -Be 'true'
        if ($Mode -eq 'Synapse') {
            # Synapse's createRun has no startFromFailure: the one failed activity becomes the start activity.
            $query.ContainsKey('startFromFailure') | Should -BeFalse
            $query.startActivityName | Should -Be 'TransformSales'
        }
        else {
            $query.startFromFailure | Should -Be 'true'
        }
    }

    It 'walks the run tree across Execute Pipeline to the root cause' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName NightlyChild -ActivityName SecondWait -ErrorCode 2200 -Message 'Table dbo.Sales is locked'
        $parent = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $parent.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        (@($parent | Get-AdfActivityRun -Recurse)).Path | Should -Be @('NightlyParent/RunChild', 'NightlyParent/RunChild/NightlyChild/FirstWait', 'NightlyParent/RunChild/NightlyChild/SecondWait')
        # One query per pipeline run in the tree, in a workspace too: the child's pipeline comes from the output of
        # the ExecutePipeline activity that started it, so no run is read just to name its pipeline.
        @(Get-AdfEmulatorRequest -Emulator $emulator).Operation | Should -Be @('QueryActivityRuns', 'QueryActivityRuns')
        $causes = @($parent | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be 'NightlyParent/RunChild/NightlyChild/SecondWait'
        $causes[0].Error.ErrorCode | Should -Be '2200'
        $causes[0].WorkspaceName | Should -Be $parent.WorkspaceName
    }

    It 'cancels a parent and, with -Recursive, the child pipeline it started' {
        if ($Mode -eq 'Fabric') { Set-ItResult -Skipped -Because "Fabric's cancel has no recursive flag (FabricEngines.Tests.ps1 cancels a job)" }
        $slow = Start-ModeEmulator $Mode ([TimeSpan]::FromSeconds(2))
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
            $stopped = $parent | Stop-AdfPipelineRun -Recursive -Wait -PassThru -PollingInterval $Fast
            $stopped.Status | Should -Be 'Cancelled'
            (Get-AdfPipelineRun -RunId $child.RunId | Wait-AdfPipelineRun -PollingInterval $Fast -Timeout 00:00:05).Status | Should -Be 'Cancelled'
            $cancel = (Get-AdfEmulatorRequest -Emulator $slow -Operation Cancel)[-1]
            $cancel.Path | Should -Be (Get-ExpectedPath $Mode $slow "/pipelineruns/$($parent.RunId)/cancel")
            (ConvertFrom-QueryString $cancel.Query).isRecursive | Should -Be 'true'
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }

    It 'pages through run queries with the continuation token' {
        if ($Mode -eq 'Fabric') { Set-ItResult -Skipped -Because "Fabric has no run query, and the emulator answers an item's job list in one page" }
        $started = 1..105 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 16
        $started | Should -HaveCount 105
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $found = @(Get-AdfPipelineRun -PipelineName Hello)
        $found.Count | Should -BeGreaterOrEqual 105
        ($found.RunId | Sort-Object -Unique).Count | Should -Be $found.Count
        $queries = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns)
        $queries.Count | Should -BeGreaterThan 1
        $queries[0].Path | Should -Be (Get-ExpectedPath $Mode $emulator '/queryPipelineRuns')
        ($queries[1].Body | ConvertFrom-Json).continuationToken | Should -Not -BeNullOrEmpty
        $started.RunId | Should -BeIn $found.RunId
    }

    It 'completes pipeline names, and a run''s activity names, from the service' {
        function Complete([string] $line) { @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText) }
        Complete 'Start-AdfPipelineRun -PipelineName CopyS' | Should -Be @('CopySales')
        $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25' }
        # Fabric has no rerun from an activity, so nothing to complete there.
        if ($Mode -ne 'Fabric') { Complete "Restart-AdfPipelineRun -RunId $($run.RunId) -FromActivity " | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales') }
        if ($Mode -eq 'Synapse') { Complete "Get-AdfPipelineRun -WorkspaceName " | Should -Be @($emulator.WorkspaceName) }
    }

    It 'reports service errors by their code, with the input as target, and goes on' {
        $missing = [guid]::NewGuid().ToString()
        $known = Start-AdfPipelineRun Hello
        $errors = $null
        $got = @($missing, $known.RunId | Get-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue)
        $got.RunId | Should -Be $known.RunId
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$RunNotFound,*"
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errors[0].TargetObject | Should -Be $missing

        $errors = $null
        Start-AdfPipelineRun NoSuchPipeline -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
        $errors[0].Exception.Message | Should -Match 'NoSuchPipeline'
        @(Get-CreateRunRequest $emulator | Where-Object Path -Like '*NoSuchPipeline*').Count | Should -Be 0
    }
}
