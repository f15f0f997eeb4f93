# Runs the user-facing examples for real against the emulator: the runbook in a child pwsh (managed identity,
# exit code), the bulk CSV script in this process, and the user's own Pester suite in a child pwsh.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    $examples = Join-Path $RepositoryRoot 'examples'
    # Under the dotnet global tool the current process is dotnet itself, so find pwsh by name.
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }

    # Child processes import the built module through ADFRUNS_MODULE, as the examples do.
    $savedEnvironment = @{}
    foreach ($name in 'ADFRUNS_MODULE', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    $env:ADFRUNS_MODULE = (Resolve-Path $ModulePath).Path

    function Wait-EmulatorIdle {
        # A run left going by a test would use up the failures set for the next one.
        Get-AdfPipelineRun -Status Queued, InProgress | Wait-AdfPipelineRun -PollingInterval $Fast | Out-Null
    }

    function Reset-Emulator {
        Wait-EmulatorIdle
        Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
    }
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name])
    }
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'examples/Runbook.ps1 (pwsh -File, managed identity, exit code)' {
    BeforeAll {
        # What Azure Automation provides to a runbook with a managed identity, served by the emulator.
        $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString()
        $env:IDENTITY_HEADER = $emulator.IdentityHeader

        function Invoke-Runbook {
            param([string[]] $ArgumentList, $Target = $emulator)
            $arguments = @(
                '-NoProfile', '-NonInteractive', '-File', (Join-Path $examples 'Runbook.ps1')
                '-SubscriptionId', $Target.SubscriptionId
                '-ResourceGroupName', $Target.ResourceGroupName
                '-FactoryName', $Target.FactoryName
                '-ResourceManagerEndpoint', $Target.Endpoint.ToString()
                '-PollingInterval', '00:00:00.2'
            ) + $ArgumentList
            $output = & $pwsh @arguments 2>&1
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
        }
    }

    AfterAll {
        Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
    }

    BeforeEach { Reset-Emulator }

    It 'exits 0 when TransformSales fails once and the rerun from failure succeeds' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -Message 'Cluster ran out of memory'

        $result = Invoke-Runbook '-Parameter', '{"Day":"2026-11-25","BatchSize":250}'

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match "Activity 'TransformSales' \(DatabricksNotebook\) failed: 3204: Cluster ran out of memory"
        $result.Output | Should -Match 'SUCCEEDED: CopySales succeeded after 2 attempt\(s\)'

        # Signed in with the managed-identity protocol, then one start and one rerun from failure in its group.
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation Token | Where-Object StatusCode -eq 200).Count | Should -BeGreaterThan 0
        $creates = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)
        $creates | Should -HaveCount 2
        $body = $creates[0].Body | ConvertFrom-Json -AsHashtable
        $body.Day | Should -Be '2026-11-25'
        $body.BatchSize | Should -Be 250
        $creates[1].Query | Should -Match "referencePipelineRunId=$($creates[0].CreatedRunId)"
        $creates[1].Query | Should -Match 'startFromFailure=true'
        $group = @(Get-AdfPipelineRun -RunGroupId $creates[0].CreatedRunId)
        $group | Should -HaveCount 2
        ($group | Where-Object RunId -eq $creates[1].CreatedRunId).Status | Should -Be 'Succeeded'
    }

    It 'exits 1 after -MaxRetry reruns when TransformSales always fails' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 0

        $result = Invoke-Runbook '-Parameter', '{"Day":"2026-11-25"}', '-MaxRetry', '2'

        $result.ExitCode | Should -Be 1 -Because $result.Output
        $result.Output | Should -Match 'FAILED: CopySales failed after 3 attempt\(s\)'
        $creates = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)
        $creates | Should -HaveCount 3
        $creates[1].Query | Should -Match 'startFromFailure=true'
        $creates[2].Query | Should -Match "referencePipelineRunId=$($creates[1].CreatedRunId)"
        @(Get-AdfPipelineRun -RunGroupId $creates[0].CreatedRunId -Status Failed) | Should -HaveCount 3
    }

    It 'exits 1 and starts nothing when the run cannot be started' {
        $result = Invoke-Runbook '-PipelineName', 'NoSuchPipeline'

        $result.ExitCode | Should -Be 1 -Because $result.Output
        $result.Output | Should -Match 'NoSuchPipeline could not be started'
        Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Should -BeNullOrEmpty
    }

    It 'exits 1 without a rerun when the run is still going at -Timeout' {
        # An emulator of its own whose activities take a minute, so the run is surely still going at -Timeout.
        $slow = Start-AdfEmulator -ActivityDuration 00:01:00
        try {
            $env:IDENTITY_ENDPOINT = $slow.IdentityEndpoint.ToString()
            $env:IDENTITY_HEADER = $slow.IdentityHeader

            $result = Invoke-Runbook '-PipelineName', 'Hello', '-Timeout', '00:00:01' -Target $slow

            $result.ExitCode | Should -Be 1 -Because $result.Output
            $result.Output | Should -Match 'is still (Queued|InProgress): the wait timed out'
            $result.Output | Should -Not -Match 'Rerun'
            @(Get-AdfEmulatorRequest -Emulator $slow -Operation CreateRun) | Should -HaveCount 1
        }
        finally {
            $slow | Stop-AdfEmulator
            $env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString()
            $env:IDENTITY_HEADER = $emulator.IdentityHeader
        }
    }
}

