# Issue 15: why did it fail, all the way down. Get-AdfActivityRun -Recurse and -RootCause walk run trees across
# ExecutePipeline (and ForEach), at one queryActivityruns per pipeline run, counted with Get-AdfEmulatorRequest.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName NightlyChild -ActivityName SecondWait -ErrorCode 2200 -Message 'Table dbo.Sales is locked by another load'
    $parent = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
    Set-AdfEmulatorBehavior -Emulator $emulator -Reset
    $child = Get-AdfPipelineRun -PipelineName NightlyChild | Where-Object ParentPipelineRunId -eq $parent.RunId
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'ParentPipelineRunId leads a child run back to its parent (#15)' {
    It 'a child run found by a query has its parent''s run id, from invokedBy' {
        $parent.Status | Should -Be 'Failed'
        $child | Should -HaveCount 1
        $child.ParentPipelineRunId | Should -Be $parent.RunId
        $child.InvokedBy.InvokedByType | Should -Be 'PipelineActivity'
        $parent.ParentPipelineRunId | Should -BeNullOrEmpty
    }
}

Describe 'Get-AdfActivityRun -Recurse (#15)' {
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

Describe 'Get-AdfActivityRun -RootCause (#15)' {
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
        # Runs of earlier tests that have since been rerun are warned about; only the causes are checked here.
        $causes = @(Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause -WarningAction SilentlyContinue)
        $causes.Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
    }

    It '-Recurse and -RootCause together are refused' {
        { $parent | Get-AdfActivityRun -Recurse -RootCause -ErrorAction Stop } | Should -Throw -ErrorId 'ConflictingTreeModes*'
    }
}

Describe 'a child run that cannot be read is an error, and the rest of the tree is still written (#15)' {
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

    It 'says in the error itself which child run and which ExecutePipeline activity, not only the service''s words (probe 2 E5)' {
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -Delay 0.001 -Count 1
        Set-AdfEmulatorFault -Emulator $emulator -Operation QueryActivityRuns -StatusCode 404 -Count 1
        $null = @($parent | Get-AdfActivityRun -Recurse -ErrorVariable treeErrors -ErrorAction SilentlyContinue)
        $treeErrors | Should -HaveCount 1
        $treeErrors[0].Exception.Message | Should -BeLike "The activity runs of child pipeline run $($child.RunId) (started by NightlyParent/RunChild) could not be read: *"
        "$($treeErrors[0])" | Should -BeLike "*child pipeline run $($child.RunId) (started by NightlyParent/RunChild)*"
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

Describe 'run trees with a child that could not start, and a child with more than one page of activities (#15)' {
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

Describe 'the root-cause runbook line and examples/WhyDidItFail.ps1 fit 80 columns (#15)' {
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
                $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $RepositoryRoot 'examples/WhyDidItFail.ps1') `
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
        $lines = Get-AdfPipelineRun -Status Failed -LatestOnly | Get-AdfActivityRun -RootCause | Show-At80 -Table
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

    It 'examples/WhyDidItFail.ps1 prints its start time in UTC (Z) on a host in another time zone (#15 T4)' {
        $exitCode, $lines = Invoke-WhyDidItFail -TimeZone 'America/New_York'
        $summary = @($lines | Where-Object { $_ -match 'failed run\(s\) since (.+Z), ' })
        $summary | Should -HaveCount 1 -Because ($lines -join "`n")
        $since = [datetime]::ParseExact(($summary[0] -replace '^.*since (.+Z), .*$', '$1'), 'u', [cultureinfo]::InvariantCulture, 'AdjustToUniversal')
        [math]::Abs(($since - [datetime]::UtcNow.AddHours(-24)).TotalMinutes) | Should -BeLessThan 5 -Because "'$($summary[0])' is 24 hours ago, in UTC"
    }
}

Describe 'Get-AdfActivityRun -RootCause names each run it has nothing to explain for, with a warning (#15 T2)' {
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

    It 'warns for a still-running run (a bare run id, which is read for its status) (#15 T2)' {
        $out = @($running.RunId | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        $warned | Should -HaveCount 1
        "$warned" | Should -Match "^Run $($running.RunId) of pipeline 'NightlyParent' is (Queued|InProgress): it has no failed activity to explain yet\.$"
    }

    It 'warns for a cancelled run (#15 T2)' {
        $cancelled.Status | Should -Be 'Cancelled'
        $out = @($cancelled | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        "$warned" | Should -Be "Run $($cancelled.RunId) of pipeline 'NightlyParent' is Cancelled: it has no failed activity to explain."
    }

    It 'warns for a succeeded run (#15 T2)' {
        $emulator | Connect-AdfAccount | Out-Null
        $succeeded = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $succeeded.Status | Should -Be 'Succeeded'
        $out = @($succeeded | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue)
        $out | Should -BeNullOrEmpty
        "$warned" | Should -Be "Run $($succeeded.RunId) of pipeline 'NightlyParent' is Succeeded: it has no failed activity to explain."
    }

    It 'warns for a failed run with no failed activity, with the run''s own message (#15 T2)' {
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

    It 'writes the failed run''s root cause and a warning for each of the other piped inputs (#15 T2)' {
        $emulator | Connect-AdfAccount | Out-Null
        $succeeded = Start-AdfPipelineRun NightlyParent -Wait -PollingInterval $Fast
        $out = @($succeeded, $parent, $succeeded.RunId | ForEach-Object { $_ } | Get-AdfActivityRun -RootCause -WarningVariable warned -WarningAction SilentlyContinue 2>$null)
        $out.Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
        $warned | Should -HaveCount 2
        @($warned | ForEach-Object { "$_" } | Where-Object { $_ -like "Run $($succeeded.RunId) of pipeline 'NightlyParent' is Succeeded*" }) | Should -HaveCount 2
    }
}

Describe 'Get-AdfActivityRun -RootCause with a -Status other than Failed (#15 T3)' {
    It 'is refused up front, naming the status that could never match (#15 T3)' {
        { $parent | Get-AdfActivityRun -RootCause -Status Succeeded -ErrorAction Stop } |
            Should -Throw -ErrorId 'RootCauseStatusNeverMatches,AdfRuns.Commands.GetAdfActivityRunCommand' -ExpectedMessage '*-Status Succeeded would never match*'
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        { $parent | Get-AdfActivityRun -RootCause -Status Failed, Cancelled } | Should -Throw -ErrorId 'RootCauseStatusNeverMatches*'
        Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty -Because 'nothing is read'
        @($parent | Get-AdfActivityRun -RootCause -Status Failed).Path | Should -Be @('NightlyParent/RunChild/NightlyChild/SecondWait')
    }
}

Describe 'Get-AdfActivityRun -Verbose under -Recurse and -RootCause names the child runs it reads (#15 T5)' {
    It 'says which child run it reads before its query, and what it read at the end (#15 T5)' {
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
