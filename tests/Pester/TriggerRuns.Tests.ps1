# Issue 23: trigger runs. Get-, Restart- and Stop-AdfTriggerRun against the emulator's triggers (factory and Synapse).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')

    # A factory folder with pipeline Load (concurrency 1, one activity) and tumbling window trigger Windows: $Count
    # hourly windows that all ended before now, up to 50 running at once. Returns the first window's start (UTC).
    function New-WindowFactory {
        param([string] $Path, [int] $Count)
        $now = [DateTime]::UtcNow
        $start = [DateTime]::new($now.Year, $now.Month, $now.Day, $now.Hour, 0, 0, [DateTimeKind]::Utc).AddHours(-$Count - 1)
        New-Item -ItemType Directory -Path (Join-Path $Path 'pipeline'), (Join-Path $Path 'trigger') -Force | Out-Null
        @{ name = 'Load'; properties = @{
                activities  = @(@{ name = 'Copy'; type = 'Wait'; typeProperties = @{ waitTimeInSeconds = 1 } })
                parameters  = @{ windowStart = @{ type = 'String' } }
                concurrency = 1 } } | ConvertTo-Json -Depth 10 | Set-Content (Join-Path $Path 'pipeline/Load.json')
        @{ name = 'Windows'; properties = @{
                type         = 'TumblingWindowTrigger'; runtimeState = 'Started'
                pipeline     = @{ pipelineReference = @{ referenceName = 'Load'; type = 'PipelineReference' }; parameters = @{ windowStart = '@trigger().outputs.windowStartTime' } }
                typeProperties = @{ frequency = 'Hour'; interval = 1; maxConcurrency = 50
                    startTime = $start.ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)
                    endTime = $start.AddHours($Count).ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture) } } } |
            ConvertTo-Json -Depth 10 | Set-Content (Join-Path $Path 'trigger/Windows.json')
        $start
    }

    # Waits until the trigger has $Count runs with the status; returns them.
    function Wait-TriggerRuns {
        param([string] $TriggerName, [string] $Status, [int] $Count, [int] $Seconds = 180)
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        do {
            $runs = @(Get-AdfTriggerRun -TriggerName $TriggerName -Status $Status)
            if ($runs.Count -ge $Count) { return $runs }
            Start-Sleep -Milliseconds 500
        } while ([DateTime]::UtcNow -lt $deadline)
        throw "Trigger '$TriggerName' has $($runs.Count) $Status runs after $Seconds s, not $Count."
    }

    # Starts an emulator over a 500-window factory (in Synapse mode with -Synapse), makes every first run of a
    # window fail, and waits until all 500 have failed.
    function Start-FailedNight {
        param([switch] $Synapse)
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $first = New-WindowFactory -Path $folder -Count 500
        $arguments = @{ PipelinePath = $folder; StartTriggers = $true; ActivityDuration = [TimeSpan]::FromMilliseconds(10) }
        if ($Synapse) { $arguments.Synapse = $true }
        $emulator = Start-AdfEmulator @arguments
        $emulator | Connect-AdfAccount | Out-Null
        Set-AdfEmulatorBehavior Load Copy -Outcome Failed -Times 500
        $failed = Wait-TriggerRuns -TriggerName Windows -Status Failed -Count 500
        [pscustomobject]@{ Emulator = $emulator; Failed = $failed; First = $first }
    }
}

AfterAll {
    Disconnect-AdfAccount
}

Describe 'Restart-AdfTriggerRun: a night of failed windows' {
    It '500 failed windows of a pipeline with concurrency 1, rerun by one pipeline of input, all end Succeeded; no error, the queue never above 100, nothing rerun twice (<Service>)' -ForEach @(
        @{ Service = 'DataFactory'; Synapse = $false }
        @{ Service = 'Synapse'; Synapse = $true }
    ) {
        $night = Start-FailedNight -Synapse:$Synapse
        try {
            $night.Failed | Should -HaveCount 500
            $night.Failed[0].Service | Should -Be $Service
            Get-AdfEmulatorRequest -Clear | Out-Null

            $reruns = @(Get-AdfTriggerRun -TriggerName Windows -Status Failed |
                    Restart-AdfTriggerRun -Wait -PollingInterval 0.5 -ErrorVariable failures -WarningVariable warnings)

            $failures | Should -BeNullOrEmpty
            $reruns | Should -HaveCount 500
            @($reruns | Where-Object Status -ne 'Succeeded') | Should -BeNullOrEmpty
            @($reruns.WindowStart | Sort-Object -Unique) | Should -HaveCount 500
            @($reruns.TriggerRunId | Where-Object { $_ -in $night.Failed.TriggerRunId }) | Should -BeNullOrEmpty
            $night.Emulator.PeakQueuedRuns['Load'] | Should -BeLessOrEqual 100

            # One rerun request accepted per window; refusals for a full queue (none created anything) are waited out.
            $accepted = @(Get-AdfEmulatorRequest -Operation RerunTriggerRun | Where-Object StatusCode -eq 200)
            $accepted | Should -HaveCount 500
            @($accepted.Path | Sort-Object -Unique) | Should -HaveCount 500
            @(Get-AdfTriggerRun -TriggerName Windows -Status Failed) | Should -HaveCount 500 -Because 'the first runs of the windows stay as they were'
            @(Get-AdfTriggerRun -TriggerName Windows -Status Succeeded) | Should -HaveCount 500
        }
        finally {
            $night.Emulator | Stop-AdfEmulator -Confirm:$false
        }
    }
}

