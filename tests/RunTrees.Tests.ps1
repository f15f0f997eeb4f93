# Issue 15: why did it fail, all the way down. Get-AdfActivityRun -Recurse and -RootCause walk run trees across
# ExecutePipeline (and ForEach), at one queryActivityruns per pipeline run, counted with Get-AdfEmulatorRequest.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    # What a CI log or pwsh -File shows: the default view at 80 columns, without colour codes.
    function Show-At80 {
        param([Parameter(ValueFromPipeline)] $InputObject)
        begin { $items = [System.Collections.Generic.List[object]]::new() }
        process { $items.Add($InputObject) }
        end { @((($items | Format-Table | Out-String -Width 80) -replace '\x1b\[[0-9;]*m', '') -split "\r?\n") }
    }

    function Get-ActivityQuery {
        param($Target = $emulator)
        @(Get-AdfEmulatorRequest -Emulator $Target -Operation QueryActivityRuns)
    }

    # The run id of each queryActivityruns request, from its path.
    function Get-QueriedRunId {
        param($Target = $emulator)
        @(Get-ActivityQuery $Target | ForEach-Object { ($_.Path -split '/')[-2] })
    }

    Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName NightlyChild -ActivityName SecondWait -ErrorCode 2200 -Message 'Table dbo.Sales is locked by another load'
    $parent = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
    Set-AdfEmulatorBehavior -Emulator $emulator -Reset
    $child = Get-AdfPipelineRun -PipelineName NightlyChild | Where-Object ParentPipelineRunId -eq $parent.RunId
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe '#15 ParentPipelineRunId leads a child run back to its parent' {
    It 'a child run found by a query has its parent''s run id, from invokedBy' {
        $parent.Status | Should -Be 'Failed'
        $child | Should -HaveCount 1
        $child.ParentPipelineRunId | Should -Be $parent.RunId
        $child.InvokedBy.InvokedByType | Should -Be 'PipelineActivity'
        $parent.ParentPipelineRunId | Should -BeNullOrEmpty
    }
}

Describe '#15 Get-AdfActivityRun -Recurse' {
    BeforeAll {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $tree = @($parent | Get-AdfActivityRun -Recurse)
        $queries = Get-ActivityQuery
        $gets = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun)
    }

    It 'returns the parent''s activities and, right after the ExecutePipeline activity, its child run''s' {
        $tree.Path | Should -Be @('NightlyParent/RunChild', 'NightlyParent/RunChild/NightlyChild/FirstWait', 'NightlyParent/RunChild/NightlyChild/SecondWait')
        $tree.Depth | Should -Be @(0, 1, 1)
        $tree.PipelineRunId | Should -Be @($parent.RunId, $child.RunId, $child.RunId)
        $tree.RootPipelineRunId | Should -Be @($parent.RunId, $parent.RunId, $parent.RunId)
        $tree[0].ChildPipelineRunId | Should -Be $child.RunId
        $tree[1].ChildPipelineRunId | Should -BeNullOrEmpty
    }

    It 'sends one queryActivityruns per pipeline run of the tree, and no GET of the child run' {
        Get-QueriedRunId | Should -Be @($parent.RunId, $child.RunId)
        $gets | Should -BeNullOrEmpty
    }

    It 'queries the child run from the start of the activity that started it' {
        $window = $queries[1].Body | ConvertFrom-Json
        [DateTimeOffset]$window.lastUpdatedAfter | Should -BeLessThan $tree[0].ActivityRunStart
        [DateTimeOffset]$window.lastUpdatedBefore | Should -BeGreaterThan $child.RunEnd
    }

    It 'without -Recurse, only the given run''s activities, with Path and Depth 0' {
        $own = @($parent | Get-AdfActivityRun)
        $own.Path | Should -Be @('NightlyParent/RunChild')
        $own.Depth | Should -Be @(0)
        $own.RootPipelineRunId | Should -Be @($parent.RunId)
    }

    It '-Status selects from the whole tree' {
        (@($parent | Get-AdfActivityRun -Recurse -Status Succeeded)).Path | Should -Be @('NightlyParent/RunChild/NightlyChild/FirstWait')
    }
}

Describe '#15 Get-AdfActivityRun -RootCause' {
    It 'returns the child''s failed activity, with its error and path, not the ExecutePipeline activity that failed because of it' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $causes = @($parent | Get-AdfActivityRun -RootCause)
        $causes | Should -HaveCount 1
        $causes[0].Path | Should -Be 'NightlyParent/RunChild/NightlyChild/SecondWait'
        $causes[0].Error.ErrorCode | Should -Be '2200'
        $causes[0].Error.Message | Should -Be 'Table dbo.Sales is locked by another load'
        $causes[0].Depth | Should -Be 1
        Get-QueriedRunId | Should -Be @($parent.RunId, $child.RunId)
        # Only the failed activities are asked for.
        ((Get-ActivityQuery)[0].Body | ConvertFrom-Json).filters | Where-Object operand -eq Status | ForEach-Object values | Should -Be 'Failed'
    }

    It 'a run id alone reads the run once for its window, then one query per failed pipeline run' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        (@(Get-AdfActivityRun -RunId $parent.RunId -RootCause)).ActivityName | Should -Be 'SecondWait'
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation GetRun) | Should -HaveCount 1
        Get-ActivityQuery | Should -HaveCount 2
    }

    It 'a succeeded run has no root cause, and its succeeded child run is not read' {
        $ok = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $ok.Status | Should -Be 'Succeeded'
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        @($ok | Get-AdfActivityRun -RootCause) | Should -BeNullOrEmpty
        Get-QueriedRunId | Should -Be @($ok.RunId)
    }

    It 'the failed runs of a query, child run included, give each root cause once, with the parent''s path' {
        $causes = @(Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
    }

    It '-Recurse and -RootCause together are refused' {
        { $parent | Get-AdfActivityRun -Recurse -RootCause -ErrorAction Stop } | Should -Throw -ErrorId 'ConflictingTreeModes*'
    }
}

