# Restart-AdfPipelineRun on nested runs (ux-newcomer-3 row 1): a query of failed runs returns a failed parent and its
# failed child runs, and a rerun of the parent recovers the children, so each tree is rerun once, from its top run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A fresh emulator per case, so that the query of failed runs sees only this case's tree.
    function Start-TreeEmulator {
        $tree = Start-AdfEmulator -ActivityDuration 0.05
        $tree | Connect-AdfAccount | Out-Null
        $tree
    }

    # Depth<Levels> > ... > Depth1, whose activity Work fails once.
    function Start-FailedDepth([int] $Levels) {
        Set-AdfEmulatorBehavior -Emulator $tree -PipelineName Depth1 -ActivityName Work -Times 1
        Start-AdfPipelineRun "Depth$Levels" -Wait -PollingInterval $Fast
    }

    function Get-RunCount([string] $Pipeline, [hashtable] $Where = @{}) {
        @(Get-AdfPipelineRun -PipelineName $Pipeline | Where-Object {
                $run = $_
                -not @($Where.Keys | Where-Object { $run.Parameters[$_] -ne $Where[$_] })
            }).Count
    }
}

AfterAll {
    Disconnect-AdfAccount
}

Describe 'Restart-AdfPipelineRun -FromFailure on the failed runs of one tree' {
    BeforeEach { $tree = Start-TreeEmulator }
    AfterEach { $tree | Stop-AdfEmulator }

    It 'reruns a nested failure once, from its root, when the query gives <Order> (newcomer 3 row 1)' -ForEach @(
        @{ Order = 'the children first'; Descending = $false }
        @{ Order = 'the parent first'; Descending = $true }
    ) {
        Set-AdfEmulatorBehavior -Emulator $tree -PipelineName FanOutGrandchild -ActivityName Transform -WhenParameter @{ Table = 'table_07' } -Times 1
        $top = Start-AdfPipelineRun FanOutParent -Wait -PollingInterval $Fast
        $top.Status | Should -Be 'Failed'
        $failed = @(Get-AdfPipelineRun -Status Failed -LatestOnly | Sort-Object { $null -eq $_.ParentPipelineRunId } -Descending:$Descending)
        $failed | Should -HaveCount 3 -Because 'the parent, the child for table_07 and its grandchild failed'
        Get-AdfEmulatorRequest -Emulator $tree -Clear

        $reruns = @($failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast -WarningVariable warned -WarningAction SilentlyContinue)

        $reruns | Should -HaveCount 1
        $reruns[0].PipelineName | Should -Be 'FanOutParent'
        $reruns[0].RunGroupId | Should -Be $top.RunId
        $reruns[0].Status | Should -Be 'Succeeded'
        @(Get-CreateRunRequest $tree) | Should -HaveCount 1
        $skipped = @($failed | Where-Object ParentPipelineRunId)
        $warned | Should -HaveCount 2
        foreach ($child in $skipped) {
            @($warned | Where-Object { "$_" -match [regex]::Escape($child.RunId) -and "$_" -match [regex]::Escape($top.RunId) -and "$_" -match [regex]::Escape($reruns[0].RunId) }) | Should -HaveCount 1
        }
        Get-RunCount FanOutGrandchild @{ Table = 'table_07' } | Should -Be 2 -Because 'the failed grandchild ran once more, inside the parent''s rerun'
        Get-RunCount FanOutParent | Should -Be 2
    }

    It 'reruns a five-level chain once: the failed leaf runs once more, not five times (newcomer 3 row 1)' {
        $top = Start-FailedDepth 5
        $failed = @(Get-AdfPipelineRun -Status Failed -LatestOnly)
        $failed | Should -HaveCount 5
        Get-AdfEmulatorRequest -Emulator $tree -Clear

        $reruns = @($failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast -WarningVariable warned -WarningAction SilentlyContinue)

        $reruns.PipelineName | Should -Be 'Depth5'
        $reruns[0].RunGroupId | Should -Be $top.RunId
        $reruns[0].Status | Should -Be 'Succeeded'
        @(Get-CreateRunRequest $tree) | Should -HaveCount 1
        $warned | Should -HaveCount 4
        foreach ($level in 1..5) { Get-RunCount "Depth$level" | Should -Be 2 }
        @(Get-AdfPipelineRun -PipelineName Depth1, Depth2, Depth3, Depth4, Depth5 | Where-Object IsRecovery) | Should -HaveCount 5 -Because 'one recovery run per level, not 15'
    }

    It 'under -WhatIf shows the top run''s rerun only and names the children it would recover (newcomer 3 row 1)' {
        $top = Start-FailedDepth 3
        $failed = @(Get-AdfPipelineRun -Status Failed -LatestOnly)
        $failed | Should -HaveCount 3
        Get-AdfEmulatorRequest -Emulator $tree -Clear
        $failed | Restart-AdfPipelineRun -FromFailure -WhatIf -WarningVariable warned -WarningAction SilentlyContinue
        $read = @(Get-AdfEmulatorRequest -Emulator $tree -Operation GetRun)
        $read | Should -HaveCount 1 -Because 'only the top run is prepared (read) and shown'
        $read[0].Path | Should -BeLike "*/$($top.RunId)"
        $warned | Should -HaveCount 2
        "$warned" | Should -Match 'would recover it'
        @(Get-CreateRunRequest $tree) | Should -BeNullOrEmpty
    }

    It 'reruns a child run on its own, with a warning, when its parent is not given (newcomer 3 row 1)' {
        $top = Start-FailedDepth 2
        $leaf = @(Get-AdfPipelineRun -PipelineName Depth1 -Status Failed)
        $leaf | Should -HaveCount 1
        $rerun = $leaf | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast -WarningVariable warned -WarningAction SilentlyContinue
        $rerun.PipelineName | Should -Be 'Depth1'
        $rerun.Status | Should -Be 'Succeeded'
        $warned | Should -HaveCount 1
        "$warned" | Should -Match ([regex]::Escape($top.RunId))
        "$warned" | Should -Match 'does not rerun'
    }

    It 'gives a child its own outcome when its parent''s rerun is refused, rather than dropping it (newcomer 3 row 1)' {
        Set-AdfEmulatorBehavior -Emulator $tree -PipelineName Depth1 -ActivityName Work -Times 2
        Start-AdfPipelineRun Depth2 -Wait -PollingInterval $Fast | Out-Null
        $stale = @(Get-AdfPipelineRun -Status Failed -LatestOnly)
        $stale | Should -HaveCount 2
        ($stale | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast -WarningAction SilentlyContinue).Status | Should -Be 'Failed'
        Get-AdfEmulatorRequest -Emulator $tree -Clear

        $errors = $null
        $out = @($stale | Restart-AdfPipelineRun -FromFailure -ErrorVariable errors -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)

        $out | Should -BeNullOrEmpty
        $errors | Should -HaveCount 2 -Because 'the parent was already rerun, and so, inside that rerun, was the child'
        $errors.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'AlreadyRerun,*' }
        @($errors.TargetObject.RunId | Sort-Object) | Should -Be @($stale.RunId | Sort-Object)
        $warned | Should -BeNullOrEmpty
        @(Get-CreateRunRequest $tree) | Should -BeNullOrEmpty
    }
}
