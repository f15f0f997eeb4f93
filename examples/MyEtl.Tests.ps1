<#
.SYNOPSIS
    Pester 5 tests of MyEtl.ps1 against the AdfRuns emulator: no Azure, no credentials, a few seconds.

.DESCRIPTION
    The pattern to copy for your own scripts: start an emulator in BeforeAll and connect to it, reset its
    behaviour and request log before each test, make activities fail with Set-AdfEmulatorBehavior, and check
    what your script sent with Get-AdfEmulatorRequest.

.EXAMPLE
    Invoke-Pester ./MyEtl.Tests.ps1 -Output Detailed
#>

BeforeAll {
    # A user has AdfRuns installed; the repository's own tests point ADFRUNS_MODULE at the built module, and a
    # clone without either uses its build beside this folder (../out/AdfRuns).
    if ($env:ADFRUNS_MODULE) { Import-Module $env:ADFRUNS_MODULE -ErrorAction Stop }
    elseif (Get-Module -ListAvailable -Name AdfRuns) { Import-Module AdfRuns -ErrorAction Stop }
    else { Import-Module (Join-Path $PSScriptRoot '../out/AdfRuns/AdfRuns.psd1') -ErrorAction Stop }
    . (Join-Path $PSScriptRoot 'MyEtl.ps1')

    # Your factory's pipelines would come from its git folder: Start-AdfEmulator -PipelinePath ./adf.
    # The built-in sample factory has CopySales: ExtractSales -> TransformSales -> LoadWarehouse.
    $emulator = Start-AdfEmulator -ActivityDuration '00:00:00.05'
    $emulator | Connect-AdfAccount | Out-Null

    # Poll fast: the product default is 15 seconds.
    $fast = [TimeSpan]::FromMilliseconds(200)
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Invoke-NightlyLoad' {
    BeforeEach {
        Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
    }

    It 'loads the day in one run when everything succeeds' {
        $run = Invoke-NightlyLoad -Day '2026-11-25' -PollingInterval $fast

        $run.Status | Should -Be 'Succeeded'
        $run.PipelineName | Should -Be 'CopySales'
        $run.IsRecovery | Should -BeFalse
        ($run | Get-AdfActivityRun).ActivityName | Should -Be @('ExtractSales', 'TransformSales', 'LoadWarehouse')
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun).Count | Should -Be 1
    }

    It 'reruns from the failed activity, in the same run group, when TransformSales fails once' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -Message 'Cluster ran out of memory'

        $run = Invoke-NightlyLoad -Day '2026-11-25' -PollingInterval $fast -WarningVariable warnings -WarningAction SilentlyContinue

        $run.Status | Should -Be 'Succeeded'
        $run.IsRecovery | Should -BeTrue
        $warnings | Should -HaveCount 1
        $warnings[0] | Should -Match 'TransformSales: Cluster ran out of memory'

        # The rerun is in the first run's group, and the first run is still there, failed at TransformSales.
        $group = @(Get-AdfPipelineRun -RunGroupId $run.RunGroupId)
        $group | Should -HaveCount 2
        $first = $group | Where-Object RunId -ne $run.RunId
        $first.Status | Should -Be 'Failed'
        $first.RunId | Should -Be $run.RunGroupId
        ($first | Get-AdfActivityRun -Status Failed).ActivityName | Should -Be 'TransformSales'

        # From the failure: ExtractSales, which succeeded the first time, was not run again.
        ($run | Get-AdfActivityRun).ActivityName | Should -Be @('TransformSales', 'LoadWarehouse')
        $rerunRequest = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)[1]
        $rerunRequest.Query | Should -Match 'isRecovery=true'
        $rerunRequest.Query | Should -Match 'startFromFailure=true'
    }

    It 'sends the day, region and batch size as typed parameters' {
        Invoke-NightlyLoad -Day '2026-11-24' -Region apac -BatchSize 250 -PollingInterval $fast | Out-Null

        $create = @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)
        $create | Should -HaveCount 1
        $create[0].Path | Should -BeLike '*/pipelines/CopySales/createRun'
        $body = $create[0].Body | ConvertFrom-Json -AsHashtable
        $body.Day | Should -Be '2026-11-24'
        $body.Region | Should -Be 'apac'
        $body.BatchSize | Should -Be 250
        $body.BatchSize | Should -BeOfType [long]   # a JSON number, not the string "250"
    }

    It 'reruns only once, and reports the failure, when TransformSales keeps failing' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 0

        $run = Invoke-NightlyLoad -Day '2026-11-25' -PollingInterval $fast -ErrorVariable loadErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        $run.Status | Should -Be 'Failed'
        $loadErrors | Should -HaveCount 1
        $loadErrors[0].FullyQualifiedErrorId | Should -BeLike 'NightlyLoadFailed*'
        @(Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun).Count | Should -Be 2
    }

    It 'starts nothing for a malformed day' {
        { Invoke-NightlyLoad -Day '25/11/2026' } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun | Should -BeNullOrEmpty
    }
}
