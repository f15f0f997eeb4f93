# One emulator serving several factories on one endpoint (Start-AdfEmulator -FactoryName a, b), so the multi-factory
# cases of the help (a CSV with a FactoryName column, one wait across factories) can be tried offline.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $two = Start-AdfEmulator -FactoryName adf-sales, adf-finance -ActivityDuration 0.05
    $two | Connect-AdfAccount | Out-Null
}

AfterAll {
    $two | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'several factories in one emulator' {
    It 'Start-AdfEmulator -FactoryName a, b serves both on one endpoint, the first being the default (newcomer 3 row 20)' {
        $two.FactoryName | Should -Be 'adf-sales'
        $two.FactoryNames | Should -Be @('adf-sales', 'adf-finance')
        (Get-AdfContext).FactoryName | Should -Be 'adf-sales'
        (Show-At80 -InputObject $two -Table) -join "`n" | Should -Match 'adf-sales, adf-finance'
    }

    It 'a CSV with a FactoryName column starts each run in its own factory, and one wait follows both (newcomer 3 row 20)' {
        $rows = @'
PipelineName,Parameter,FactoryName
CopySales,"{""Day"":""2026-11-25""}",adf-sales
Hello,,adf-finance
'@ | ConvertFrom-Csv
        $runs = @($rows | Start-AdfPipelineRun | Wait-AdfPipelineRun -PollingInterval $Fast)
        $runs | Should -HaveCount 2
        @($runs | Sort-Object PipelineName | ForEach-Object { "$($_.PipelineName)@$($_.FactoryName)=$($_.Status)" }) |
            Should -Be @('CopySales@adf-sales=Succeeded', 'Hello@adf-finance=Succeeded')
        $created = @(Get-AdfEmulatorRequest -Emulator $two -Operation CreateRun)
        ($created | Where-Object Path -like '*/factories/adf-finance/pipelines/Hello/createRun').Count | Should -Be 1
    }

    It 'each factory has runs of its own: a run is not found in the other factory (newcomer 3 row 20)' {
        $run = Start-AdfPipelineRun Hello -FactoryName adf-finance
        (Get-AdfPipelineRun -RunId $run.RunId -FactoryName adf-finance).FactoryName | Should -Be 'adf-finance'
        { Get-AdfPipelineRun -RunId $run.RunId -FactoryName adf-sales -ErrorAction Stop } | Should -Throw -ErrorId 'PipelineRunNotFound,*'
        @(Get-AdfPipelineRun -PipelineName Hello -FactoryName adf-sales).RunId | Should -Not -Contain $run.RunId
    }

    It 'a factory the emulator does not serve is ARM''s ResourceNotFound (newcomer 3 row 20)' {
        { Start-AdfPipelineRun Hello -FactoryName adf-nothing -ErrorAction Stop } | Should -Throw -ErrorId 'ResourceNotFound,*'
    }

    It 'a name given twice is refused (newcomer 3 row 20)' {
        { Start-AdfEmulator -FactoryName a, A -ErrorAction Stop } | Should -Throw '*once*'
    }
}
