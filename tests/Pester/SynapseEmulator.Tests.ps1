# Issue 16: Start-AdfEmulator -Synapse, the emulator side (the cmdlets' side is in Engines.Tests.ps1 and Workspaces.Tests.ps1).
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

    It 'Start-AdfEmulator -Synapse writes WorkspaceName and WorkspaceEndpoint, and no factory coordinates (issue 16)' {
        $synapse.WorkspaceName | Should -Be 'salesws'
        $synapse.WorkspaceEndpoint | Should -Be $synapse.Endpoint
        foreach ($name in 'SubscriptionId', 'ResourceGroupName', 'FactoryName', 'ResourceManagerEndpoint') { $synapse.$name | Should -BeNullOrEmpty -Because $name }
        foreach ($name in 'WorkspaceName', 'WorkspaceEndpoint') { $emulator.$name | Should -BeNullOrEmpty -Because $name }
        $emulator.FactoryName | Should -Not -BeNullOrEmpty
        $defaulted = Start-AdfEmulator -Synapse
        try { $defaulted.WorkspaceName | Should -Be 'emulatorws' } finally { $defaulted | Stop-AdfEmulator }
    }

    It '-WorkspaceName belongs to -Synapse and -FactoryName to a factory (issue 16)' {
        { Start-AdfEmulator -Synapse -FactoryName f } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
        { Start-AdfEmulator -WorkspaceName w -FactoryName f } | Should -Throw -ErrorId 'AmbiguousParameterSet*'
    }

    It 'behaviours, faults and the request log work on a workspace, with the factory''s operation names (issue 16)' {
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

    It 'the emulator table names the workspace and fits 80 columns (issue 16)' {
        $table = $synapse | Format-Table | Out-String -Width 80
        $table | Should -Match 'salesws \(Synapse\)'
        $table -split "`r?`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }
}

Describe 'Synapse rerun and start, as a new user sees them (#16)' {
    BeforeAll {
        $polish = Start-AdfEmulator -Synapse -WorkspaceName salesws -ActivityDuration 0.05
        $polish | Connect-AdfAccount | Out-Null
        Set-AdfEmulatorBehavior -Emulator $polish -PipelineName CopySales -ActivityName TransformSales -Times 1
        $failedInWorkspace = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2024-05-01' } -Wait -PollingInterval $Fast -ErrorAction SilentlyContinue
    }
    AfterAll { $polish | Stop-AdfEmulator; $emulator | Connect-AdfAccount | Out-Null }

    It '-FromFailure -WhatIf in a workspace names the activity the rerun starts from, and sends no createRun (#16 S10)' {
        $failedInWorkspace.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $polish -Clear
        # What if: goes to the host, so a child pwsh shows what the user reads.
        $pwsh = (Get-Process -Id $PID).Path
        if ((Split-Path $pwsh -Leaf) -notlike 'pwsh*') { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $token = [System.Net.NetworkCredential]::new('', $polish.AccessToken).Password
        $connect = "Import-Module '$ModulePath'; Connect-AdfAccount -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -WorkspaceName salesws -WorkspaceEndpoint '$($polish.WorkspaceEndpoint)' | Out-Null"
        $rerun = "Restart-AdfPipelineRun -RunId $($failedInWorkspace.RunId) -WorkspaceName salesws"
        $said = & $pwsh -NoProfile -NonInteractive -Command "$connect; $rerun -FromFailure -WhatIf; $rerun -FromActivity LoadWarehouse -WhatIf" 2>&1 | Out-String -Width 400
        $said | Should -Match ([regex]::Escape("Rerun from activity 'TransformSales' (the failed activity; a workspace has no startFromFailure)"))
        $said | Should -Match ([regex]::Escape("Rerun from activity 'LoadWarehouse'" + '"'))
        $said | Should -Match ([regex]::Escape("on target `"run $($failedInWorkspace.RunId) of pipeline 'CopySales' in workspace 'salesws'`""))
        Get-AdfEmulatorRequest -Emulator $polish -Operation CreateRun | Should -BeNullOrEmpty
    }

    It '-FromFailure in a workspace sends what its help says: GetRun, GetPipeline (unless read lately), QueryActivityRuns, CreateRun (#16 S14)' {
        $polish | Connect-AdfAccount | Out-Null   # a new connection: no definition read yet
        Get-AdfEmulatorRequest -Emulator $polish -Clear
        $rerun = $failedInWorkspace | Restart-AdfPipelineRun -FromFailure
        $rerun.IsRecovery | Should -BeTrue
        # Then one GetRun reads the new run back.
        @(Get-AdfEmulatorRequest -Emulator $polish).Operation | Should -Be 'GetRun', 'GetPipeline', 'QueryActivityRuns', 'CreateRun', 'GetRun'
        $help = Get-Content (Join-Path $RepositoryRoot 'docs/Restart-AdfPipelineRun.md') -Raw
        ($help -replace '\s+', ' ') | Should -Match 'one `queryActivityruns`, besides the GET of the run, and a GET of the pipeline''s definition unless this connection read it in the last ten minutes'
    }

    It 'Start-AdfPipelineRun -WhatIf in a workspace reads the definition and sends no createRun, as its help says (#16 S7)' {
        Get-AdfEmulatorRequest -Emulator $polish -Clear
        $polish | Connect-AdfAccount | Out-Null
        Invoke-WithoutHost { Start-AdfPipelineRun CopySales -Parameter @{ Day = '2024-05-02' } -WhatIf } | Should -BeNullOrEmpty
        $operations = @(Get-AdfEmulatorRequest -Emulator $polish).Operation
        $operations | Should -Contain 'GetPipeline'
        $operations | Should -Not -Contain 'CreateRun'
        foreach ($page in 'Start-AdfPipelineRun', 'Restart-AdfPipelineRun') {
            $help = (Get-Content (Join-Path $RepositoryRoot "docs/$page.md") -Raw) -replace '\s+', ' '
            $help | Should -Match "### -WhatIf [^#]*reads [^#]*definition[^#]*sends no createRun" -Because $page
        }
    }
}

Describe 'a workspace name the Synapse emulator does not serve' {
    BeforeAll {
        $salesws = Start-AdfEmulator -Synapse -WorkspaceName salesws -ActivityDuration 0.05
        $salesws | Connect-AdfAccount | Out-Null
    }

    AfterAll {
        $salesws | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    It 'a run for a workspace the Synapse emulator does not serve is refused, and no run is created in the one it serves (newcomer 3 row 4)' {
        $errors = $null
        $run = Start-AdfPipelineRun Hello -WorkspaceName nosuchws -ErrorVariable errors -ErrorAction SilentlyContinue
        $run | Should -BeNullOrEmpty
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoWorkspaceEndpoint,*'
        $errors[0].TargetObject | Should -Be 'Hello'
        "$($errors[0].ErrorDetails.Message) $($errors[0].Exception.Message)" | Should -Match "serves workspace 'salesws', not 'nosuchws'"
        @(Get-AdfEmulatorRequest -Emulator $salesws) | Should -BeNullOrEmpty -Because 'nothing is sent for a workspace the endpoint does not serve'
        @(Get-AdfPipelineRun -WorkspaceName salesws) | Should -BeNullOrEmpty
    }

    It 'a run id is read under the workspace that serves it only (newcomer 3 row 4)' {
        $run = Start-AdfPipelineRun Hello
        (Get-AdfPipelineRun -RunId $run.RunId -WorkspaceName salesws).WorkspaceName | Should -Be 'salesws'
        { Get-AdfPipelineRun -RunId $run.RunId -WorkspaceName nosuchws -ErrorAction Stop } | Should -Throw -ErrorId 'NoWorkspaceEndpoint,*'
    }
}