Describe '#15 a child run that cannot be read' {
    AfterEach { Set-AdfEmulatorFault -Emulator $emulator -Clear }

    It 'is an error naming it (code first, category, the input as target), and the rest of the tree is still written' {
        # The parent's query passes; the child's is refused.
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -Delay 0.001 -Count 1
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -StatusCode 404 -Count 1
        $tree = @($parent | Get-AdfActivityRun -Recurse -ErrorVariable treeErrors -ErrorAction SilentlyContinue)
        $tree.Path | Should -Be @('NightlyParent/RunChild')
        $treeErrors | Should -HaveCount 1
        $treeErrors[0].FullyQualifiedErrorId | Should -BeLike 'EmulatedFault,*'
        $treeErrors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $treeErrors[0].TargetObject.RunId | Should -Be $parent.RunId
        $treeErrors[0].ErrorDetails.Message | Should -BeLike "*child pipeline run $($child.RunId) (started by NightlyParent/RunChild)*"
    }

    It 'with -RootCause, the ExecutePipeline activity stands as the deepest failure known, beside the error' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -Delay 0.001 -Count 1
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -StatusCode 403 -Count 1
        $causes = @($parent | Get-AdfActivityRun -RootCause -ErrorVariable treeErrors -ErrorAction SilentlyContinue)
        $causes.Path | Should -Be @('NightlyParent/RunChild')
        $treeErrors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'one bad input never stops the others' {
        $causes = @('00000000-0000-0000-0000-000000000000', $parent.RunId | Get-AdfActivityRun -RootCause -ErrorVariable inputErrors -ErrorAction SilentlyContinue)
        $inputErrors | Should -HaveCount 1
        $inputErrors[0].TargetObject | Should -Be '00000000-0000-0000-0000-000000000000'
        $causes.ActivityName | Should -Be 'SecondWait'
    }
}

Describe '#15 an ExecutePipeline activity whose child run could not start is itself the root cause' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'pipelines'
        New-Item -ItemType Directory $folder | Out-Null
        @{ name = 'NeedsDay'; properties = @{ parameters = @{ Day = @{ type = 'String' } }; activities = @(@{ name = 'Work'; type = 'Wait'; typeProperties = @{ waitTimeInSeconds = 1 } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'NeedsDay.json')
        @{ name = 'CallsWithoutDay'; properties = @{ activities = @(@{ name = 'RunNeedsDay'; type = 'ExecutePipeline'; typeProperties = @{ pipeline = @{ referenceName = 'NeedsDay'; type = 'PipelineReference' }; waitOnCompletion = $true } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'CallsWithoutDay.json')
        $own = Start-AdfEmulator -PipelinePath $folder -ActivityDuration 0.1
        $own | Connect-AdfAccount | Out-Null
    }

    AfterAll {
        $own | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'returns the ExecutePipeline activity with its error, and reads nothing more' {
        $run = Start-AdfPipelineRun CallsWithoutDay -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $own -Clear
        $causes = @($run | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be @('CallsWithoutDay/RunNeedsDay')
        $causes[0].ChildPipelineRunId | Should -BeNullOrEmpty
        $causes[0].Error.Message | Should -Not -BeNullOrEmpty
        Get-ActivityQuery $own | Should -HaveCount 1
    }
}

Describe '#15 the runbook line fits 80 columns' {
    It 'Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause | Format-Table shows path, activity, error code and message' {
        $lines = Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause | Show-At80
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty -Because ($lines -join "`n")
        $lines[1] | Should -Match '^Path / Error\s+ActivityType\s+Status\s+Duration$'
        # The path, broken after a '/', with the activity's name; the error code and message under it.
        $lines[3] | Should -Match '^NightlyParent/RunChild/NightlyChild/\s+Wait\s+Failed\s'
        $lines[4] | Should -Be 'SecondWait'
        (($lines[5..6] | ForEach-Object Trim) -join ' ') | Should -Be '2200: Table dbo.Sales is locked by another load'
    }

    It 'examples/WhyDidItFail.ps1 runs as a runbook (managed identity, pwsh -File) and exits 1 with the root cause' {
        $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $saved = @{}
        foreach ($name in 'ADFRUNS_MODULE', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:ADFRUNS_MODULE = (Resolve-Path $ModulePath).Path
            $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString()
            $env:IDENTITY_HEADER = $emulator.IdentityHeader
            $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../examples/WhyDidItFail.ps1') `
                -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName `
                -ResourceManagerEndpoint $emulator.Endpoint.ToString() 2>&1
            $exitCode = $LASTEXITCODE
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $lines = @($output | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' })
        $exitCode | Should -Be 1 -Because ($lines -join "`n")
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match '2200: Table dbo\.Sales is locked'
        ($lines -join "`n") | Should -Match '1 failed run\(s\) since .*, 1 root cause\(s\) above\.'
    }
}
