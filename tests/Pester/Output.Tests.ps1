BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
    Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1 -ErrorCode 2011 -Message 'Cluster ran out of memory'
    $failed = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25'; BatchSize = 250 } -Wait -PollingInterval $Fast
    $succeeded = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast

    function Assert-Fits80([string[]] $Lines) {
        $tooWide = @($Lines | Where-Object Length -gt 80)
        $tooWide | Should -BeNullOrEmpty -Because "every line must fit 80 columns:`n$($Lines -join "`n")"
    }

    # The text with line breaks and indentation folded, to find a wrapped message.
    function Join-Lines([string[]] $Lines) { ($Lines | ForEach-Object Trim) -join ' ' }
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'runs go to CSV and JSON and come back (#18)' {
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
        $json = $failed | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.PSObject.Properties.Name | Should -Not -Contain 'Duration'
        $json.DurationInMs | Should -Be $failed.DurationInMs
        $json.Parameters.Day | Should -Be '2026-11-25'
        $failed.Duration | Should -BeOfType [TimeSpan]
        $failed.Duration.TotalMilliseconds | Should -Be $failed.DurationInMs
        @($failed, $succeeded | Where-Object Duration -ge ([TimeSpan]::Zero)).Count | Should -Be 2
        (($failed | Get-AdfActivityRun)[0] | ConvertTo-Json -Depth 5 | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'Duration'
    }
}

Describe 'the default run table fits 80 columns (#4)' {
    It 'shows RunStart, Duration and the failed run''s message, and not IsLatest' {
        $lines = $failed, $succeeded | Show-At80
        Assert-Fits80 $lines
        $header = $lines | Where-Object { $_ -match 'RunId' } | Select-Object -First 1
        $header | Should -Match 'Status'
        $header | Should -Match 'RunStart'
        $header | Should -Match 'Duration'
        $header | Should -Not -Match 'IsLatest'
        $text = $lines -join "`n"
        $text | Should -Match ([regex]::Escape($failed.RunId))
        $text | Should -Match ([regex]::Escape($failed.RunStart.LocalDateTime.ToString('yyyy-MM-dd HH:mm:ss')))
        $text | Should -Match ([regex]::Escape($failed.Duration.ToString('hh\:mm\:ss\.f')))
        Join-Lines $lines | Should -Match ([regex]::Escape($failed.Message))
        ($lines | Where-Object { $_ -match '^Hello\s+Succeeded' }) | Should -Not -BeNullOrEmpty
    }

    It 'cuts a long message after three lines, at a word' {
        # Every execution fails while this test runs: a CopySales run an earlier test left running must not take
        # the one failure this run needs.
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1000 -Message (('The cluster ran out of memory while it was joining the sales and the returns tables ' * 3).Trim())
        try {
            $long = Start-AdfPipelineRun CopySales -Parameter @{ Day = '2026-11-25' } -Wait -PollingInterval $Fast
        }
        finally {
            Set-AdfEmulatorBehavior -Emulator $emulator -Reset
        }
        $long.Status | Should -Be 'Failed'
        $lines = $long | Show-At80
        Assert-Fits80 $lines
        $messageLines = @($lines | Where-Object { $_ -match '^  \S' })
        $messageLines.Count | Should -Be 3
        $messageLines[-1] | Should -Match '…$'
    }
}

Describe 'the activity run and pipeline tables fit 80 columns (#4)' {
    It 'the activity table shows the failed activity''s error' {
        $lines = $failed | Get-AdfActivityRun | Show-At80
        Assert-Fits80 $lines
        ($lines | Where-Object { $_ -match '^Path / Error' }) | Should -Match 'Duration'
        Join-Lines $lines | Should -Match '2011: Cluster ran out of memory'
    }

    It 'the pipeline table shows the activities and the parameters' {
        $lines = Get-AdfPipeline | Show-At80
        Assert-Fits80 $lines
        ($lines | Where-Object { $_ -match '^Name' }) | Should -Match 'Activities'
        ($lines | Where-Object { $_ -match '^CopySales' }) | Should -Match '\b3 Region, Day \(required\), BatchSize'
    }
}

