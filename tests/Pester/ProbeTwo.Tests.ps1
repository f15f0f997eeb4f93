# The second reliability probe's defects (E1-E9, and the long request-id warning), each against the built module.
# Paging loops are driven by a tiny loopback stub that repeats its continuation token, since no service should.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator

    # Runs a script in a fresh runspace and gives up on it after $Seconds (the code before the fix never ends).
    function Invoke-Bounded {
        param([Parameter(Mandatory)] [string] $Script, [int] $Seconds = 60)
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$ModulePath'; $Script")
            $handle = $shell.BeginInvoke()
            $finished = $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($Seconds))
            if (-not $finished) { $shell.Stop() }
            $output = @(); try { $output = @($shell.EndInvoke($handle)) } catch { }
            [pscustomobject]@{ Finished = $finished; Output = $output; Errors = @($shell.Streams.Error); Debug = @($shell.Streams.Debug.Message); Warnings = @($shell.Streams.Warning.Message) }
        }
        finally {
            $shell.Dispose()
        }
    }
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Paging that never ends' {
    BeforeAll {
        # A loopback ARM stub: every query page, and every page of the pipeline list, points to the same next page.
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $stubBase = "http://127.0.0.1:$port"
        $runId = [guid]::NewGuid().ToString()
        $listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("$stubBase/")
        $listener.Start()
        $stub = [powershell]::Create()
        $null = $stub.AddScript({
            param($Prefix, $RunId, $listener)
            $start = [DateTimeOffset]::UtcNow.AddMinutes(-30).ToString('o')
            $run = @{ runId = $RunId; runGroupId = $RunId; pipelineName = 'Loop'; status = 'InProgress'; runStart = $start; lastUpdated = [DateTimeOffset]::UtcNow.ToString('o'); parameters = @{}; invokedBy = @{}; isLatest = $true; message = '' }
            $activity = @{ activityName = 'A'; activityType = 'Wait'; activityRunId = [guid]::NewGuid().ToString(); pipelineName = 'Loop'; pipelineRunId = $RunId; status = 'Succeeded'; activityRunStart = $start; input = @{}; output = @{}; error = @{} }
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $path = $context.Request.Url.AbsolutePath
                $answer = if ($path -like '*/queryActivityruns') { @{ value = @($activity); continuationToken = 'same-token' } }
                elseif ($path -like '*/queryPipelineRuns') { @{ value = @($run); continuationToken = 'same-token' } }
                elseif ($path -like '*/pipelineruns/*') { $run }
                elseif ($path -like '*/pipelines') { @{ value = @(@{ name = 'Loop'; properties = @{ activities = @() } }); nextLink = "$Prefix$path`?api-version=2018-06-01&`$skipToken=same" } }
                else { @{ error = @{ code = 'NotFound'; message = $path } } }
                $bytes = [Text.Encoding]::UTF8.GetBytes(($answer | ConvertTo-Json -Depth 8 -Compress))
                $context.Response.StatusCode = if ($answer.error) { 404 } else { 200 }
                $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($stubBase).AddArgument($runId).AddArgument($listener)
        $stubHandle = $stub.BeginInvoke()
        $connect = "Connect-AdfAccount -ResourceManagerEndpoint '$stubBase' -AccessToken (ConvertTo-SecureString 'stub-token' -AsPlainText -Force) -SubscriptionId sub1 -ResourceGroupName rg1 -FactoryName fac1 | Out-Null"
    }

    AfterAll {
        $listener.Close()
        $null = $stubHandle.AsyncWaitHandle.WaitOne(5000)
        $stub.Dispose()
    }

    It 'stops with a clear error when a continuation token repeats: <Name> (probe 2 E1)' -ForEach @(
        @{ Name = 'Get-AdfActivityRun'; Command = 'Get-AdfActivityRun -RunId {0}' }
        @{ Name = 'Get-AdfActivityRun -Recurse'; Command = 'Get-AdfActivityRun -RunId {0} -Recurse' }
        @{ Name = 'Get-AdfPipelineRun (a query)'; Command = 'Get-AdfPipelineRun -PipelineName Loop' }
        @{ Name = 'Wait-AdfPipelineRun'; Command = 'Wait-AdfPipelineRun -RunId {0} -PollingInterval 0.2 -Timeout 30' }
        @{ Name = 'Get-AdfPipeline'; Command = 'Get-AdfPipeline' }
    ) {
        $result = Invoke-Bounded -Seconds 30 -Script "$connect; $($Command -f $runId)"
        $result.Finished | Should -BeTrue -Because 'a repeated token must end the listing, not loop for ever'
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ContinuationTokenRepeated,*'
        $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $result.Errors[0].Exception.Message | Should -BeLike '*continuation token it had already given*'
    }
}

Describe 'Signing in again after a 401' {
    AfterEach {
        Disconnect-EmulatorIdentity
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'asks the managed-identity endpoint for a new token, past Azure.Identity''s cache (probe 2 E2, newcomer 12)' {
        Connect-EmulatorIdentity $emulator
        Start-AdfPipelineRun Hello | Out-Null
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -StatusCode 401 -Count 1
        $run = Start-AdfPipelineRun Hello -Verbose 4>&1 | Where-Object { $_ -is [AdfRuns.PipelineRun] }
        $run.Status | Should -Not -BeNullOrEmpty
        $log = @(Get-AdfEmulatorRequest -Emulator $emulator)
        @($log | Where-Object Operation -eq Token) | Should -HaveCount 1 -Because 'the rejected token is renewed at the identity endpoint'
        $creates = @($log | Where-Object Operation -eq CreateRun)
        $creates | Should -HaveCount 2
        $creates[0].StatusCode | Should -Be 401
        $creates[1].StatusCode | Should -Be 200
    }
}

Describe 'Parameter values past the size of run parameters' {
    BeforeEach { Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It 'refuses a 5 MB string in -Parameter before sending anything (probe 2 E4)' {
        { Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = ('a' * 5MB) } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameterValue*' -ExpectedMessage '*larger than the 4 MiB limit*'
        @(Get-AdfEmulatorRequest -Emulator $emulator) | Should -HaveCount 0
    }

    It 'stops reading a huge enumerable at the limit, naming where, and sends nothing (probe 2 E4)' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        { Start-AdfPipelineRun CopySales -Parameter @{ x = [Linq.Enumerable]::Range(0, 3000000) } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameterValue*' -ExpectedMessage 'x`[*`]: *4 MiB*'
        @(Get-AdfEmulatorRequest -Emulator $emulator) | Should -HaveCount 0
    }
}

Describe 'The emulator''s log and a SecureString' {
    It 'masks a SecureString given to a parameter declared String (probe 2 E6)' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $secret = ConvertTo-SecureString 'SECRET-E6-VALUE' -AsPlainText -Force
        Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = $secret } | Out-Null
        $body = (Get-AdfEmulatorRequest -Emulator $emulator -Operation CreateRun)[0].Body
        $body | Should -Not -BeLike '*SECRET-E6-VALUE*'
        ($body | ConvertFrom-Json).Name | Should -Be '********'
    }
}

