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

Describe '#15 custom run trees: a child that could not start, a child of more than one page' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'pipelines'
        New-Item -ItemType Directory $folder | Out-Null
        @{ name = 'NeedsDay'; properties = @{ parameters = @{ Day = @{ type = 'String' } }; activities = @(@{ name = 'Work'; type = 'Wait'; typeProperties = @{ waitTimeInSeconds = 1 } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'NeedsDay.json')
        @{ name = 'CallsWithoutDay'; properties = @{ activities = @(@{ name = 'RunNeedsDay'; type = 'ExecutePipeline'; typeProperties = @{ pipeline = @{ referenceName = 'NeedsDay'; type = 'PipelineReference' }; waitOnCompletion = $true } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'CallsWithoutDay.json')
        # A child with 151 activity runs (a ForEach of 150 Waits): two pages of queryActivityruns (100 per page).
        @{ name = 'ManyWaits'; properties = @{ parameters = @{ Items = @{ type = 'Array'; defaultValue = @(1..150) } }; activities = @(@{ name = 'EachItem'; type = 'ForEach'; typeProperties = @{ items = @{ value = '@pipeline().parameters.Items'; type = 'Expression' }; isSequential = $false; batchCount = 50; activities = @(@{ name = 'WaitForItem'; type = 'Wait'; typeProperties = @{ waitTimeInSeconds = 1 } }) } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'ManyWaits.json')
        @{ name = 'CallsManyWaits'; properties = @{ activities = @(@{ name = 'RunManyWaits'; type = 'ExecutePipeline'; typeProperties = @{ pipeline = @{ referenceName = 'ManyWaits'; type = 'PipelineReference' }; waitOnCompletion = $true } }) } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $folder 'CallsManyWaits.json')
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

    It '-Recurse follows the continuationToken of a child run''s pages: 151 activity runs, one query and one page more' {
        $run = Start-AdfPipelineRun CallsManyWaits -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Succeeded'
        Get-AdfEmulatorRequest -Emulator $own -Clear
        $tree = @($run | Get-AdfActivityRun -Recurse)
        $tree | Should -HaveCount 152
        @($tree.ActivityRunId | Sort-Object -Unique) | Should -HaveCount 152
        @($tree | Where-Object ActivityName -eq 'WaitForItem') | Should -HaveCount 150
        $queries = Get-ActivityQuery $own
        $queries | Should -HaveCount 3 -Because 'the parent, and the child in two pages'
        ($queries[2].Body | ConvertFrom-Json).continuationToken | Should -Not -BeNullOrEmpty
    }
}

Describe '#15 the runbook line fits 80 columns' {
    BeforeAll {
        # Runs the example as Azure Automation would (pwsh -File, managed identity): its exit code and output lines.
        function Invoke-WhyDidItFail([string] $TimeZone) {
            $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
            if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
            $saved = @{}
            foreach ($name in 'ADFRUNS_MODULE', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'TZ') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
            try {
                $env:ADFRUNS_MODULE = (Resolve-Path $ModulePath).Path
                $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString()
                $env:IDENTITY_HEADER = $emulator.IdentityHeader
                if ($TimeZone) { $env:TZ = $TimeZone }
                $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../examples/WhyDidItFail.ps1') `
                    -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName `
                    -ResourceManagerEndpoint $emulator.Endpoint.ToString() 2>&1
                $exitCode = $LASTEXITCODE
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
            $exitCode
            , @($output | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' })
        }
    }

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
        $exitCode, $lines = Invoke-WhyDidItFail
        $exitCode | Should -Be 1 -Because ($lines -join "`n")
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match '2200: Table dbo\.Sales is locked'
        ($lines -join "`n") | Should -Match '1 failed run\(s\) since .*, 1 root cause\(s\) above\.'
    }

    It '#15 T4 examples/WhyDidItFail.ps1 prints its start time in UTC (Z) on a host in another time zone' {
        $exitCode, $lines = Invoke-WhyDidItFail -TimeZone 'America/New_York'
        $summary = @($lines | Where-Object { $_ -match 'failed run\(s\) since (.+Z), ' })
        $summary | Should -HaveCount 1 -Because ($lines -join "`n")
        $since = [datetime]::ParseExact(($summary[0] -replace '^.*since (.+Z), .*$', '$1'), 'u', [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
        [math]::Abs(($since - [datetime]::UtcNow.AddHours(-24)).TotalMinutes) | Should -BeLessThan 5 -Because "'$($summary[0])' is 24 hours ago, in UTC"
    }
}

Describe '#15 nesting depth 1 to 5 (Depth5 > Depth4 > Depth3 > Depth2 > Depth1, through ForEach, Switch, If and Until)' {
    BeforeAll {
        $deep = Start-AdfEmulator -ActivityDuration 0.05
        $deep | Connect-AdfAccount | Out-Null
        # The path from DepthN down to Depth1's activity Work.
        function Get-DepthPath([int] $Levels) {
            $steps = @(if ($Levels -ge 2) { $Levels..2 | ForEach-Object { "Depth$_/RunDepth$($_ - 1)" } })
            ($steps + 'Depth1/Work') -join '/'
        }
    }

    AfterAll {
        $deep | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It '-Recurse on Depth<Levels> reaches Depth1''s Work at Depth <Levels - 1>, one queryActivityruns per run' -ForEach @(1..5 | ForEach-Object { @{ Levels = $_ } }) {
        Set-AdfEmulatorBehavior -Emulator $deep -Reset
        $run = Start-AdfPipelineRun "Depth$Levels" -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Succeeded'
        Get-AdfEmulatorRequest -Emulator $deep -Clear
        $tree = @($run | Get-AdfActivityRun -Recurse)
        $work = @($tree | Where-Object ActivityName -eq 'Work')
        $work.Path | Should -Be @(Get-DepthPath $Levels)
        $work.Depth | Should -Be @($Levels - 1)
        ($tree.Depth | Measure-Object -Maximum).Maximum | Should -Be ($Levels - 1)
        $queried = Get-QueriedRunId $deep
        $queried | Should -HaveCount $Levels
        @($queried | Sort-Object -Unique) | Should -HaveCount $Levels
        @(Get-AdfEmulatorRequest -Emulator $deep -Operation GetRun) | Should -BeNullOrEmpty
    }

    It '-RootCause on Depth<Levels> returns Depth1''s failed Work, <Levels> levels down, one queryActivityruns per failed run' -ForEach @(1..5 | ForEach-Object { @{ Levels = $_ } }) {
        Set-AdfEmulatorBehavior -Emulator $deep -Reset
        Set-AdfEmulatorBehavior -Emulator $deep -PipelineName Depth1 -ActivityName Work -ErrorCode 2108 -Message "Depth1 broke under Depth$Levels"
        $run = Start-AdfPipelineRun "Depth$Levels" -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $deep -Clear
        $causes = @($run | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be @(Get-DepthPath $Levels)
        $causes[0].Error.ErrorCode | Should -Be '2108'
        $causes[0].Error.Message | Should -Be "Depth1 broke under Depth$Levels"
        $causes[0].RootPipelineRunId | Should -Be $run.RunId
        Get-QueriedRunId $deep | Should -HaveCount $Levels
    }
}

Describe '#15 a ForEach fan-out of 50 child runs, 3 of which fail in different grandchild activities' {
    BeforeAll {
        $fan = Start-AdfEmulator -ActivityDuration 0.05
        $fan | Connect-AdfAccount | Out-Null
        # FanOutParent: ForEach over table_01..table_50 > RunChild > FanOutChild (Prepare, RunGrandchild) >
        # FanOutGrandchild (Extract > Transform > Load).
        $failing = @(
            @{ Table = 'table_07'; Activity = 'Extract'; Code = '2200'; Message = 'Source table dbo.table_07 is locked' }
            @{ Table = 'table_21'; Activity = 'Transform'; Code = '3204'; Message = 'Databricks cluster terminated' }
            @{ Table = 'table_42'; Activity = 'Load'; Code = '2108'; Message = 'Sink rejected 12 rows' }
        )
        foreach ($case in $failing) {
            Set-AdfEmulatorBehavior -Emulator $fan -PipelineName FanOutGrandchild -ActivityName $case.Activity -WhenParameter @{ Table = $case.Table } -ErrorCode $case.Code -Message $case.Message
        }
        $top = Start-AdfPipelineRun FanOutParent -Wait -PollingInterval $Fast

        # The tree as the emulator holds it, found through ParentPipelineRunId (invokedBy).
        $allRuns = @(Get-AdfPipelineRun -PipelineName FanOutParent, FanOutChild, FanOutGrandchild)
        $children = @($allRuns | Where-Object ParentPipelineRunId -eq $top.RunId)
        $grandchildren = @($allRuns | Where-Object { $_.ParentPipelineRunId -in $children.RunId })
        $failedBranchRuns = @($top) + @($children + $grandchildren | Where-Object Status -eq 'Failed')
    }

    AfterAll {
        $fan | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'the emulator ran 50 children and 50 grandchildren, 3 of each failed' {
        $top.Status | Should -Be 'Failed'
        $children | Should -HaveCount 50
        $grandchildren | Should -HaveCount 50
        @($children | Where-Object Status -eq 'Failed') | Should -HaveCount 3
        @($grandchildren | Where-Object Status -eq 'Failed') | Should -HaveCount 3
    }

    It '-RootCause on the top run returns exactly those 3, with their errors and paths, at one queryActivityruns per pipeline run on the failed branches' {
        Get-AdfEmulatorRequest -Emulator $fan -Clear
        $causes = @($top | Get-AdfActivityRun -RootCause)
        $causes | Should -HaveCount 3
        foreach ($case in $failing) {
            $cause = @($causes | Where-Object ActivityName -eq $case.Activity)
            $cause | Should -HaveCount 1
            $cause[0].Path | Should -Be "FanOutParent/RunChild[Table=$($case.Table)]/FanOutChild/RunGrandchild/FanOutGrandchild/$($case.Activity)"
            $cause[0].Depth | Should -Be 2
            $cause[0].Error.ErrorCode | Should -Be $case.Code
            $cause[0].Error.Message | Should -Be $case.Message
            $cause[0].RootPipelineRunId | Should -Be $top.RunId
            ($grandchildren | Where-Object RunId -eq $cause[0].PipelineRunId).Parameters['Table'] | Should -Be $case.Table
        }

        $queried = Get-QueriedRunId $fan
        @($queried | Sort-Object -Unique) | Should -HaveCount $queried.Count -Because 'no pipeline run is queried twice'
        $queried | Should -HaveCount $failedBranchRuns.Count -Because 'the top run, 3 failed children and 3 failed grandchildren'
        $queried | Where-Object { $_ -notin $failedBranchRuns.RunId } | Should -BeNullOrEmpty -Because 'succeeded children are not read'
        @(Get-AdfEmulatorRequest -Emulator $fan | Where-Object Operation -ne 'QueryActivityRuns') | Should -BeNullOrEmpty
    }

    It '-Recurse on the top run returns every activity run of the tree once, each child''s right after the activity that started it' {
        $expected = @(@($top) + $children + $grandchildren | Get-AdfActivityRun).ActivityRunId
        Get-AdfEmulatorRequest -Emulator $fan -Clear
        $tree = @($top | Get-AdfActivityRun -Recurse)
        $tree | Should -HaveCount $expected.Count
        @($tree.ActivityRunId | Sort-Object -Unique) | Should -HaveCount $tree.Count
        @($tree.ActivityRunId | Sort-Object) | Should -Be @($expected | Sort-Object)
        for ($i = 0; $i -lt $tree.Count; $i++) {
            if ($tree[$i].ChildPipelineRunId) {
                $tree[$i + 1].PipelineRunId | Should -Be $tree[$i].ChildPipelineRunId -Because "$($tree[$i].Path) started that run"
            }
        }
        Get-QueriedRunId $fan | Should -HaveCount 101 -Because 'one query for the top run and each of its 100 descendants'
    }

    It 'Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause | Format-Table: the 3, once each, within 80 columns' {
        $failedRuns = @(Get-AdfPipelineRun -Status Failed -LatestOnly)
        $failedRuns | Should -HaveCount 7
        $causes = @($failedRuns | Get-AdfActivityRun -RootCause)
        $causes | Should -HaveCount 3
        $causes.Depth | Should -Be @(2, 2, 2)
        $lines = $causes | Show-At80
        @($lines | Where-Object Length -gt 80) | Should -BeNullOrEmpty -Because ($lines -join "`n")
        $text = ($lines | ForEach-Object Trim) -join ' '
        foreach ($case in $failing) {
            $text | Should -Match "FanOutGrandchild/ ?$($case.Activity) "
            $text | Should -Match ([regex]::Escape("$($case.Code): $($case.Message)"))
        }
    }

    It 'an ExecutePipeline activity that failed before starting its child (item table_13) is itself a root cause' {
        Set-AdfEmulatorBehavior -Emulator $fan -PipelineName FanOutParent -ActivityName RunChild -WhenItem 'table_13' -ErrorCode 2011 -Message 'Child could not start'
        $again = Start-AdfPipelineRun FanOutParent -Wait -PollingInterval $Fast
        $causes = @($again | Get-AdfActivityRun -RootCause)
        $causes | Should -HaveCount 4
        $own = @($causes | Where-Object Depth -eq 0)
        $own.Path | Should -Be @('FanOutParent/RunChild[Table=table_13]')
        $own[0].ChildPipelineRunId | Should -BeNullOrEmpty
        $own[0].Error.Message | Should -Be 'Child could not start'
    }

    It '#15 T1 the root causes'' Paths name the table (ForEach item) of each failing child, and PipelineParameters has it' {
        $causes = @($top | Get-AdfActivityRun -RootCause)
        $causes | Should -HaveCount 3
        foreach ($case in $failing) {
            $cause = @($causes | Where-Object ActivityName -eq $case.Activity)
            $failedChild = $children | Where-Object { $_.Parameters['Table'] -eq $case.Table }
            $failedChild.Status | Should -Be 'Failed'
            $cause[0].Path | Should -BeLike "FanOutParent/RunChild``[Table=$($case.Table)``]/FanOutChild/RunGrandchild/*"
            $cause[0].PipelineParameters['Table'] | Should -Be $case.Table -Because 'the grandchild run was given the table by RunGrandchild'
        }
    }

    It '#15 T1 -Recurse: each of the 50 RunChild activities names its own table; RunGrandchild, one per child run, keeps its plain name' {
        $tree = @($top | Get-AdfActivityRun -Recurse)
        $runChild = @($tree | Where-Object ActivityName -eq 'RunChild')
        $runChild | Should -HaveCount 50
        @($runChild.Path | Sort-Object) | Should -Be @(1..50 | ForEach-Object { 'FanOutParent/RunChild[Table=table_{0:00}]' -f $_ })
        $inChild = @($tree | Where-Object { $_.PipelineRunId -eq $runChild[0].ChildPipelineRunId })
        $table = ($children | Where-Object RunId -eq $runChild[0].ChildPipelineRunId).Parameters['Table']
        $inChild.Path | Should -Contain "FanOutParent/RunChild[Table=$table]/FanOutChild/RunGrandchild"
        $inChild[0].PipelineParameters['Table'] | Should -Be $table
        ($tree | Where-Object Depth -eq 0 | Select-Object -First 1).PipelineParameters | Should -BeNullOrEmpty
    }

    It '#15 T1 one failed child of 50 is still named under -RootCause, which reads only the failed activities' {
        Set-AdfEmulatorBehavior -Emulator $fan -Reset
        Set-AdfEmulatorBehavior -Emulator $fan -PipelineName FanOutGrandchild -ActivityName Load -WhenParameter @{ Table = 'table_33' } -ErrorCode 2108 -Message 'Sink rejected 1 row'
        $once = Start-AdfPipelineRun FanOutParent -Wait -PollingInterval $Fast
        $causes = @($once | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be @('FanOutParent/RunChild[Table=table_33]/FanOutChild/RunGrandchild/FanOutGrandchild/Load')
    }
}

Describe '#15 T2 -RootCause names each run it has nothing to explain for, with a warning' {
    BeforeAll {
        $slow = Start-AdfEmulator -ActivityDuration 10
        $slow | Connect-AdfAccount | Out-Null
        $running = Start-AdfPipelineRun NightlyParent
        $cancelled = Start-AdfPipelineRun NightlyParent
        $cancelled | Stop-AdfPipelineRun -Wait -PollingInterval $Fast
        $cancelled = $cancelled | Get-AdfPipelineRun
    }

    AfterAll {
        $slow | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It '#15 T2 a still-running run (a bare run id, which is read for its status)' {
        $out = @($running.RunId | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $warned | Should -HaveCount 1
        "$warned" | Should -Match "^Run $($running.RunId) of pipeline 'NightlyParent' is (Queued|InProgress): it has no failed activity to explain yet\.$"
    }

    It '#15 T2 a cancelled run' {
        $cancelled.Status | Should -Be 'Cancelled'
        $out = @($cancelled | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        "$warned" | Should -Be "Run $($cancelled.RunId) of pipeline 'NightlyParent' is Cancelled: it has no failed activity to explain."
    }

    It '#15 T2 a succeeded run' {
        $emulator | Connect-AdfAccount | Out-Null
        $succeeded = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $succeeded.Status | Should -Be 'Succeeded'
        $out = @($succeeded | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        "$warned" | Should -Be "Run $($succeeded.RunId) of pipeline 'NightlyParent' is Succeeded: it has no failed activity to explain."
    }

    It '#15 T2 a failed run with no failed activity: the warning has the run''s own message' {
        # The emulator fails a run only through a failed activity, so this run object is made to say what the service
        # reports for a run that failed before any activity ran.
        $emulator | Connect-AdfAccount | Out-Null
        $run = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $data = $run.GetType().GetProperty('Data', [System.Reflection.BindingFlags]'NonPublic,Instance').GetValue($run)
        $data.GetType().GetProperty('Status').SetValue($data, 'Failed')
        $data.GetType().GetProperty('Message').SetValue($data, 'The integration runtime is offline')
        $out = @($run | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        "$warned" | Should -Be "Run $($run.RunId) of pipeline 'NightlyParent' is Failed, but no activity of it failed; the run's message: The integration runtime is offline"
    }

    It '#15 T2 a mixed pipeline of inputs: the failed run''s root cause, a warning for each of the others' {
        $emulator | Connect-AdfAccount | Out-Null
        $succeeded = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $out = @($succeeded, $parent, $succeeded.RunId | ForEach-Object { $_ } | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue 2>$null)
        $out.Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
        $warned | Should -HaveCount 2
        @($warned | ForEach-Object { "$_" } | Where-Object { $_ -like "Run $($succeeded.RunId) of pipeline 'NightlyParent' is Succeeded*" }) | Should -HaveCount 2
    }
}

Describe '#15 T3 -RootCause with a -Status other than Failed' {
    It '#15 T3 is refused up front, naming the status that could never match' {
        { $parent | Get-AdfActivityRun -RootCause -Status Succeeded -ErrorAction Stop } |
            Should -Throw -ErrorId 'RootCauseStatusNeverMatches,AdfRuns.Commands.GetAdfActivityRunCommand' -ExpectedMessage '*-Status Succeeded would never match*'
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        { $parent | Get-AdfActivityRun -RootCause -Status Failed, Cancelled } | Should -Throw -ErrorId 'RootCauseStatusNeverMatches*'
        Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty -Because 'nothing is read'
        @($parent | Get-AdfActivityRun -RootCause -Status Failed).Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
    }
}

Describe '#15 T5 -Verbose under -Recurse and -RootCause' {
    It '#15 T5 says which child run it reads before its query, and what it read at the end' {
        $records = @($parent | Get-AdfActivityRun -Recurse -Verbose 4>&1)
        $verbose = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $reading = "Reading the activity runs of NightlyChild run $($child.RunId) (depth 1, started by NightlyParent/RunChild)."
        $verbose | Should -Contain $reading
        $readingAt = [array]::IndexOf($verbose, $reading)
        $requestAt = @(0..($verbose.Count - 1) | Where-Object { $verbose[$_] -match "pipelineruns/$($child.RunId)/queryActivityruns" })
        $requestAt | Should -Not -BeNullOrEmpty -Because 'the request lines stay'
        $readingAt | Should -BeLessThan $requestAt[0]
        $verbose[-1] | Should -Be 'Read 2 pipeline run(s), 3 activity run(s).'
        $causesVerbose = @($parent | Get-AdfActivityRun -RootCause -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $causesVerbose | Should -Contain $reading
        $causesVerbose[-1] | Should -Match '^Read 2 pipeline run\(s\), \d+ activity run\(s\)\.$'
    }
}
