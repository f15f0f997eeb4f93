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

Describe '-FromActivity completion offers only the activities of the run''s pipeline (#15)' {
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

Describe '-Status completion offers one spelling of Cancelled (#21)' {
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

Describe '-ActivityName completion under -Recurse and -RootCause offers the activities of the called pipelines too (#15 T6)' {
    BeforeAll {
        $global:nightlyRun = Start-AdfPipelineRun NightlyParent
        $global:fanOutRun = Start-AdfPipelineRun FanOutParent
    }

    AfterAll {
        Remove-Variable -Name nightlyRun, fanOutRun -Scope Global
    }

    It '$run | Get-AdfActivityRun -Recurse -ActivityName TAB: NightlyParent''s and NightlyChild''s (#15 T6)' {
        Complete '$nightlyRun | Get-AdfActivityRun -Recurse -ActivityName ' | Should -Be @('FirstWait', 'RunChild', 'SecondWait')
        Complete '$nightlyRun | Get-AdfActivityRun -ActivityName ' | Should -Be @('RunChild') -Because 'without -Recurse, only the run''s own pipeline'
    }

    It 'Get-AdfActivityRun -RunId (an id) -RootCause -ActivityName TAB: through ForEach, two levels down (#15 T6)' {
        Complete "Get-AdfActivityRun -RunId $($fanOutRun.RunId) -RootCause -ActivityName " |
            Should -Be @('Extract', 'ForEachTable', 'Load', 'Prepare', 'RunChild', 'RunGrandchild', 'Transform')
        Complete "Get-AdfActivityRun -RunId $($fanOutRun.RunId) -ActivityName " | Should -Be @('ForEachTable', 'RunChild') -Because 'an activity inside a ForEach has activity runs too'
        Complete "Restart-AdfPipelineRun -RunId $($fanOutRun.RunId) -FromActivity " | Should -Be @('ForEachTable') -Because 'a rerun starts from a top-level activity'
    }

    It 'completion ends on pipelines that call each other (a cycle, through ForEach and If) (#15 T6)' {
        $folder = Join-Path $TestDrive 'cycle'
        New-Item -ItemType Directory $folder | Out-Null
        $call = { param($name, $target) @{ name = $name; type = 'ExecutePipeline'; typeProperties = @{ pipeline = @{ referenceName = $target; type = 'PipelineReference' }; waitOnCompletion = $true } } }
        @{ name = 'Ping'; properties = @{ activities = @(@{ name = 'EachPing'; type = 'ForEach'; typeProperties = @{ items = @{ value = '@createArray(1)'; type = 'Expression' }; activities = @(& $call 'CallPong' 'Pong') } }) } } |
            ConvertTo-Json -Depth 12 | Set-Content (Join-Path $folder 'Ping.json')
        @{ name = 'Pong'; properties = @{ activities = @(@{ name = 'IfPong'; type = 'IfCondition'; typeProperties = @{ expression = @{ value = '@bool(false)'; type = 'Expression' }; ifTrueActivities = @(& $call 'CallPing' 'Ping') } }) } } |
            ConvertTo-Json -Depth 12 | Set-Content (Join-Path $folder 'Pong.json')
        $cycle = Start-AdfEmulator -PipelinePath $folder
        try {
            $cycle | Connect-AdfAccount | Out-Null
            $global:pingRun = Start-AdfPipelineRun Ping
            Complete '$pingRun | Get-AdfActivityRun -Recurse -ActivityName ' | Should -Be @('CallPing', 'CallPong', 'EachPing', 'IfPong')
        }
        finally {
            Remove-Variable -Name pingRun -Scope Global -ErrorAction Ignore
            $cycle | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe 'Connect-AdfAccount -WorkspaceName completion (#16 S9)' {
    It 'offers the running emulators'' workspaces and the connected one, not file names (#16 S9)' {
        $first = Start-AdfEmulator -Synapse -WorkspaceName salesws
        $second = Start-AdfEmulator -Synapse -WorkspaceName 'hr-ws'
        try {
            Complete 'Connect-AdfAccount -WorkspaceName ' | Should -Be @('hr-ws', 'salesws')
            Complete 'Connect-AdfAccount -WorkspaceName sa' | Should -Be @('salesws')
            $second | Stop-AdfEmulator
            Complete 'Connect-AdfAccount -WorkspaceName ' | Should -Be @('salesws')
            $first | Connect-AdfAccount | Out-Null
            $first | Stop-AdfEmulator
            # The connected workspace stays on offer after its emulator stopped.
            Complete 'Connect-AdfAccount -WorkspaceName ' | Should -Be @('salesws')
        }
        finally {
            $first, $second | Where-Object IsRunning | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
    }
}

Describe '-TriggerName completion offers the triggers that ran in the last week' {
    BeforeAll {
        $script:windows = Start-AdfEmulator -StartTriggers -ActivityDuration 0.05
        $windows | Connect-AdfAccount | Out-Null
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (-not @(Get-AdfTriggerRun).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
    }

    AfterAll {
        $windows | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It '<Line>TAB' -ForEach @(
        @{ Line = 'Get-AdfTriggerRun -TriggerName ' }
        @{ Line = 'Get-AdfTriggerRun ' }
        @{ Line = 'Restart-AdfTriggerRun -TriggerName Hou' }
        @{ Line = 'Stop-AdfTriggerRun -TriggerName ' }
    ) {
        Complete $Line | Should -Be @('HourlyLoad')
    }

    It 'offers nothing for a prefix no trigger has, and reads the trigger runs once for several TABs' {
        Get-AdfEmulatorRequest -Clear
        Complete 'Get-AdfTriggerRun -TriggerName Nightly' | Should -BeNullOrEmpty
        Complete 'Get-AdfTriggerRun -TriggerName H' | Should -Be @('HourlyLoad')
        @(Get-AdfEmulatorRequest | Where-Object Path -Like '*/queryTriggerRuns').Count | Should -BeLessOrEqual 1
    }
}

Describe '-FabricWorkspace completion' {
    BeforeAll {
        $script:fabric = Start-AdfEmulator -Fabric -FabricWorkspace 'Sales Team'
    }

    AfterAll {
        $fabric | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'offers the running Fabric emulators'' workspaces, quoted, without asking any service while the connection has no Fabric workspace' {
        $emulator | Connect-AdfAccount | Out-Null
        Complete 'Start-AdfPipelineRun -FabricWorkspace ' | Should -Be @("'Sales Team'")
        Complete 'Connect-AdfAccount -FabricWorkspace sa' | Should -Be @("'Sales Team'")
        @($fabric | Get-AdfEmulatorRequest | Where-Object Path -Like '/v1/workspaces*').Count | Should -Be 0
    }

    It 'asks the service for its workspaces once the connection works with Fabric, once for several TABs' {
        $fabric | Connect-AdfAccount | Out-Null
        $fabric | Get-AdfEmulatorRequest -Clear
        Complete 'Get-AdfPipelineRun -FabricWorkspace ' | Should -Be @("'Sales Team'")
        Complete 'Get-AdfPipelineRun -FabricWorkspace Sa' | Should -Be @("'Sales Team'")
        @($fabric | Get-AdfEmulatorRequest | Where-Object Path -EQ '/v1/workspaces').Count | Should -Be 1
    }

    It '-PipelineName completion is about the workspace the command line names, not the connected factory' {
        $emulator | Connect-AdfAccount | Out-Null
        Complete 'Start-AdfPipelineRun -PipelineName Cop' | Should -Be @('CopySales')
        # This connection knows no Fabric endpoint: nothing is offered rather than the factory's pipelines.
        Complete "Start-AdfPipelineRun -FabricWorkspace 'Sales Team' -PipelineName Cop" | Should -BeNullOrEmpty
        $fabric | Connect-AdfAccount | Out-Null
        Complete "Start-AdfPipelineRun -FabricWorkspace 'Sales Team' -PipelineName Cop" | Should -Be @('CopySales')
    }
}

Describe 'completion quotes what would not parse as one plain word' {
    BeforeAll {
        $script:oddFabrics = @('#Ops|EU', "Dan$([char]0x2019)s ws", '-Sandbox', '1kb') | ForEach-Object { Start-AdfEmulator -Fabric -FabricWorkspace $_ }
    }

    AfterAll {
        $oddFabrics | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'offers <Name> so that the command line reads it back as that one value' -ForEach @(
        @{ Name = '#Ops|EU' }, @{ Name = "Dan$([char]0x2019)s ws" }, @{ Name = '-Sandbox' }, @{ Name = '1kb' }
    ) {
        $offered = @(Complete 'Get-AdfPipelineRun -FabricWorkspace ' | Where-Object { $_ -notmatch '^\w+$' -or $_ -eq $Name })
        $text = @($offered | Where-Object { $_.Trim("'") -replace "''", "'" -replace "$([char]0x2019)$([char]0x2019)", "$([char]0x2019)" -eq $Name })
        $text.Count | Should -Be 1 -Because "'$Name' is on offer: $($offered -join ' ')"
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput("Get-AdfPipelineRun -FabricWorkspace $($text[0])", [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $command = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
        $command.CommandElements.Count | Should -Be 3
        $command.CommandElements[2].SafeGetValue() | Should -BeExactly $Name
    }

    It 'leaves plain names bare' {
        Complete 'Start-AdfPipelineRun -PipelineName Cop' | Should -Be @('CopySales')
    }
}

Describe 'a service that does not answer is not asked again by the next TAB' {
    BeforeAll {
        $script:silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
        $port = $silent.LocalEndpoint.Port
        Connect-AdfAccount -ResourceManagerEndpoint "http://127.0.0.1:$port/" -AccessToken (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force) `
            -SubscriptionId 00000000-0000-0000-0000-000000000001 -ResourceGroupName rg -FactoryName silent | Out-Null
    }

    AfterAll {
        $silent.Stop()
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'offers nothing, and the next TABs (other parameters too) open no connection for a while' {
        Complete 'Start-AdfPipelineRun -PipelineName ' | Should -BeNullOrEmpty
        $connections = 0
        while ($silent.Pending()) { $silent.AcceptTcpClient().Dispose(); $connections++ }
        $connections | Should -BeGreaterThan 0 -Because 'the first TAB asked the service'
        Complete 'Start-AdfPipelineRun -PipelineName ' | Should -BeNullOrEmpty
        Complete 'Get-AdfTriggerRun -TriggerName ' | Should -BeNullOrEmpty
        $silent.Pending() | Should -BeFalse
    }
}