Describe 'Workspace names Synapse would refuse' {
    BeforeAll {
        $synapse = Start-AdfEmulator -Synapse -WorkspaceName contoso-ws -ActivityDuration 00:00:00.1
        $synapse | Connect-AdfAccount | Out-Null
    }

    AfterAll {
        $synapse | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    It 'refuses <Shown> before sending, naming it (probe 2 E7)' -ForEach @(
        @{ Shown = 'a trailing line feed'; Name = "contoso-ws`n"; Says = '*contoso-ws\u000A*control character*' }
        @{ Shown = 'an empty name'; Name = ''; Says = '*WorkspaceName is empty*' }
        @{ Shown = 'a blank name'; Name = ' '; Says = '*WorkspaceName is empty*' }
        @{ Shown = 'upper case'; Name = 'Contoso-WS'; Says = "*'Contoso-WS'*lower-case*Did you mean 'contoso-ws'*" }
    ) {
        Get-AdfEmulatorRequest -Emulator $synapse -Clear
        $runs = @(Start-AdfPipelineRun Hello -WorkspaceName $Name -ErrorVariable refused -ErrorAction SilentlyContinue)
        $runs | Should -HaveCount 0
        $refused | Should -HaveCount 1
        $refused[0].Exception.Message | Should -BeLike $Says
        @(Get-AdfEmulatorRequest -Emulator $synapse) | Should -HaveCount 0
    }

    It 'refuses the same names piped as a property, one error per input, the others still started (probe 2 E7)' {
        $rows = @([pscustomobject]@{ PipelineName = 'Hello'; WorkspaceName = 'contoso-ws' }, [pscustomobject]@{ PipelineName = 'Hello'; WorkspaceName = 'Contoso-WS' }, [pscustomobject]@{ PipelineName = 'Hello'; WorkspaceName = ' ' })
        $runs = @($rows | Start-AdfPipelineRun -ErrorVariable refused -ErrorAction SilentlyContinue)
        $runs | Should -HaveCount 1
        $refused | Should -HaveCount 2
        $refused.TargetObject.WorkspaceName | Should -Be @('Contoso-WS', ' ')
    }
}

Describe 'Stop-AdfPipelineRun -Debug on a finished run' {
    It 'writes the notice without a prompt, so a host that cannot answer does not fail (probe 2 E8)' {
        $script = "`$emulator = Start-AdfEmulator -ActivityDuration 0.05; `$emulator | Connect-AdfAccount | Out-Null; `$run = Start-AdfPipelineRun Hello -Wait -PollingInterval 0.2; `$run | Stop-AdfPipelineRun -Confirm:`$false -Debug; `$emulator | Stop-AdfEmulator"
        $result = Invoke-Bounded -Seconds 60 -Script $script
        $result.Finished | Should -BeTrue
        $result.Errors | Should -HaveCount 0
        $result.Debug | Where-Object { $_ -like 'WARNING: Run * has already finished (Succeeded); nothing to cancel.' } | Should -HaveCount 1
    }
}

Describe 'When nothing answers' {
    It 'says how long it retries, consistently with how long nothing has answered (newcomer 10)' {
        $gone = Start-AdfEmulator
        $gone | Connect-AdfAccount | Out-Null
        $gone | Stop-AdfEmulator
        $errors = @()
        $null = 1..24 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 4 -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $emulator | Connect-AdfAccount | Out-Null
        $errors | Should -HaveCount 24
        $errors | ForEach-Object { $_.Exception.Message | Should -BeLike '*AdfRuns retries for 10 s while nothing answers, then stops, and every input still waiting fails at its first refused connection*' }
    }
}

Describe 'The warning about createRun requests that may still create runs' {
    It 'gives a count and the first few ids, not every id on one line (probe 2 warning)' {
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        Set-AdfEmulatorFault -Emulator $emulator -Operation CreateRun -DropConnection -Count 8
        $runs = @(1..8 | ForEach-Object { 'Hello' } | Start-AdfPipelineRun -ThrottleLimit 8 -WarningVariable late -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [AdfRuns.PipelineRun] })
        Set-AdfEmulatorFault -Emulator $emulator -Clear
        $runs | Should -HaveCount 8
        $warning = @($late | Where-Object { $_.Message -like '*got no answer*sent again*' })
        $warning | Should -HaveCount 1
        $warning[0].Message | Should -BeLike '*: 8 requests, the first 5 * and 3 more (-Verbose lists them all)*'
    }
}