Describe 'Get-AdfContext on an emulator connection names the emulator and its token scope (#24)' {
    It 'says Emulator, not AzureCloud, and shows the token scope with one slash' {
        $context = Get-AdfContext
        $context.Environment | Should -Be 'Emulator'
        $lines = $context | Show-At80
        Assert-Fits80 $lines
        ($lines | Where-Object { $_ -match '^Environment' }) | Should -Match ': Emulator$'
        ($lines | Where-Object { $_ -match '^TokenScope' }) | Should -Match ': https://management\.azure\.com/\.default$'
    }

    It 'has a table view that fits 80 columns' {
        $lines = Get-AdfContext | Show-At80 -Table
        Assert-Fits80 $lines
        $lines[1] | Should -Match '^Environment\s+AccountType\s+FactoryName\s+ResourceGroupName$'
        $lines[3] | Should -Match "^Emulator\s+AccessToken\s+$($emulator.FactoryName)\s+$($emulator.ResourceGroupName)$"
    }
}

Describe 'the demo fits 80 columns (#26)' {
    It 'runs examples/Demo.ps1 with the built module: no line over 80, no wrapped header, the message in one piece' {
        # Under the dotnet global tool the current process is dotnet itself, so find pwsh as build.ps1 does.
        $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $env:ADFRUNS_MODULE = $ModulePath
        $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $RepositoryRoot 'examples/Demo.ps1') 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $lines = @($output | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' })
        Assert-Fits80 $lines
        ($lines -join "`n") | Should -Match 'failed: Cluster ran out of memory'
        ($lines | Where-Object { $_ -match '^Name\s' }) | Should -Match 'Activities'
        ($lines | Where-Object { $_ -match '^PipelineName / RunId' }) | Should -Match 'Duration'
    }

    It 'the demo shows the typed parameters it sent beside the text the service reads back, and says why (newcomer 3 row 9)' {
        $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
        if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $env:ADFRUNS_MODULE = $ModulePath
        $lines = @(& $pwsh -NoProfile -NonInteractive -File (Join-Path $RepositoryRoot 'examples/Demo.ps1') 2>&1 | ForEach-Object { "$_" -replace '\x1b\[[0-9;]*m', '' })
        $sent = $lines | Where-Object { $_ -match '^Sent:' }
        $sent | Should -Match '"BatchSize":250[,}]' -Because ($lines -join "`n")
        $lines | Where-Object { $_ -match '^Read back:' } | Should -Match '"BatchSize":"250"'
        ($lines -join "`n") | Should -Match 'stores run parameters as text'
    }
}

