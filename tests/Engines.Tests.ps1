# The same scenarios, written once, against the emulator as a data factory (ARM) and as a Synapse workspace (its
# data plane): the cmdlets must behave the same; only the wire differs (paths, api-version, 200 vs 202, error bodies).
BeforeDiscovery {
    $modes = @(
        @{ Mode = 'Factory'; ApiVersion = '2018-06-01'; CreateRunStatus = 200 }
        @{ Mode = 'Synapse'; ApiVersion = '2020-12-01'; CreateRunStatus = 202 }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    function Start-ModeEmulator([string] $Mode, [TimeSpan] $ActivityDuration = [TimeSpan]::FromMilliseconds(100)) {
        if ($Mode -eq 'Synapse') { Start-AdfEmulator -Synapse -ActivityDuration $ActivityDuration }
        else { Start-AdfEmulator -ActivityDuration $ActivityDuration }
    }

    # The path a request for this pipeline-relative path takes: under the factory's ARM id, or at the workspace's root.
    function Get-ExpectedPath([string] $Mode, $Emulator, [string] $Relative) {
        if ($Mode -eq 'Synapse') { return $Relative }
        "/subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)$Relative"
    }
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
        $request.Path | Should -Be (Get-ExpectedPath $Mode $emulator '/pipelines/CopySales/createRun')
        (ConvertFrom-QueryString $request.Query).'api-version' | Should -Be $ApiVersion
        $request.StatusCode | Should -Be $CreateRunStatus
        $request.Body | Should -Match '"BatchSize":\s*10[,}]'
        $request.Body | Should -Match '"Day":\s*"2026-11-25"'
        if ($Mode -eq 'Synapse') {
            $run.WorkspaceName | Should -Be $emulator.WorkspaceName
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
        # The wait polls with run queries, never one GET per run.
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation QueryRuns).Count | Should -BeGreaterThan 0
    }

    It 'chains Get-AdfPipeline | Start-AdfPipelineRun | Wait-AdfPipelineRun | Get-AdfActivityRun by property name' {
        $activities = @(Get-AdfPipeline Hello | Start-AdfPipelineRun | Wait-AdfPipelineRun -PollingInterval $Fast | Get-AdfActivityRun)
        $activities.ActivityName | Should -Be @('SayHello')
        $activities[0].Status | Should -Be 'Succeeded'
        if ($Mode -eq 'Synapse') { $activities[0].WorkspaceName | Should -Be $emulator.WorkspaceName }
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
        $expected = if ($Mode -eq 'Synapse') { "/pipelines/CopySales/pipelineruns/$($failed.RunId)/queryActivityruns" } else { Get-ExpectedPath $Mode $emulator "/pipelineruns/$($failed.RunId)/queryActivityruns" }
        $request.Path | Should -Be $expected
    }

    It 'gets activity runs by run id alone, reading the run first for its pipeline and window' {
        $failed = New-FailedRun
        $broken = @(Get-AdfActivityRun -RunId $failed.RunId -Status Failed)
        $broken.ActivityName | Should -Be 'TransformSales'
    }

    It 'reruns from an activity, in the same run group' {
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
        Complete "Restart-AdfPipelineRun -RunId $($run.RunId) -FromActivity " | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
        if ($Mode -eq 'Synapse') { Complete "Get-AdfPipelineRun -WorkspaceName " | Should -Be @($emulator.WorkspaceName) }
    }

    It 'reports service errors by their code, with the input as target, and goes on' {
        $missing = [guid]::NewGuid().ToString()
        $known = Start-AdfPipelineRun Hello
        $errors = $null
        $got = @($missing, $known.RunId | Get-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue)
        $got.RunId | Should -Be $known.RunId
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineRunNotFound,*'
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

Describe 'Connect-AdfAccount with an emulator object' {
    BeforeAll {
        $factoryEmulator = Start-AdfEmulator -ActivityDuration 00:00:00.1
        $synapseEmulator = Start-AdfEmulator -Synapse -WorkspaceName contoso-ws -ActivityDuration 00:00:00.1
    }

    AfterAll {
        $factoryEmulator, $synapseEmulator | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    It 'binds a factory emulator (null WorkspaceName/WorkspaceEndpoint) to the factory exactly as before' {
        $factoryEmulator.WorkspaceName | Should -BeNullOrEmpty
        $context = $factoryEmulator | Connect-AdfAccount
        $context.AccountType | Should -Be 'AccessToken'
        $context.ResourceManagerEndpoint | Should -Be $factoryEmulator.Endpoint
        $context.SubscriptionId | Should -Be $factoryEmulator.SubscriptionId
        $context.ResourceGroupName | Should -Be $factoryEmulator.ResourceGroupName
        $context.FactoryName | Should -Be $factoryEmulator.FactoryName
        $context.WorkspaceName | Should -BeNullOrEmpty
        $context.WorkspaceEndpoint | Should -BeNullOrEmpty
        (Start-AdfPipelineRun Hello).FactoryName | Should -Be $factoryEmulator.FactoryName
    }

    It 'binds a Synapse emulator (null factory coordinates) to its workspace' {
        $context = $synapseEmulator | Connect-AdfAccount
        $context.AccountType | Should -Be 'AccessToken'
        $context.WorkspaceName | Should -Be 'contoso-ws'
        $context.WorkspaceEndpoint | Should -Be $synapseEmulator.WorkspaceEndpoint
        $context.FactoryName | Should -BeNullOrEmpty
        $context.SynapseTokenScope | Should -Be 'https://dev.azuresynapse.net/.default'
        (Start-AdfPipelineRun Hello).WorkspaceName | Should -Be 'contoso-ws'
    }

    It 'takes -WorkspaceName with -Environment: the workspace''s host and token scope per cloud, without network' -ForEach @(
        @{ Environment = 'AzureCloud'; HostName = 'contoso-ws.dev.azuresynapse.net'; Scope = 'https://dev.azuresynapse.net/.default' }
        @{ Environment = 'AzureUSGovernment'; HostName = 'contoso-ws.dev.azuresynapse.usgovcloudapi.net'; Scope = 'https://dev.azuresynapse.usgovcloudapi.net/.default' }
        @{ Environment = 'AzureChinaCloud'; HostName = 'contoso-ws.dev.azuresynapse.azure.cn'; Scope = 'https://dev.azuresynapse.azure.cn/.default' }
    ) {
        $context = Connect-AdfAccount -AccessToken $synapseEmulator.AccessToken -WorkspaceName contoso-ws -Environment $Environment
        $context.WorkspaceEndpoint.Host | Should -Be $HostName
        $context.WorkspaceEndpoint.Scheme | Should -Be 'https'
        $context.SynapseTokenScope | Should -Be $Scope
    }

    It 'takes the workspace from its development endpoint URL, without network' {
        $context = Connect-AdfAccount -AccessToken $synapseEmulator.AccessToken -WorkspaceEndpoint 'https://contoso-ws.dev.azuresynapse.net'
        $context.WorkspaceName | Should -Be 'contoso-ws'
        $context.WorkspaceEndpoint | Should -Be 'https://contoso-ws.dev.azuresynapse.net/'
    }

    It 'refuses plain http to a workspace endpoint that is not loopback' {
        { Connect-AdfAccount -AccessToken $synapseEmulator.AccessToken -WorkspaceName contoso-ws -WorkspaceEndpoint 'http://contoso-ws.example.com/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureWorkspaceEndpoint,AdfRuns.Commands.ConnectAdfAccountCommand'
    }

    It 'refuses a workspace name that could not be a host name label' {
        { Connect-AdfAccount -AccessToken $synapseEmulator.AccessToken -WorkspaceName 'evil.example.com/x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidWorkspaceName,AdfRuns.Commands.ConnectAdfAccountCommand'
    }

    It 'signs in with a managed identity for the Synapse resource' {
        try {
            $env:IDENTITY_ENDPOINT = $synapseEmulator.IdentityEndpoint.ToString()
            $env:IDENTITY_HEADER = $synapseEmulator.IdentityHeader
            Get-AdfEmulatorRequest -Emulator $synapseEmulator -Clear
            $context = Connect-AdfAccount -Identity -ClientId ([guid]::NewGuid().ToString()) -WorkspaceName contoso-ws -WorkspaceEndpoint $synapseEmulator.WorkspaceEndpoint
            $context.AccountType | Should -Be 'ManagedIdentity'
            (Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast).Status | Should -Be 'Succeeded'
            $token = @(Get-AdfEmulatorRequest -Emulator $synapseEmulator -Operation Token)
            $token.Count | Should -Be 1
            (ConvertFrom-QueryString $token[0].Query).resource | Should -Be 'https://dev.azuresynapse.net'
        }
        finally {
            Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
        }
    }

    It 'sends each piped input to its own service: a factory run to ARM, a workspace run to the workspace' {
        $factoryEmulator | Connect-AdfAccount | Out-Null
        $factoryRun = Start-AdfPipelineRun Hello
        $synapseEmulator | Connect-AdfAccount | Out-Null
        $workspaceRun = Start-AdfPipelineRun Hello
        # #16 S2 one connection for both: the factory emulator as ARM (and its token, which every emulator in the
        # process accepts, as one sign-in reaches both services in Azure), the Synapse emulator as the workspace endpoint.
        $factoryEmulator | Connect-AdfAccount -WorkspaceEndpoint $synapseEmulator.WorkspaceEndpoint | Out-Null
        Get-AdfEmulatorRequest -Emulator $factoryEmulator -Clear
        Get-AdfEmulatorRequest -Emulator $synapseEmulator -Clear

        $refreshed = @($factoryRun, $workspaceRun | Get-AdfPipelineRun)

        $refreshed.RunId | Should -Be @($factoryRun.RunId, $workspaceRun.RunId)
        $refreshed.WorkspaceName | Should -Be @($null, 'contoso-ws')
        @(Get-AdfEmulatorRequest -Emulator $factoryEmulator -Operation GetRun).Path | Should -Be @((Get-ExpectedPath 'Factory' $factoryEmulator "/pipelineruns/$($factoryRun.RunId)"))
        @(Get-AdfEmulatorRequest -Emulator $synapseEmulator -Operation GetRun).Path | Should -Be @("/pipelineruns/$($workspaceRun.RunId)")
        @(Get-AdfEmulatorRequest -Emulator $synapseEmulator -Operation GetRun)[0].StatusCode | Should -Be 200
    }

    It '#16 S1 a Synapse emulator''s connection keeps factory requests on loopback (no public Resource Manager)' {
        $context = $synapseEmulator | Connect-AdfAccount
        $context.ResourceManagerEndpoint.IsLoopback | Should -BeTrue
        $context.Environment | Should -Be 'Emulator'
        $errors = $null
        $null = Get-AdfPipelineRun -RunId ([guid]::NewGuid()) -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName rg -FactoryName adf -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        # The factory request reached the Synapse emulator (which serves no factory), nothing else.
        @(Get-AdfEmulatorRequest -Emulator $synapseEmulator | Where-Object Path -Like '/subscriptions/*').Count | Should -BeGreaterThan 0
    }

    It '#16 S3 on a loopback connection, a workspace run with no endpoint is refused before sending, naming the input' {
        $synapseEmulator | Connect-AdfAccount | Out-Null
        $workspaceRun = Start-AdfPipelineRun Hello
        $factoryEmulator | Connect-AdfAccount | Out-Null
        $factoryRun = Start-AdfPipelineRun Hello
        Get-AdfEmulatorRequest -Emulator $synapseEmulator -Clear
        $errors = $null
        $refreshed = @($workspaceRun, $factoryRun | Get-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $refreshed.RunId | Should -Be $factoryRun.RunId
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoWorkspaceEndpoint*'
        $errors[0].TargetObject | Should -Be $workspaceRun.RunId
        $errors[0].ErrorDetails.Message + $errors[0].Exception.Message | Should -Match 'WorkspaceEndpoint'
        @(Get-AdfEmulatorRequest -Emulator $synapseEmulator).Count | Should -Be 0
        $line = 'Get-AdfPipelineRun -WorkspaceName contoso-ws -PipelineName '
        $completions = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completions.CompletionMatches | Should -BeNullOrEmpty
    }

    It '#16 S4 Connect-AdfAccount refuses a default workspace and a default factory together (AmbiguousTarget)' {
        { Connect-AdfAccount -AccessToken $factoryEmulator.AccessToken -ResourceManagerEndpoint $factoryEmulator.Endpoint -FactoryName adf -WorkspaceName contoso-ws -WorkspaceEndpoint $synapseEmulator.WorkspaceEndpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousTarget*'
    }

    It 'refuses a workspace and a factory named together (AmbiguousTarget)' {
        $factoryEmulator | Connect-AdfAccount | Out-Null
        { Get-AdfPipelineRun -RunId ([guid]::NewGuid()) -WorkspaceName contoso-ws -FactoryName $factoryEmulator.FactoryName -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousTarget,*'
    }
}

Describe 'Restart-AdfPipelineRun -FromFailure in a Synapse workspace (no startFromFailure: rerun from the one failed activity)' {
    BeforeAll {
        # Two branches that do not depend on each other, so a run can fail in one or in both.
        $folder = Join-Path $TestDrive 'pipeline'
        New-Item -ItemType Directory -Path $folder | Out-Null
        @{
            name       = 'TwoBranches'
            properties = @{
                activities = @(
                    @{ name = 'LoadEU'; type = 'Wait'; dependsOn = @(); typeProperties = @{ waitTimeInSeconds = 1 } }
                    @{ name = 'LoadUS'; type = 'Wait'; dependsOn = @(); typeProperties = @{ waitTimeInSeconds = 1 } }
                    @{ name = 'Publish'; type = 'Wait'; dependsOn = @(@{ activity = 'LoadEU'; dependencyConditions = @('Succeeded') }, @{ activity = 'LoadUS'; dependencyConditions = @('Succeeded') }); typeProperties = @{ waitTimeInSeconds = 1 } }
                )
            }
        } | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'TwoBranches.json')
        $workspace = Start-AdfEmulator -Synapse -PipelinePath $folder -ActivityDuration 00:00:00.05
        $workspace | Connect-AdfAccount | Out-Null
    }

    AfterAll {
        $workspace | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    BeforeEach {
        Set-AdfEmulatorBehavior -Emulator $workspace -Reset
    }

    It 'reruns from the failed branch alone when only one failed' {
        Set-AdfEmulatorBehavior -Emulator $workspace -PipelineName TwoBranches -ActivityName LoadUS -Times 1
        $failed = Start-AdfPipelineRun TwoBranches -Wait -PollingInterval $Fast
        $failed.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $workspace -Clear
        $rerun = $failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast
        $rerun.Status | Should -Be 'Succeeded'
        (ConvertFrom-QueryString (Get-CreateRunRequest $workspace)[0].Query).startActivityName | Should -Be 'LoadUS'
        ($rerun | Get-AdfActivityRun).ActivityName | Should -Not -Contain 'LoadEU'
    }

    It 'refuses, naming the failed activities and sending nothing, when the run failed in several places' {
        Set-AdfEmulatorBehavior -Emulator $workspace -PipelineName TwoBranches -ActivityName LoadEU -Times 1
        Set-AdfEmulatorBehavior -Emulator $workspace -PipelineName TwoBranches -ActivityName LoadUS -Times 1
        $failed = Start-AdfPipelineRun TwoBranches -Wait -PollingInterval $Fast
        $failed.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $workspace -Clear
        $errors = $null
        $failed | Restart-AdfPipelineRun -FromFailure -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'SeveralFailureOrigins,*'
        $errors[0].Exception.Message | Should -Match "'LoadEU', 'LoadUS'"
        $errors[0].TargetObject.RunId | Should -Be $failed.RunId
        @(Get-CreateRunRequest $workspace).Count | Should -Be 0
    }
}
