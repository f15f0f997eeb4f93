# Issue 15 must-show, on the emulator's run-tree samples: nesting depth 1 to 5 (Depth5..Depth1) and the 50-child
# ForEach fan-out (FanOutParent > FanOutChild > FanOutGrandchild), each on its own emulator, requests counted with
# Get-AdfEmulatorRequest. The other run-tree tests are in RunTrees.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'nesting depth 1 to 5 (Depth5 > Depth4 > Depth3 > Depth2 > Depth1, through ForEach, Switch, If and Until) (#15)' {
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

Describe 'a ForEach fan-out of 50 child runs, 3 of which fail in different grandchild activities (#15)' {
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
        $lines = $causes | Show-At80 -Table
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

    It 'the root causes'' Paths name the table (ForEach item) of each failing child, and PipelineParameters has it (#15 T1)' {
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

    It '-Recurse: each of the 50 RunChild activities names its own table; RunGrandchild, one per child run, keeps its plain name (#15 T1)' {
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

    It 'one failed child of 50 is still named under -RootCause, which reads only the failed activities (#15 T1)' {
        Set-AdfEmulatorBehavior -Emulator $fan -Reset
        Set-AdfEmulatorBehavior -Emulator $fan -PipelineName FanOutGrandchild -ActivityName Load -WhenParameter @{ Table = 'table_33' } -ErrorCode 2108 -Message 'Sink rejected 1 row'
        $once = Start-AdfPipelineRun FanOutParent -Wait -PollingInterval $Fast
        $causes = @($once | Get-AdfActivityRun -RootCause)
        $causes.Path | Should -Be @('FanOutParent/RunChild[Table=table_33]/FanOutChild/RunGrandchild/FanOutGrandchild/Load')
    }
}
