# Run parameter values on their way from PowerShell to JSON (issue 11 #16, #27; issue 12 D7, D8, D10).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Start-AdfPipelineRun parameter values' {
    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    Context 'run parameter values, from PowerShell to JSON' {
        It 'refuses parameter keys that differ only by case (<Case>), naming both, and sends nothing (D7)' -ForEach @(
            @{ Case = 'a case-sensitive hashtable'; Keys = 'Name', 'NAME'; Nested = $false; ErrorId = 'InvalidParameterValue' }
            @{ Case = 'a nested case-sensitive hashtable'; Keys = 'k', 'K'; Nested = $true; ErrorId = 'InvalidParameterValue' }
        ) {
            $table = [hashtable]::new([StringComparer]::Ordinal)
            $table[$Keys[0]] = 'first'
            $table[$Keys[1]] = 'second'
            $parameters = if ($Nested) { @{ Name = 'x'; Options = $table } } else { $table }
            $errors = $null
            Start-AdfPipelineRun ParameterTypes -Parameter $parameters -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            # A hashtable's enumeration order follows string hashes, which differ per process: either order names both.
            $errors[0].Exception.Message | Should -Match "'$($Keys[0])' and '$($Keys[1])'|'$($Keys[1])' and '$($Keys[0])'"
            $errors[0].Exception.Message | Should -Match 'case'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses a parameter file whose keys <Case>, naming the file and both keys, and sends nothing (D7)' -ForEach @(
            @{ Case = 'differ only by case'; Json = '{ "Name": "a", "NAME": "b" }'; Pattern = "'Name' and 'NAME'" }
            @{ Case = 'repeat a key'; Json = '{ "Name": "a", "Count": 1, "Name": "b" }'; Pattern = "key 'Name' is given twice" }
            @{ Case = 'differ by case inside an object'; Json = '{ "Options": { "k": 1, "K": 2 } }'; Pattern = "Options: .*'k' and 'K'" }
        ) {
            $path = Join-Path $TestDrive 'duplicate-keys.json'
            Set-Content -Path $path -Value $Json
            $errors = $null
            Start-AdfPipelineRun ParameterTypes -ParameterFile $path -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($path))
            $errors[0].Exception.Message | Should -Match $Pattern
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses -Parameter JSON text whose keys differ only by case (D7)' {
            { Start-AdfPipelineRun ParameterTypes -Parameter '{"Name":"a","NAME":"b"}' -ErrorAction Stop } | Should -Throw "*'Name' and 'NAME'*"
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses -ParameterFile /dev/zero within seconds, naming the file and the size limit (D8)' -Skip:(-not (Test-Path /dev/zero)) {
            $errors = $null
            $watch = [Diagnostics.Stopwatch]::StartNew()
            Start-AdfPipelineRun Hello -ParameterFile /dev/zero -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match '/dev/zero'
            $errors[0].Exception.Message | Should -Match '4 MiB'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses a parameter file over 4 MiB without reading it, naming the file and the limit (D8)' {
            $path = Join-Path $TestDrive 'huge.json'
            $stream = [IO.File]::Create($path)
            try { $stream.SetLength(4MB + 1) } finally { $stream.Dispose() }
            $errors = $null
            Start-AdfPipelineRun Hello -ParameterFile $path -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match ([regex]::Escape($path))
            $errors[0].Exception.Message | Should -Match '4 MiB'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'reads a parameter file of exactly 4 MiB (D8)' {
            $path = Join-Path $TestDrive 'big.json'
            $text = '{ "Day": "2026-11-25", "Region": "' + ('r' * (4MB - 40)) + '" }'
            [IO.File]::WriteAllText($path, $text.PadRight(4MB))
            (Get-Item $path).Length | Should -Be 4MB
            $run = Start-AdfPipelineRun CopySales -ParameterFile $path
            $run.Parameters['Day'] | Should -Be '2026-11-25'
        }

        It 'says a -ParameterFile that is <Case> is one, not that it does not exist (D8)' -ForEach @(
            @{ Case = 'a directory'; Name = 'a-folder'; Pattern = 'is a directory' }
            @{ Case = 'a wildcard'; Name = '*.json'; Pattern = 'wildcard' }
        ) {
            New-Item -ItemType Directory -Force (Join-Path $TestDrive 'a-folder') | Out-Null
            $path = Join-Path $TestDrive $Name
            $errors = $null
            Start-AdfPipelineRun Hello -ParameterFile $path -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match $Pattern
            $errors[0].Exception.Message | Should -Not -Match 'does not exist'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'sends a number given for a String parameter as its text (<Value>) (#16)' -ForEach @(
            @{ Value = 20261125; Text = '20261125' }
            @{ Value = 0.25; Text = '0.25' }
        ) {
            $run = Start-AdfPipelineRun CopySales -Parameter @{ Day = $Value }
            $run.Parameters['Day'] | Should -Be $Text
            ((Get-CreateRunRequest $emulator)[-1].Body | ConvertFrom-Json -AsHashtable).Day | Should -BeExactly $Text
        }

        It 'sends a single value given for an Array parameter as a one-element array (#16)' {
            Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Tags = 'a' } | Should -Not -BeNullOrEmpty
            (Get-CreateRunRequest $emulator)[-1].Body | Should -Match '"Tags":\["a"\]'
        }

        It 'still refuses <Case>, with an/a before the type name (#16)' -ForEach @(
            @{ Case = 'text that is not a number for an Int'; Parameters = @{ Name = 'x'; Count = 'abc' }; Pattern = "'Count' is declared Int, but the value given is the string 'abc'" }
            @{ Case = 'a fraction for an Int'; Parameters = @{ Name = 'x'; Count = 1.5 }; Pattern = 'is a Double \(1\.5\)' }
            @{ Case = 'a number for a Bool'; Parameters = @{ Name = 'x'; Enabled = 1 }; Pattern = 'is an Int32 \(1\)' }
            @{ Case = 'a bool for a String'; Parameters = @{ Name = $true }; Pattern = 'is a Boolean \(True\)' }
        ) {
            $errors = $null
            Start-AdfPipelineRun ParameterTypes -Parameter $Parameters -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPipelineParameter,*'
            $errors[0].Exception.Message | Should -Match $Pattern
            $errors[0].Exception.Message | Should -Not -Match ' a Int'
            Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
        }

        It 'writes plus, angle brackets, ampersand and apostrophe literally in the body, and dates as ISO 8601 text (#27)' {
            $day = (Get-Date).Date
            $moment = [DateTimeOffset]::new(2026, 12, 1, 0, 0, 0, [TimeSpan]::FromHours(1))
            Start-AdfPipelineRun ParameterTypes -Parameter ([ordered]@{ Name = "a+b <c> & d's"; Tags = @($day, $moment) }) | Should -Not -BeNullOrEmpty
            $body = (Get-CreateRunRequest $emulator)[-1].Body
            $body | Should -Not -Match '\\u00'
            $body | Should -Match ([regex]::Escape('"Name":"a+b <c> & d''s"'))
            $body | Should -Match ([regex]::Escape('"Tags":["' + $day.ToString('o') + '","2026-12-01T00:00:00.0000000+01:00"]'))
        }

        It 'sends @{ Day = (Get-Date).Date } as {"Day":"yyyy-MM-ddT00:00:00.0000000+hh:mm"} with a literal plus (#27)' {
            $day = (Get-Date).Date
            Start-AdfPipelineRun CopySales -Parameter @{ Day = $day } | Should -Not -BeNullOrEmpty
            (Get-CreateRunRequest $emulator)[-1].Body | Should -BeExactly ('{"Day":"' + $day.ToString('o') + '"}')
        }

        It 'refuses a pipeline name with a control character (<Case>) before sending (D10)' -ForEach @(
            @{ Case = 'LF'; Name = "Hel`nlo" }
            @{ Case = 'TAB'; Name = "Hel`tlo" }
            @{ Case = 'NUL'; Name = "Hel$([char]0)lo" }
            @{ Case = 'DEL'; Name = "Hel$([char]0x7f)lo" }
            @{ Case = 'a trailing CR'; Name = "Hello`r" }
        ) {
            $errors = $null
            Start-AdfPipelineRun -PipelineName $Name -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match 'control character'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'lets a pipeline name start with or hold unicode letters (<Name>), as the ADF naming rules allow (D10)' -ForEach @(
            @{ Name = 'ünicode' }, @{ Name = 'é-ünï' }, @{ Name = 'Daten_Übersicht' }
        ) {
            $errors = $null
            Start-AdfPipelineRun -PipelineName $Name -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*' -Because 'the name passes validation and the service answers for it'
        }
    }
}
