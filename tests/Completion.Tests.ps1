BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
    $global:completionRun = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25' } -Wait -PollingInterval $Fast

    # What TAB offers at the end of the line, as PowerShell's own completion engine computes it.
    function Complete([string] $line) {
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
    }
}

AfterAll {
    Remove-Variable -Name completionRun -Scope Global
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe '#15 -FromActivity completion offers only the activities of the run''s pipeline' {
    It '$run | Restart-AdfPipelineRun -FromActivity TAB' {
        Complete '$completionRun | Restart-AdfPipelineRun -FromActivity ' | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
    }

    It 'Restart-AdfPipelineRun -InputObject $run -FromActivity TAB' {
        Complete 'Restart-AdfPipelineRun -InputObject $completionRun -FromActivity ' | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
    }

    It 'Restart-AdfPipelineRun -RunId (an id) -FromActivity TAB' {
        Complete "Restart-AdfPipelineRun -RunId $($completionRun.RunId) -FromActivity " | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
    }

    It 'Get-AdfActivityRun -ActivityName TAB on a piped run' {
        Complete '$completionRun | Get-AdfActivityRun -ActivityName ' | Should -Be @('ExtractSales', 'LoadWarehouse', 'TransformSales')
    }

    It 'without a run, offers the activities of every pipeline' {
        $all = Complete 'Restart-AdfPipelineRun -FromActivity '
        $all | Should -Contain 'SayHello'
        $all | Should -Contain 'TransformSales'
    }
}

Describe '#21 -Status completion offers one spelling of Cancelled' {
    It '<Command> -Status TAB' -ForEach @(@{ Command = 'Get-AdfPipelineRun' }, @{ Command = 'Get-AdfActivityRun' }) {
        $offered = Complete "$Command -Status "
        $offered | Should -Contain 'Cancelled'
        $offered | Should -Not -Contain 'Canceled'
        $offered | Should -Be @('Canceling', 'Cancelled', 'Failed', 'InProgress', 'Queued', 'Succeeded')
    }

    It 'still accepts -Status Canceled, and refuses a misspelling naming the statuses' {
        { Get-AdfPipelineRun -Status Canceled } | Should -Not -Throw
        { Get-AdfPipelineRun -Status Faild } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AdfRuns.Commands.GetAdfPipelineRunCommand' -ExpectedMessage '*Faild*Cancelled*'
    }
}