Describe 'help sample outputs are what the views print (#23)' {
    BeforeAll {
        # Every ```output block of docs/*.md, with the file it is in.
        $samples = foreach ($file in Get-ChildItem (Join-Path $RepositoryRoot 'docs') -Filter *.md) {
            $text = (Get-Content -Raw $file.FullName) -replace "`r`n", "`n"
            foreach ($match in [regex]::Matches($text, '(?s)```output\n(.*?)```')) {
                [pscustomobject]@{ File = $file.Name; Lines = @($match.Groups[1].Value.TrimEnd("`n") -split "`n") }
            }
        }
    }

    It 'the sample tables of runs and activity runs have the headers the views print, and none has the old ones' {
        $runHeader = @(($failed | Show-At80)[1..2] | ForEach-Object TrimEnd)
        $activityHeader = @(($failed | Get-AdfActivityRun | Show-At80)[1..2] | ForEach-Object TrimEnd)
        $checked = 0
        foreach ($sample in $samples) {
            $header = @($sample.Lines[0..1] | ForEach-Object TrimEnd)
            switch -Regex ($header[0]) {
                '^PipelineName / RunId' { $header | Should -Be $runHeader -Because $sample.File; $checked++ }
                '^Path / Error' { $header | Should -Be $activityHeader -Because $sample.File; $checked++ }
                # The activity table before run trees (#15) began with the activity's name, not its Path.
                '^ActivityName / Error' { throw "$($sample.File) shows the activity table without Path: $($header[0])" }
                # The views before #4: RunId, PipelineName, ... IsLatest and ActivityName ... Error on one line.
                '^RunId\s+PipelineName\s' { throw "$($sample.File) shows the old run table: $($header[0])" }
                '^ActivityName\s+ActivityType\s.*Error$' { throw "$($sample.File) shows the old activity table: $($header[0])" }
            }
        }
        $checked | Should -BeGreaterOrEqual 5
    }

    It 'Get-AdfPipeline Example 1 prints its sample output exactly' {
        $sample = $samples | Where-Object { $_.File -eq 'Get-AdfPipeline.md' } | Select-Object -First 1
        @(Get-AdfPipeline | Show-At80 | ForEach-Object TrimEnd | Where-Object { $_ }) | Should -Be $sample.Lines
    }

    It 'Get-AdfContext Example 1 prints its sample output, but for the emulator''s port' {
        $sample = $samples | Where-Object { $_.File -eq 'Get-AdfContext.md' } | Select-Object -First 1
        $printed = @(Get-AdfContext | Show-At80 | ForEach-Object TrimEnd | Where-Object { $_ }) -replace '127\.0\.0\.1:\d+', '127.0.0.1:PORT'
        $printed | Should -Be ($sample.Lines -replace '127\.0\.0\.1:\d+', '127.0.0.1:PORT')
    }
}

Describe 'list views show WorkspaceName for a workspace object and the factory lines for a factory object (#16 S5)' {
    BeforeAll {
        $workspace = Start-AdfEmulator -Synapse -WorkspaceName salesws -ActivityDuration 0.05
        $workspace | Connect-AdfAccount | Out-Null
        $workspaceRun = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $workspaceActivity = @(Get-AdfActivityRun $workspaceRun)[0]
        $workspacePipeline = Get-AdfPipeline Hello
        $emulator | Connect-AdfAccount | Out-Null
        $factoryActivity = @(Get-AdfActivityRun $failed)[0]
        $factoryPipeline = Get-AdfPipeline CopySales
    }
    AfterAll { $workspace | Stop-AdfEmulator }

    It 'a workspace <Name> shows WorkspaceName and no blank factory lines (#16 S5)' -ForEach @(
        @{ Name = 'run'; Item = 'workspaceRun' }, @{ Name = 'activity run'; Item = 'workspaceActivity' }, @{ Name = 'pipeline'; Item = 'workspacePipeline' }
    ) {
        $lines = Get-Variable $Item -ValueOnly | Show-At80 -List
        $shown = $lines -join "`n"
        $lines -match '^WorkspaceName +: salesws$' | Should -HaveCount 1 -Because $shown
        $lines -match '^(FactoryName|ResourceGroupName|SubscriptionId) +:' | Should -BeNullOrEmpty -Because $shown
    }

    It 'a factory <Name> keeps its factory lines and shows no WorkspaceName (#16 S5)' -ForEach @(
        @{ Name = 'run'; Item = 'failed'; Labels = 'FactoryName', 'ResourceGroupName', 'SubscriptionId' }
        @{ Name = 'pipeline'; Item = 'factoryPipeline'; Labels = @('FactoryName') }
        @{ Name = 'activity run'; Item = 'factoryActivity'; Labels = @() }
    ) {
        $lines = Get-Variable $Item -ValueOnly | Show-At80 -List
        $shown = $lines -join "`n"
        foreach ($label in $Labels) { $lines -match "^$label +: \S" | Should -HaveCount 1 -Because $shown }
        $lines -match '^WorkspaceName' | Should -BeNullOrEmpty -Because $shown
    }
}