Describe 'examples/BulkStartFromCsv.ps1 with examples/nightly-runs.csv' {
    BeforeAll {
        $bulkStart = Join-Path $examples 'BulkStartFromCsv.ps1'
        $csv = Join-Path $examples 'nightly-runs.csv'
        $rows = @(Import-Csv $csv)
    }

    BeforeEach { Reset-Emulator }

    It 'starts one run per row, reruns the one that failed from failure, and returns the final runs in row order' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1

        $runs = & $bulkStart -Path $csv -ThrottleLimit 3 -PollingInterval $Fast -InformationVariable report 6>$null

        $runs | Should -HaveCount $rows.Count
        $runs | ForEach-Object { $_ | Should -BeOfType 'AdfRuns.PipelineRun' }
        $runs.PipelineName | Should -Be $rows.PipelineName
        $runs.Status | Should -Be (@('Succeeded') * $rows.Count)

        $recovered = @($runs | Where-Object IsRecovery)
        $recovered | Should -HaveCount 1
        $recovered[0].PipelineName | Should -Be 'CopySales'
        (Get-AdfPipelineRun -RunId $recovered[0].RunGroupId).Status | Should -Be 'Failed'
        $creates = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)
        $creates | Should -HaveCount ($rows.Count + 1)
        $creates[-1].Query | Should -Match "referencePipelineRunId=$($recovered[0].RunGroupId)&isRecovery=true&startFromFailure=true"

        $table = $report.MessageData.Message -join "`n"
        $table | Should -Match 'FirstStatus\s+Reruns\s+FinalStatus'
        $table | Should -Match "Failed\s+1 Succeeded\s+$($recovered[0].RunId)"
    }

    It 'sends each row''s JSON parameters with their JSON types' {
        & $bulkStart -Path $csv -MaxRestart 0 -PollingInterval $Fast 6>$null | Out-Null

        $bodies = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun |
                Where-Object Path -Like '*/pipelines/CopySales/createRun' |
                ForEach-Object { $_.Body | ConvertFrom-Json -AsHashtable })
        $bodies | Should -HaveCount 3
        ($bodies.Region | Sort-Object) | Should -Be @('amer', 'apac', 'emea')
        $apac = $bodies | Where-Object { $_.Region -eq 'apac' }
        $apac.BatchSize | Should -Be 250
        $apac.BatchSize | Should -BeOfType [long]
        $types = Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Where-Object Path -Like '*/pipelines/ParameterTypes/createRun'
        $typed = $types.Body | ConvertFrom-Json -AsHashtable
        $typed.Enabled | Should -BeFalse
        $typed.Enabled | Should -BeOfType [bool]
        $typed.Tags | Should -Be @('nightly', 'sales')
    }

    It 'gives up after -MaxRestart reruns and returns the runs that still failed' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 0

        $runs = & $bulkStart -Path $csv -MaxRestart 1 -PollingInterval $Fast 6>$null

        $runs | Should -HaveCount $rows.Count
        $failed = @($runs | Where-Object Status -eq 'Failed')
        $failed | Should -HaveCount 3
        $failed.PipelineName | Should -Be @('CopySales', 'CopySales', 'CopySales')
        $failed.IsRecovery | Should -Be @($true, $true, $true)
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun) | Should -HaveCount ($rows.Count + 3)
    }

    It 'reports a row that cannot be started, starts the others, and takes empty cells from the connection' {
        $path = Join-Path $TestDrive 'mixed.csv'
        @(
            [pscustomobject]@{ PipelineName = 'NoSuchPipeline'; Parameter = ''; FactoryName = '' }
            [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = '{}'; FactoryName = '' }
            [pscustomobject]@{ PipelineName = 'Hello'; Parameter = ''; FactoryName = $emulator.FactoryName }
            [pscustomobject]@{ PipelineName = 'Hello'; Parameter = ''; FactoryName = '' }
        ) | Export-Csv -Path $path

        $runs = & $bulkStart -Path $path -PollingInterval $Fast -ErrorVariable problems -ErrorAction SilentlyContinue -InformationVariable report 6>$null

        $runs | Should -HaveCount 2
        $runs.PipelineName | Should -Be @('Hello', 'Hello')
        $runs.Status | Should -Be @('Succeeded', 'Succeeded')
        $problems | Should -HaveCount 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
        $problems[1].FullyQualifiedErrorId | Should -BeLike 'InvalidPipelineParameter,*'
        $table = $report.MessageData.Message -join "`n"
        $table | Should -Match "NoSuchPipeline.*NotStarted.*not started: Pipeline 'NoSuchPipeline' does not exist"
        $table | Should -Match "CopySales.*NotStarted.*requires parameter 'Day'"
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun) | Should -HaveCount 2
    }
}