Describe 'Get-AdfTriggerRun' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'windows'
        $script:first = New-WindowFactory -Path $folder -Count 30
        $script:emulator = Start-AdfEmulator -PipelinePath $folder -StartTriggers -ActivityDuration 0.01
        $emulator | Connect-AdfAccount | Out-Null
        Set-AdfEmulatorBehavior Load Copy -Outcome Failed -WhenParameter @{ windowStart = $first.AddHours(3).ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture) }
        $script:windows = Wait-TriggerRuns -TriggerName Windows -Status Succeeded -Count 29
    }

    AfterAll {
        $emulator | Stop-AdfEmulator -Confirm:$false
    }

    It 'reads the windows as UTC times from the en-US text the service sends, under <_>' -ForEach 'de-DE', 'ja-JP', 'en-US' {
        $before = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = $_
            $runs = @(Get-AdfTriggerRun -TriggerName Windows)
            $runs | Should -HaveCount 30
            $expected = 0..29 | ForEach-Object { $first.AddHours($_) }
            @($runs.WindowStart | Sort-Object) | Should -Be $expected
            @($runs | Where-Object { $_.WindowEnd -ne $_.WindowStart.AddHours(1) }) | Should -BeNullOrEmpty
            $runs[0].WindowStart.Kind | Should -Be 'Utc'
        }
        finally {
            [cultureinfo]::CurrentCulture = $before
        }
    }

    It 'pipes a failed window to Get-AdfPipelineRun (the run it started) and on to Get-AdfActivityRun -RootCause' {
        $failed = @(Get-AdfTriggerRun -TriggerName Windows -Status Failed)
        $failed | Should -HaveCount 1
        $failed[0].WindowStart | Should -Be $first.AddHours(3)
        $run = @($failed | Get-AdfPipelineRun)
        $run | Should -HaveCount 1
        $run[0].RunId | Should -Be $failed[0].PipelineRunId[0]
        $run[0].Parameters['windowStart'] | Should -Be $first.AddHours(3).ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture)
        $cause = @($failed | Get-AdfPipelineRun | Get-AdfActivityRun -RootCause)
        $cause.ActivityName | Should -Be 'Copy'
    }

    It 'streams the pages of a query: -First stops asking' {
        Get-AdfEmulatorRequest -Clear | Out-Null
        @(Get-AdfTriggerRun -TriggerName Windows -First 3) | Should -HaveCount 3
        @(Get-AdfEmulatorRequest -Operation QueryTriggerRuns) | Should -HaveCount 1
    }

    It 'a window table fits 80 columns' {
        $lines = Get-AdfTriggerRun -TriggerName Windows -First 5 | Show-At80
        @($lines | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match 'TriggerName / TriggerRunId\s+Status\s+Window \(UTC\)'
    }
}

