BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
    Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 2011 -Message 'Cluster ran out of memory'
    $failed = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 250 } -Wait -PollingInterval $Fast
    $succeeded = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe '#18 runs in CSV and JSON' {
    It 'Export-Csv writes Parameters, RunDimension and Annotations as JSON text' {
        $csv = Join-Path $TestDrive 'runs.csv'
        $failed | Export-Csv $csv
        $row = Import-Csv $csv
        $row.Parameters | Should -Be '{"Region":"emea","Day":"2026-11-25","BatchSize":"250"}'
        $row.RunDimension | Should -Be '{}'
        $row.Annotations | Should -Be '[]'
        $row.Duration | Should -BeNullOrEmpty
        $row.DurationInMs | Should -Be $failed.DurationInMs
    }

    It 'Import-Csv | Start-AdfPipelineRun starts the exported runs again with their parameters' {
        $csv = Join-Path $TestDrive 'rerun.csv'
        $failed | Export-Csv $csv
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $again = Import-Csv $csv | Start-AdfPipelineRun
        $again.PipelineName | Should -Be 'CopySales'
        $again.Parameters['Day'] | Should -Be '2026-11-25'
        $body = (Get-CreateRunRequest $emulator)[0].Body | ConvertFrom-Json
        $body.Day | Should -Be '2026-11-25'
        $body.BatchSize | Should -Be 250
    }

    It 'a -Parameter text that is not JSON is named in the error' {
        $row = [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = 'System.Collections.Specialized.OrderedDictionary' }
        { $row | Start-AdfPipelineRun -ErrorAction Stop } | Should -Throw -ExpectedMessage "*'System.Collections.Specialized.OrderedDictionary' is not a JSON object*"
        { Start-AdfPipelineRun CopySales -Parameter '["a"]' } | Should -Throw -ExpectedMessage "*'[[]""a""]' is JSON but not a JSON object*"
    }

    It 'ConvertTo-Json writes DurationInMs, not a TimeSpan object; $run.Duration is still a TimeSpan' {
        $json = $failed | ConvertTo-Json | ConvertFrom-Json
        $json.PSObject.Properties.Name | Should -Not -Contain 'Duration'
        $json.DurationInMs | Should -Be $failed.DurationInMs
        $json.Parameters.Day | Should -Be '2026-11-25'
        $failed.Duration | Should -BeOfType [TimeSpan]
        $failed.Duration.TotalMilliseconds | Should -Be $failed.DurationInMs
        @($failed, $succeeded | Where-Object Duration -ge ([TimeSpan]::Zero)).Count | Should -Be 2
        (($failed | Get-AdfActivityRun)[0] | ConvertTo-Json | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'Duration'
    }
}
