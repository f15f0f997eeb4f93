BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Start-AdfPipelineRun' {
    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'starts a run and returns a typed run object, not a bare id' {
        $run = Start-AdfPipelineRun -PipelineName Hello
        $run | Should -BeOfType ([AdfRuns.PipelineRun])
        $run.RunId | Should -Match '^[0-9a-f-]{36}$'
        $run.PipelineName | Should -Be 'Hello'
        $run.Status | Should -BeIn 'Queued', 'InProgress'
        $run.RunGroupId | Should -Be $run.RunId
        $run.IsRecovery | Should -BeFalse
        $run.IsLatest | Should -BeTrue
        $run.FactoryName | Should -Be $emulator.FactoryName
        $run.ResourceGroupName | Should -Be $emulator.ResourceGroupName
        $run.SubscriptionId | Should -Be $emulator.SubscriptionId
        $run.InvokedBy.InvokedByType | Should -Be 'Manual'
    }

    It 'takes the pipeline name by position and by its alias Name' {
        (Start-AdfPipelineRun Hello).PipelineName | Should -Be 'Hello'
        (Start-AdfPipelineRun -Name Hello).PipelineName | Should -Be 'Hello'
    }

    It 'sends parameters with their JSON types, never a PowerShell wrapper' {
        $parameters = [ordered]@{
            Name    = 'nightly'
            Count   = 42
            Ratio   = 0.25
            Enabled = $true
            Tags    = @('a', 'b', 3)
            Options = @{ nested = [pscustomobject]@{ depth = 2; list = @(1, 2) } }
        }
        $run = Start-AdfPipelineRun ParameterTypes -Parameter $parameters
        $body = (Get-CreateRunRequest $emulator)[-1].Body | ConvertFrom-Json -AsHashtable
        $body.Name | Should -BeOfType [string]
        $body.Count | Should -Be 42
        $body.Count | Should -BeOfType [long]
        $body.Ratio | Should -Be 0.25
        $body.Enabled | Should -BeOfType [bool]
        $body.Tags.Count | Should -Be 3
        $body.Tags[2] | Should -Be 3
        $body.Options.nested.depth | Should -Be 2
        $body.Options.nested.list | Should -Be @(1, 2)
        (Get-CreateRunRequest $emulator)[-1].Body | Should -Not -Match 'CliXml|PSObject|System\.Collections'
        $run.Parameters['Count'] | Should -Be '42'
        $run.Parameters['count'] | Should -Be '42' -Because 'parameters are case-insensitive'
    }

    It 'accepts a PSCustomObject, as from ConvertFrom-Json, for -Parameter' {
        $run = Start-AdfPipelineRun ParameterTypes -Parameter ('{"Name":"from-json","Count":7}' | ConvertFrom-Json)
        $run.Parameters['Name'] | Should -Be 'from-json'
        ((Get-CreateRunRequest $emulator)[-1].Body | ConvertFrom-Json).Count | Should -Be 7
    }

    It 'sends a SecureString parameter as text (the emulator accepts it as a string), and never shows it in -Debug' {
        $secret = ConvertTo-SecureString 'p@ss-word-123' -AsPlainText -Force
        $DebugPreference = 'Continue'
        $debug = Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Secret = $secret } 5>&1 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | Out-String
        (Get-CreateRunRequest $emulator)[-1].StatusCode | Should -Be 200 -Because 'a SecureString sent as anything but text is refused'
        ((Get-CreateRunRequest $emulator)[-1].Body | ConvertFrom-Json).Secret | Should -Be '********' -Because 'the emulator masks it in its log (D9)'
        $debug | Should -Not -Match 'p@ss-word-123'
        $debug | Should -Match '"Secret":"\*{8}"'
    }

    Context '-ParameterFile' {
        BeforeAll {
            $plain = Join-Path $TestDrive 'plain.json'
            '{ "Day": "2026-11-25", "BatchSize": 20 }' | Set-Content $plain
            $wrapped = Join-Path $TestDrive 'wrapped.json'
            '{ "parameters": { "Day": "2026-11-26", "Region": "us" } }' | Set-Content $wrapped
            $arm = Join-Path $TestDrive 'arm.json'
            '{ "$schema": "x", "contentVersion": "1.0.0.0", "parameters": { "Day": { "value": "2026-11-27" } } }' | Set-Content $arm
            $notJson = Join-Path $TestDrive 'broken.json'
            '{ "Day": ' | Set-Content $notJson
            $notObject = Join-Path $TestDrive 'array.json'
            '[1, 2]' | Set-Content $notObject
        }

        It 'reads a plain JSON object of parameters' {
            $run = Start-AdfPipelineRun CopySales -ParameterFile $plain
            $run.Parameters['Day'] | Should -Be '2026-11-25'
            $run.Parameters['BatchSize'] | Should -Be '20'
        }

        It 'reads the {"parameters": {...}} file shape' {
            $run = Start-AdfPipelineRun CopySales -ParameterFile $wrapped
            $run.Parameters['Day'] | Should -Be '2026-11-26'
            $run.Parameters['Region'] | Should -Be 'us'
        }

        It 'reads an ARM parameters file with {"value": ...} per parameter' {
            (Start-AdfPipelineRun CopySales -ParameterFile $arm).Parameters['Day'] | Should -Be '2026-11-27'
        }

        It 'refuses a <Case> file with a clear error and sends nothing' -ForEach @(
            @{ Case = 'missing'; File = 'does-not-exist.json'; Pattern = 'does not exist' }
            @{ Case = 'non-JSON'; File = 'broken.json'; Pattern = 'not valid JSON' }
            @{ Case = 'non-object'; File = 'array.json'; Pattern = 'JSON object' }
        ) {
            $path = Join-Path $TestDrive $File
            $errors = $null
            $output = Start-AdfPipelineRun CopySales -ParameterFile $path -ErrorAction SilentlyContinue -ErrorVariable errors
            $output | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].Exception.Message | Should -Match $Pattern
            Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
        }
    }

    It '-ReferencePipelineRunId starts a new, ungrouped run with the reference run''s parameters' {
        $original = Start-AdfPipelineRun CopySales -Parameter @{ Day = 'ref-day' } -Wait -PollingInterval $Fast
        $copy = Start-AdfPipelineRun CopySales -ReferencePipelineRunId $original.RunId
        $copy.RunId | Should -Not -Be $original.RunId
        $copy.RunGroupId | Should -Be $copy.RunId
        $copy.Parameters['Day'] | Should -Be 'ref-day'
        $query = ConvertFrom-QueryString (Get-CreateRunRequest $emulator)[-1].Query
        $query.referencePipelineRunId | Should -Be $original.RunId
        $query.ContainsKey('isRecovery') | Should -BeFalse
    }

    It '-Wait returns the run in its terminal state' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Succeeded'
        $run.IsTerminal | Should -BeTrue
        $run.RunEnd | Should -Not -BeNullOrEmpty
        $run.Duration | Should -BeOfType [TimeSpan]
        $run.DurationInMs | Should -BeGreaterThan 0
    }

    It '-Wait -Timeout writes a WaitTimeout error and the run in its last state' {
        # Its own emulator with minute-long activities, so that no machine is slow enough for the run to finish first.
        $slow = Start-TestEmulator -ActivityDuration 00:01:00
        try {
            $errors = $null
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast -Timeout 00:00:00.3 -ErrorVariable errors -ErrorAction SilentlyContinue
        }
        finally {
            $slow | Stop-AdfEmulator
            $emulator | Connect-AdfAccount | Out-Null
        }
        $run.Status | Should -BeIn 'Queued', 'InProgress'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $errors[0].TargetObject.RunId | Should -Be $run.RunId
        $errors[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
    }

    It 'accepts -ThrottleLimit' {
        @('Hello', 'Hello', 'Hello') | Start-AdfPipelineRun -ThrottleLimit 2 | Should -HaveCount 3
    }

    It '-WhatIf sends nothing' {
        Invoke-WithoutHost { Start-AdfPipelineRun Hello -WhatIf } | Should -BeNullOrEmpty
        Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
    }

    Context 'pipeline input' {
        It 'takes pipeline names as strings, one run per input, in input order' {
            $runs = 'Hello', 'ErrorHandling', 'Hello' | Start-AdfPipelineRun
            $runs.PipelineName | Should -Be @('Hello', 'ErrorHandling', 'Hello')
        }

        It 'takes pipeline objects from Get-AdfPipeline' {
            $runs = Get-AdfPipeline -Name Hello, ErrorHandling | Start-AdfPipelineRun
            $runs.PipelineName | Should -Be @('Hello', 'ErrorHandling')
        }

        It 'binds CSV rows by property name, with parameters as JSON text' {
            $csv = Join-Path $TestDrive 'runs.csv'
            @"
PipelineName,Parameter,FactoryName
CopySales,"{""Day"":""2026-11-01"",""BatchSize"":""75""}",$($emulator.FactoryName)
Hello,,$($emulator.FactoryName)
"@ | Set-Content $csv
            $runs = Import-Csv $csv | Start-AdfPipelineRun
            $runs | Should -HaveCount 2
            $runs[0].Parameters['Day'] | Should -Be '2026-11-01'
            $body = (Get-CreateRunRequest $emulator | Where-Object Path -Match '/pipelines/CopySales/').Body | ConvertFrom-Json
            $body.BatchSize | Should -Be 75 -Because 'a CSV text value is sent as the declared Int type'
            $body.BatchSize | Should -BeOfType [long]
        }

        It 'writes a non-terminating error per bad input and goes on with the rest' {
            $errors = $null
            $runs = 'Hello', 'NoSuchPipeline', 'Hello' | Start-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue
            $runs | Should -HaveCount 2
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
            $errors[0].TargetObject | Should -Be 'NoSuchPipeline'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].ErrorDetails.Message | Should -Match 'NoSuchPipeline'
        }

        It 'names the CSV row itself as the target of its error' {
            $rows = @(
                [pscustomobject]@{ PipelineName = 'Hello' }
                [pscustomobject]@{ PipelineName = 'Missing/../x' }
            )
            $errors = $null
            $runs = $rows | Start-AdfPipelineRun -ErrorVariable errors -ErrorAction SilentlyContinue
            $runs | Should -HaveCount 1
            $errors[0].TargetObject | Should -Be $rows[1]
        }
    }

    Context 'input refused before anything is sent' {
        It 'refuses a pipeline name that could change the request path: <Name>' -ForEach @(
            @{ Name = 'a/b' }, @{ Name = '..' }, @{ Name = 'a?b' }, @{ Name = 'a#b' }, @{ Name = 'a%2Fb' }
        ) {
            $errors = $null
            Start-AdfPipelineRun -PipelineName $Name -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInput,*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses a factory name outside the naming rules' {
            { Start-AdfPipelineRun Hello -FactoryName 'bad_factory!' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidInput,AdfRuns.Commands.StartAdfPipelineRunCommand'
            Get-AdfEmulatorRequest -Emulator $emulator | Should -BeNullOrEmpty
        }

        It 'refuses <Case> with InvalidPipelineParameter and sends no createRun' -ForEach @(
            @{ Case = 'a missing required parameter'; Parameters = @{ Region = 'emea' }; Pattern = "requires parameter 'Day'" }
            @{ Case = 'an unknown parameter'; Parameters = @{ Day = 'd'; Colour = 'red' }; Pattern = "no parameter 'Colour'" }
            @{ Case = 'a wrongly typed parameter'; Parameters = @{ Day = 'd'; BatchSize = 'lots' }; Pattern = "BatchSize' is declared Int" }
        ) {
            $errors = $null
            Start-AdfPipelineRun CopySales -Parameter $Parameters -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPipelineParameter,*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $errors[0].Exception.Message | Should -Match $Pattern
            Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
        }

        It 'refuses a script block as a parameter value, naming the path to it' {
            $errors = $null
            Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Options = @{ bad = { 1 } } } -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameterValue,*'
            $errors[0].Exception.Message | Should -Match 'Options\.bad'
        }

        It 'refuses a circular parameter value' {
            $loop = @{ Name = 'x' }
            $loop.Self = $loop
            $errors = $null
            Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'x'; Options = $loop } -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidParameterValue,*'
            $errors[0].Exception.Message | Should -Match 'circular'
        }
    }

    Context 'factory coordinates' {
        It 'takes them from Connect-AdfAccount when not given' {
            (Start-AdfPipelineRun Hello).FactoryName | Should -Be $emulator.FactoryName
        }

        It 'takes -DataFactoryName as an alias of -FactoryName' {
            (Start-AdfPipelineRun Hello -DataFactoryName $emulator.FactoryName).FactoryName | Should -Be $emulator.FactoryName
        }

        It 'reports a factory the service does not know with its error code' {
            $errors = $null
            Start-AdfPipelineRun Hello -FactoryName 'other-factory' -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        }

        It 'throws MissingFactoryCoordinate naming the parameter when there is no default' {
            $token = $emulator.AccessToken
            Connect-AdfAccount -AccessToken $token -ResourceManagerEndpoint $emulator.Endpoint | Out-Null
            try {
                $thrown = { Start-AdfPipelineRun Hello -ErrorAction Stop } | Should -Throw -ErrorId 'MissingFactoryCoordinate,AdfRuns.Commands.StartAdfPipelineRunCommand' -PassThru
                $thrown.Exception.Message | Should -Match '-SubscriptionId'
            }
            finally {
                $emulator | Connect-AdfAccount | Out-Null
            }
        }
    }

    It '-Verbose shows each HTTP call as METHOD path -> status (ms)' {
        $verbose = Start-AdfPipelineRun Hello -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'POST /subscriptions/.+/pipelines/Hello/createRun\?api-version=2018-06-01 -> 200 \(\d+ ms\)'
    }
}