Describe 'Restart-AdfTriggerRun refusals and -WhatIf' {
    BeforeAll {
        $script:emulator = Start-AdfEmulator -StartTriggers -TriggerTimeScale 3600 -ActivityDuration 0.05
        $emulator | Connect-AdfAccount | Out-Null
        Set-AdfEmulatorBehavior WindowLoad LoadWindow -Outcome Failed -Times 1
        $script:scheduled = Wait-TriggerRuns -TriggerName QuarterHourly -Status Succeeded -Count 1 -Seconds 30
        $script:failed = Wait-TriggerRuns -TriggerName HourlyLoad -Status Failed -Count 1 -Seconds 30
    }

    AfterAll {
        $emulator | Stop-AdfEmulator -Confirm:$false
    }

    It 'refuses a schedule trigger''s run before sending, naming it' {
        Get-AdfEmulatorRequest -Clear | Out-Null
        $scheduled[0] | Restart-AdfTriggerRun -ErrorVariable refused -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'OnlyTumblingWindowsRerun*'
        $refused[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $refused[0].TargetObject.TriggerRunId | Should -Be $scheduled[0].TriggerRunId
        @(Get-AdfEmulatorRequest -Operation RerunTriggerRun) | Should -BeNullOrEmpty
    }

    It '-WhatIf names the trigger and the window and sends nothing' {
        Get-AdfEmulatorRequest -Clear | Out-Null
        # What if: goes to the host, so a child pwsh shows what the user reads.
        $pwsh = (Get-Process -Id $PID).Path
        if ((Split-Path $pwsh -Leaf) -notlike 'pwsh*') { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $token = [System.Net.NetworkCredential]::new('', $emulator.AccessToken).Password
        $connect = "Import-Module '$ModulePath'; Connect-AdfAccount -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -ResourceManagerEndpoint '$($emulator.Endpoint)' -SubscriptionId $($emulator.SubscriptionId) -ResourceGroupName $($emulator.ResourceGroupName) -FactoryName $($emulator.FactoryName) | Out-Null"
        $said = & $pwsh -NoProfile -NonInteractive -Command "$connect; Restart-AdfTriggerRun -TriggerName HourlyLoad -TriggerRunId $($failed[0].TriggerRunId) -WhatIf" 2>&1 | Out-String -Width 400
        $window = $failed[0].WindowStart.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)
        $said | Should -Match ([regex]::Escape("Performing the operation `"Rerun the window`" on target `"trigger 'HourlyLoad' window $window"))
        @(Get-AdfEmulatorRequest -Operation RerunTriggerRun) | Should -BeNullOrEmpty
    }

    It 'a window given twice is rerun once, with a warning, and both inputs get its new run' {
        Get-AdfEmulatorRequest -Clear | Out-Null
        $again = @($failed[0], $failed[0] | Restart-AdfTriggerRun -WarningVariable warned -WarningAction SilentlyContinue)
        $again | Should -HaveCount 2
        $again[0].TriggerRunId | Should -Be $again[1].TriggerRunId
        $again[0].TriggerRunId | Should -Not -Be $failed[0].TriggerRunId
        $again[0].WindowStart | Should -Be $failed[0].WindowStart
        @(Get-AdfEmulatorRequest -Operation RerunTriggerRun) | Should -HaveCount 1
        ($warned -join ' ') | Should -Match 'more than once'
    }

    It 'takes -TriggerName with -TriggerRunId' {
        $rerun = Restart-AdfTriggerRun -TriggerName HourlyLoad -TriggerRunId $failed[0].TriggerRunId -Wait -PollingInterval 0.2
        $rerun.Status | Should -Be 'Succeeded'
        $rerun.WindowStart | Should -Be $failed[0].WindowStart
    }
}

Describe 'Stop-AdfTriggerRun' {
    BeforeAll {
        # Slow activities: HourlyLoad runs 4 windows at once and the other 20 of its backfill wait.
        $script:emulator = Start-AdfEmulator -StartTriggers -ActivityDuration 5
        $emulator | Connect-AdfAccount | Out-Null
        $script:waiting = Wait-TriggerRuns -TriggerName HourlyLoad -Status Waiting -Count 20 -Seconds 30
        $script:running = Wait-TriggerRuns -TriggerName HourlyLoad -Status Running -Count 4 -Seconds 30
    }

    AfterAll {
        $emulator | Stop-AdfEmulator -Confirm:$false
    }

    It 'cancels a waiting window' {
        $stopped = $waiting[0] | Stop-AdfTriggerRun -PassThru -Confirm:$false
        $stopped.Status | Should -Be 'Canceled'
        $stopped.TriggerRunId | Should -Be $waiting[0].TriggerRunId
    }

    It 'a running window is one clear error naming it, and nothing is sent; the next input is still stopped' {
        Get-AdfEmulatorRequest -Clear | Out-Null
        $running[0], $waiting[1] | Stop-AdfTriggerRun -Confirm:$false -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'TriggerRunNotWaiting*'
        $refused[0].TargetObject.TriggerRunId | Should -Be $running[0].TriggerRunId
        $refused[0].Exception.Message | Should -Match "trigger 'HourlyLoad' window .* is Running.*-IncludePipelineRuns"
        @(Get-AdfEmulatorRequest -Operation CancelTriggerRun) | Should -HaveCount 1
        (Get-AdfTriggerRun -TriggerName HourlyLoad | Where-Object TriggerRunId -eq $waiting[1].TriggerRunId).Status | Should -Be 'Canceled'
    }

    It '-IncludePipelineRuns stops a running window by cancelling its pipeline run' {
        $running[1] | Stop-AdfTriggerRun -IncludePipelineRuns -Confirm:$false
        $pipelineRun = Get-AdfPipelineRun -RunId $running[1].PipelineRunId[0]
        $pipelineRun.Status | Should -BeIn 'Canceling', 'Cancelled'
    }
}
