# What a first-time user met on the start path (the newcomer report's #6, #10, #11, #19, #20).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $Pwsh = (Get-Process -Id $PID).Path
    if ((Split-Path $Pwsh -Leaf) -notlike 'pwsh*') { $Pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }

    # Runs a script in a fresh pwsh connected to the emulator; returns everything it printed.
    function Invoke-InChild {
        param($Emulator, [string] $Script)
        $token = [System.Net.NetworkCredential]::new('', $Emulator.AccessToken).Password
        $connect = "Import-Module '$ModulePath'; Connect-AdfAccount -AccessToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -ResourceManagerEndpoint '$($Emulator.Endpoint)' -SubscriptionId '$($Emulator.SubscriptionId)' -ResourceGroupName '$($Emulator.ResourceGroupName)' -FactoryName '$($Emulator.FactoryName)' | Out-Null"
        & $Pwsh -NoProfile -NonInteractive -Command "$connect; $Script" 2>&1 | Out-String -Width 400
    }
}

Describe 'Start path, as a newcomer meets it' {
    BeforeAll { $emulator = Start-TestEmulator }
    AfterAll { $emulator | Stop-AdfEmulator; Disconnect-AdfAccount }
    AfterEach { Set-AdfEmulatorBehavior -Emulator $emulator -Reset; Get-AdfEmulatorRequest -Emulator $emulator -Clear }

    It '-WhatIf checks the parameters against the definition and sends nothing (#10)' {
        $errors = $null
        Start-AdfPipelineRun CopySales -Parameter @{ Dya = 'x' } -WhatIf -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPipelineParameter,*'
        $errors[0].Exception.Message | Should -Match "no parameter 'Dya'"
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It '-WhatIf shows the body it would send, with SecureString parameters masked (#10)' {
        $printed = Invoke-InChild $emulator "Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'n1'; Count = 5; Secret = (ConvertTo-SecureString 's3cr3t-value' -AsPlainText -Force) } -WhatIf"
        $printed | Should -Match 'What if: .+"Name":"n1"'
        $printed | Should -Match '"Count":5'
        $printed | Should -Match '"Secret":"\*{8}"'
        $printed | Should -Not -Match 's3cr3t-value'
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It '-FromFailure on a succeeded run is refused as NothingToRerun, sending nothing (#11)' {
        $ok = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $errors = $null
        $ok | Restart-AdfPipelineRun -FromFailure -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NothingToRerun,*'
        $errors[0].TargetObject.RunId | Should -Be $ok.RunId
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It 'the README rerun one-liner, run twice, reruns a failure once (#11)' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1
        $failed = Start-AdfPipelineRun CopySales @{ Day = 'once' } -Wait -PollingInterval $Fast
        $failed.Status | Should -Be 'Failed'
        $first = Get-AdfPipelineRun -Status Failed -LatestOnly | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast
        $first.RunGroupId | Should -Contain $failed.RunId
        $second = Get-AdfPipelineRun -Status Failed -LatestOnly | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast
        $second | Where-Object RunGroupId -eq $failed.RunId | Should -BeNullOrEmpty
    }

    It '-FromFailure on a failure that was already rerun is refused as AlreadyRerun, naming its group (#11)' {
        Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName CopySales -ActivityName TransformSales -Times 1
        $failed = Start-AdfPipelineRun CopySales @{ Day = 'twice' } -Wait -PollingInterval $Fast
        $failed | Restart-AdfPipelineRun -FromFailure -Wait -PollingInterval $Fast | Out-Null
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $errors = $null
        Restart-AdfPipelineRun -RunId $failed.RunId -FromFailure -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'AlreadyRerun,*'
        $errors[0].Exception.Message | Should -Match $failed.RunId
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It 'a rerun -FromActivity an activity the pipeline lacks is refused before sending, naming the ones it has' {
        $run = Start-AdfPipelineRun CopySales @{ Day = 'x' }
        Get-AdfEmulatorRequest -Emulator $emulator -Clear
        $errors = $null
        $run | Restart-AdfPipelineRun -FromActivity SayHello -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ActivityNotFound,*'
        $errors[0].Exception.Message | Should -Match 'ExtractSales, TransformSales, LoadWarehouse'
        $errors[0].Exception.Message | Should -Match 'Nothing was sent'
        Get-CreateRunRequest $emulator | Should -BeNullOrEmpty
    }

    It 'a pipeline name given where a run id goes suggests -PipelineName (#20)' {
        { Get-AdfPipelineRun CopySales -ErrorAction Stop } | Should -Throw -ExpectedMessage "*-PipelineName 'CopySales'*"
    }

    It 'PipelineNotFound names the factory and suggests the near pipeline name (#20)' {
        $errors = $null
        Start-AdfPipelineRun CopySale @{ Day = 'x' } -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
        $errors[0].Exception.Message | Should -Match "factory '$($emulator.FactoryName)'"
        $errors[0].Exception.Message | Should -Match "Did you mean 'CopySales'"
    }

    It '-Debug shows the createRun body with SecureString values masked, and -Verbose says which run started (#19)' {
        $secret = ConvertTo-SecureString 'very-secret-42' -AsPlainText -Force
        $streams = Start-AdfPipelineRun ParameterTypes -Parameter @{ Name = 'n'; Count = 7; Secret = $secret } -Debug -Verbose 5>&1 4>&1
        $run = $streams | Where-Object { $_ -is [AdfRuns.PipelineRun] }
        $debug = ($streams | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message -join "`n"
        $debug | Should -Match '"Count":7'
        $debug | Should -Match '"Secret":"\*{8}"'
        $debug | Should -Not -Match 'very-secret-42'
        ($streams | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match "Started run $($run.RunId) of pipeline 'ParameterTypes'"
    }
}

Describe 'a cmdlet run before Connect-AdfAccount (#6)' {
    It 'says to run Connect-AdfAccount first, before the credential chain''s details (#6)' {
        # The managed identity of the default chain is pointed at a closed loopback port, so nothing leaves the machine.
        $script = "Import-Module '$ModulePath'; Get-AdfPipelineRun -SubscriptionId 6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60 -ResourceGroupName rg -FactoryName factory-one -ErrorAction SilentlyContinue -ErrorVariable e; `$e[0].FullyQualifiedErrorId; `$e[0].ErrorDetails.Message"
        $saved = @{}
        foreach ($name in 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_FEDERATED_TOKEN_FILE', 'MSI_ENDPOINT') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        try {
            $env:IDENTITY_ENDPOINT = 'http://127.0.0.1:9/msi/token'
            $env:IDENTITY_HEADER = 'not-a-secret'
            $printed = & $Pwsh -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
        $printed | Should -Match 'SignInFailed,'
        $printed | Should -Match 'Not signed in\. Run Connect-AdfAccount first'
    }
}