Describe 'Start-AdfPipelineRun from CSV rows with optional columns' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Common.ps1')
        $csvEmulator = Start-TestEmulator
    }

    AfterAll {
        $csvEmulator | Stop-AdfEmulator
        Disconnect-AdfAccount
    }

    It 'treats an empty FactoryName or ResourceGroupName cell as the connected default' {
        $rows = @'
PipelineName,FactoryName,ResourceGroupName
Hello,,
Hello,adfruns-emulator,
'@ | ConvertFrom-Csv
        $runs = $rows | Start-AdfPipelineRun
        $runs | Should -HaveCount 2
        $runs.FactoryName | Sort-Object -Unique | Should -Be $csvEmulator.FactoryName
    }

    It 'asks for the pipeline definition once for many inputs of one pipeline' {
        Get-AdfEmulatorRequest -Emulator $csvEmulator -Clear
        $runs = 1..20 | ForEach-Object { [pscustomobject]@{ PipelineName = 'CopySales'; Parameter = @{ Day = "$_" } } } | Start-AdfPipelineRun -ThrottleLimit 8
        $runs | Should -HaveCount 20
        @(Get-AdfEmulatorRequest -Emulator $csvEmulator -Operation GetPipeline).Count | Should -BeLessOrEqual 1
    }
}
