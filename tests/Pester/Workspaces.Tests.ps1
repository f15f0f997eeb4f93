# Issue 16: connecting to a Synapse workspace or to both services (emulator objects, clouds, endpoints, mixed
# inputs), and Restart-AdfPipelineRun -FromFailure in a workspace. The scenarios shared by both modes are in
# Engines.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
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

    It 'a Synapse emulator''s connection keeps factory requests on loopback (no public Resource Manager) (#16 S1)' {
        $context = $synapseEmulator | Connect-AdfAccount
        $context.ResourceManagerEndpoint.IsLoopback | Should -BeTrue
        $context.Environment | Should -Be 'Emulator'
        $errors = $null
        $null = Get-AdfPipelineRun -RunId ([guid]::NewGuid()) -SubscriptionId 00000000-0000-0000-0000-000000000000 -ResourceGroupName rg -FactoryName adf -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        # The factory request reached the Synapse emulator (which serves no factory), nothing else.
        @(Get-AdfEmulatorRequest -Emulator $synapseEmulator | Where-Object Path -Like '/subscriptions/*').Count | Should -BeGreaterThan 0
    }

    It 'on a loopback connection, a workspace run with no endpoint is refused before sending, naming the input (#16 S3)' {
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

    It 'Connect-AdfAccount refuses a default workspace and a default factory together (AmbiguousTarget) (#16 S4)' {
        { Connect-AdfAccount -AccessToken $factoryEmulator.AccessToken -ResourceManagerEndpoint $factoryEmulator.Endpoint -FactoryName adf -WorkspaceName contoso-ws -WorkspaceEndpoint $synapseEmulator.WorkspaceEndpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousTarget*'
    }

    It 'names the workspace as the error target when a run query or a pipeline listing in a workspace fails (issue 21)' {
        $factoryEmulator | Connect-AdfAccount | Out-Null
        $queryErrors = $listErrors = $null
        $null = Get-AdfPipelineRun -WorkspaceName contoso-ws -ErrorVariable queryErrors -ErrorAction SilentlyContinue
        $null = Get-AdfPipeline -WorkspaceName contoso-ws -ErrorVariable listErrors -ErrorAction SilentlyContinue
        $queryErrors | Should -HaveCount 1
        $listErrors | Should -HaveCount 1
        $queryErrors[0].FullyQualifiedErrorId | Should -BeLike 'NoWorkspaceEndpoint*'
        $queryErrors[0].TargetObject | Should -Be 'contoso-ws'
        $listErrors[0].TargetObject | Should -Be 'contoso-ws'
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
