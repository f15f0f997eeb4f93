# Start-AdfEmulator -Fabric, the emulator side: Fabric's REST v1 routes and shapes over the shared simulation.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Fabric emulator' {
    BeforeAll {
        $fabric = Start-AdfEmulator -Fabric -FabricWorkspace Sales -ActivityDuration 0.1
        $fabricToken = [pscredential]::new('token', $fabric.AccessToken).GetNetworkCredential().Password
        $workspace = "$($fabric.FabricEndpoint)v1/workspaces/$($fabric.FabricWorkspaceId)"
        function Invoke-Fabric([string] $Method = 'Get', [string] $Uri, [string] $Body) {
            $arguments = @{ Method = $Method; Uri = $Uri; Headers = @{ Authorization = "Bearer $fabricToken" }; SkipHttpErrorCheck = $true }
            if ($Body) { $arguments.Body = $Body; $arguments.ContentType = 'application/json' }
            Invoke-WebRequest @arguments
        }
        function Get-ItemId([string] $Pipeline) {
            ((Invoke-Fabric -Uri "$workspace/items").Content | ConvertFrom-Json).value | Where-Object displayName -eq $Pipeline | ForEach-Object id
        }
    }
    AfterAll { $fabric | Stop-AdfEmulator }

    It 'Start-AdfEmulator -Fabric writes FabricWorkspace, FabricWorkspaceId and FabricEndpoint, and no factory coordinates' {
        $fabric.FabricWorkspace | Should -Be 'Sales'
        [guid]::Parse($fabric.FabricWorkspaceId) | Should -Not -BeNullOrEmpty
        $fabric.FabricEndpoint | Should -Be $fabric.Endpoint
        foreach ($name in 'SubscriptionId', 'ResourceGroupName', 'FactoryName', 'ResourceManagerEndpoint', 'WorkspaceName', 'WorkspaceEndpoint') { $fabric.$name | Should -BeNullOrEmpty -Because $name }
        foreach ($name in 'FabricWorkspace', 'FabricWorkspaceId', 'FabricEndpoint') { $emulator.$name | Should -BeNullOrEmpty -Because $name }
        $again = Start-AdfEmulator -Fabric -FabricWorkspace Sales
        try { $again.FabricWorkspaceId | Should -Be $fabric.FabricWorkspaceId -Because 'ids derive from names' } finally { $again | Stop-AdfEmulator }
        ($fabric | Out-String) | Should -Match 'Sales \(Fabric\)'
    }

    It '-Fabric and -Synapse are different parameter sets' {
        { Start-AdfEmulator -Fabric -Synapse } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        { Start-AdfEmulator -Fabric -FactoryName f } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'a submit answers 202 with an empty body and the job only in Location; the log names the operations' {
        Get-AdfEmulatorRequest -Emulator $fabric -Clear
        $itemId = Get-ItemId Hello
        $submit = Invoke-Fabric -Method Post -Uri "$workspace/items/$itemId/jobs/instances?jobType=Pipeline"
        $submit.StatusCode | Should -Be 202
        $submit.Content.Length | Should -Be 0
        $location = [string]$submit.Headers.Location
        $location | Should -Match "/v1/workspaces/$($fabric.FabricWorkspaceId)/items/$itemId/jobs/instances/[0-9a-f-]{36}$"
        ((Invoke-Fabric -Uri $location).Content | ConvertFrom-Json).status | Should -BeIn 'NotStarted', 'InProgress', 'Completed'
        (Get-AdfEmulatorRequest -Emulator $fabric).Operation | Should -Be 'ListPipelines', 'CreateRun', 'GetRun'
        (Get-AdfEmulatorRequest -Emulator $fabric -Operation CreateRun).CreatedRunId | Should -Be ($location -split '/')[-1]
    }

    It 'Set-AdfEmulatorFault 429 answers Fabric''s RequestBlocked with Retry-After, and nothing starts' {
        $before = (Get-AdfEmulatorRequest -Emulator $fabric -Operation CreateRun).Count
        $runsBefore = @(Get-AdfEmulatorRequest -Emulator $fabric -Operation CreateRun | Where-Object CreatedRunId).Count
        Set-AdfEmulatorFault -Emulator $fabric -Operation CreateRun -StatusCode 429 -RetryAfter 5
        $blocked = Invoke-Fabric -Method Post -Uri "$workspace/items/$(Get-ItemId Hello)/jobs/instances?jobType=Pipeline"
        $blocked.StatusCode | Should -Be 429
        [string]$blocked.Headers['Retry-After'] | Should -Be '5'
        [string]$blocked.Headers['x-ms-public-api-error-code'] | Should -Be 'RequestBlocked'
        $body = $blocked.Content | ConvertFrom-Json
        $body.errorCode | Should -Be 'RequestBlocked'
        $body.message | Should -Match '^Request is blocked by the upstream service until: .+ \(UTC\)$'
        $body.isRetriable | Should -BeTrue
        (Get-AdfEmulatorRequest -Emulator $fabric -Operation CreateRun).Count | Should -Be ($before + 1)
        @(Get-AdfEmulatorRequest -Emulator $fabric -Operation CreateRun | Where-Object CreatedRunId).Count | Should -Be $runsBefore
    }

    It 'Set-AdfEmulatorBehavior fails an activity: the job says Failed without detail, the activity run has the error' {
        Set-AdfEmulatorBehavior -Emulator $fabric -PipelineName CopySales -ActivityName TransformSales -Outcome Failed -ErrorCode 2200 -Message 'Column missing'
        $itemId = Get-ItemId CopySales
        $location = [string](Invoke-Fabric -Method Post -Uri "$workspace/items/$itemId/jobs/instances?jobType=Pipeline" -Body '{"executionData":{"parameters":{"Day":"2024-05-01"}}}').Headers.Location
        $job = $null
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        do { Start-Sleep -Milliseconds 100; $job = (Invoke-Fabric -Uri $location).Content | ConvertFrom-Json } until ($job.status -eq 'Failed' -or [datetime]::UtcNow -gt $deadline)
        $job.status | Should -Be 'Failed'
        $job.failureReason.errorCode | Should -Be 'JobInstanceStatusFailed'
        $window = '{"lastUpdatedAfter":"2000-01-01T00:00:00Z","lastUpdatedBefore":"2100-01-01T00:00:00Z"}'
        $activities = ((Invoke-Fabric -Method Post -Uri "$workspace/datapipelines/pipelineruns/$($job.id)/queryactivityruns" -Body $window).Content | ConvertFrom-Json).value
        ($activities | Where-Object status -eq Failed).error.message | Should -Be 'Column missing'
        $activities.pipelineName | Sort-Object -Unique | Should -Be $itemId
    }
}