Describe 'examples/MyEtl.Tests.ps1 (the user''s own Pester suite, in a child pwsh)' {
    It 'passes against its own emulator' {
        $pester = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
        $summaryPath = Join-Path $TestDrive 'myetl-summary.json'
        $runner = Join-Path $TestDrive 'Invoke-MyEtlTests.ps1'
        Set-Content -Path $runner -Value @'
param([string] $PesterPath, [string] $TestPath, [string] $SummaryPath)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath
$result = Invoke-Pester -Container (New-PesterContainer -Path $TestPath) -PassThru -Output Detailed
[pscustomobject]@{
    Passed           = $result.PassedCount
    Failed           = $result.FailedCount
    FailedBlocks     = $result.FailedBlocksCount
    FailedContainers = $result.FailedContainersCount
    Tests            = @($result.Tests | ForEach-Object { "$($_.Result): $($_.ExpandedName)" })
} | ConvertTo-Json | Set-Content -Path $SummaryPath
'@

        $output = & $pwsh -NoProfile -NonInteractive -File $runner -PesterPath $pester `
            -TestPath (Join-Path $examples 'MyEtl.Tests.ps1') -SummaryPath $summaryPath 2>&1 | Out-String

        $LASTEXITCODE | Should -Be 0 -Because $output
        Test-Path $summaryPath | Should -BeTrue -Because $output
        $summary = Get-Content -Raw $summaryPath | ConvertFrom-Json
        $summary.Passed | Should -BeGreaterOrEqual 3 -Because $output
        $summary.Failed | Should -Be 0 -Because $output
        $summary.FailedBlocks | Should -Be 0 -Because $output
        $summary.FailedContainers | Should -Be 0 -Because $output
        $summary.Tests | Should -Contain 'Passed: reruns from the failed activity, in the same run group, when TransformSales fails once'
        $summary.Tests | Should -Contain 'Passed: sends the day, region and batch size as typed parameters'
    }
}
