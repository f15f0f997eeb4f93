# Issue 16: Start-AdfEmulator -Synapse, the emulator side (the cmdlets' side is in Engines.Tests.ps1).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Synapse emulator (issue 16)' {
    BeforeAll {
        $synapse = Start-AdfEmulator -Synapse -WorkspaceName salesws -ActivityDuration 0.1
        $synapseToken = [pscredential]::new('token', $synapse.AccessToken).GetNetworkCredential().Password
        function Invoke-Synapse([string] $Method = 'Get', [string] $Path, [string] $Body) {
            $arguments = @{ Method = $Method; Uri = "$($synapse.WorkspaceEndpoint)$($Path)?api-version=2020-12-01"; Headers = @{ Authorization = "Bearer $synapseToken" }; SkipHttpErrorCheck = $true }
            if ($Body) { $arguments.Body = $Body; $arguments.ContentType = 'application/json' }
            Invoke-WebRequest @arguments
        }
    }
    AfterAll { $synapse | Stop-AdfEmulator }

    It 'Issue 16 Start-AdfEmulator -Synapse writes WorkspaceName and WorkspaceEndpoint, and no factory coordinates' {
        $synapse.WorkspaceName | Should -Be 'salesws'
        $synapse.WorkspaceEndpoint | Should -Be $synapse.Endpoint
        foreach ($name in 'SubscriptionId', 'ResourceGroupName', 'FactoryName', 'ResourceManagerEndpoint') { $synapse.$name | Should -BeNullOrEmpty -Because $name }
        foreach ($name in 'WorkspaceName', 'WorkspaceEndpoint') { $emulator.$name | Should -BeNullOrEmpty -Because $name }
        $emulator.FactoryName | Should -Not -BeNullOrEmpty
        $defaulted = Start-AdfEmulator -Synapse
        try { $defaulted.WorkspaceName | Should -Be 'emulatorws' } finally { $defaulted | Stop-AdfEmulator }
    }

    It 'Issue 16 -WorkspaceName belongs to -Synapse and -FactoryName to a factory' {
        { Start-AdfEmulator -Synapse -FactoryName f } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        { Start-AdfEmulator -WorkspaceName w -FactoryName f } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'Issue 16 behaviours, faults and the request log work on a workspace, with the factory''s operation names' {
        Get-AdfEmulatorRequest -Emulator $synapse -Clear
        Set-AdfEmulatorBehavior -Emulator $synapse -PipelineName CopySales -ActivityName TransformSales -Times 1
        Set-AdfEmulatorFault -Emulator $synapse -Operation CreateRun -StatusCode 503 -RetryAfter 3
        $refused = Invoke-Synapse -Method Post -Path 'pipelines/CopySales/createRun' -Body '{"Day":"2024-05-01"}'
        $refused.StatusCode | Should -Be 503
        ($refused.Content | ConvertFrom-Json).code | Should -Be 'ServiceUnavailable'
        $created = Invoke-Synapse -Method Post -Path 'pipelines/CopySales/createRun' -Body '{"Day":"2024-05-01"}'
        $created.StatusCode | Should -Be 202
        $runId = ($created.Content | ConvertFrom-Json).runId
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        do { Start-Sleep -Milliseconds 100; $run = (Invoke-Synapse -Path "pipelineruns/$runId").Content | ConvertFrom-Json } until ($run.status -in 'Succeeded', 'Failed' -or [DateTime]::UtcNow -gt $deadline)
        $run.status | Should -Be 'Failed'
        $run.id | Should -BeLike '*/PROVIDERS/MICROSOFT.SYNAPSE/WORKSPACES/SALESWS/pipelineruns/*'
        $activities = (Invoke-Synapse -Method Post -Path "pipelines/CopySales/pipelineruns/$runId/queryActivityruns" -Body '{"lastUpdatedAfter":"2000-01-01T00:00:00Z","lastUpdatedBefore":"2100-01-01T00:00:00Z"}').Content | ConvertFrom-Json
        ($activities.value | Where-Object status -eq 'Failed').activityName | Should -Be 'TransformSales'
        $requests = Get-AdfEmulatorRequest -Emulator $synapse
        @($requests | Where-Object Operation -eq 'CreateRun').StatusCode | Should -Be 503, 202
        @($requests | Where-Object Operation -eq 'QueryActivityRuns').Target | Should -Be $runId
        @($requests | Where-Object Operation -eq 'GetRun').Count | Should -BeGreaterThan 0
    }

    It 'Issue 16 the emulator table names the workspace and fits 80 columns' {
        $table = $synapse | Format-Table | Out-String -Width 80
        $table | Should -Match 'salesws \(Synapse\)'
        $table -split "`r?`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}
