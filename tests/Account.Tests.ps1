BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
    $plainToken = [System.Net.NetworkCredential]::new('', $emulator.AccessToken).Password
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'Connect-AdfAccount' {
    AfterEach { $emulator | Connect-AdfAccount | Out-Null }

    It 'takes the emulator object from the pipeline and returns a context without secrets' {
        $context = $emulator | Connect-AdfAccount
        $context | Should -BeOfType ([AdfRuns.Context])
        $context.AccountType | Should -Be 'AccessToken'
        $context.ResourceManagerEndpoint | Should -Be $emulator.Endpoint
        $context.FactoryName | Should -Be $emulator.FactoryName
        ($context | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($plainToken))
        ($context | ConvertTo-Json) | Should -Not -Match ([regex]::Escape($plainToken))
    }

    It 'Get-AdfContext shows the connection; Disconnect-AdfAccount forgets it' {
        (Get-AdfContext).FactoryName | Should -Be $emulator.FactoryName
        Disconnect-AdfAccount
        Get-AdfContext | Should -BeNullOrEmpty
    }

    It 'refuses plain http to a host that is not loopback' {
        { Connect-AdfAccount -AccessToken $emulator.AccessToken -ResourceManagerEndpoint 'http://management.example.com/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureResourceManagerEndpoint,AdfRuns.Commands.ConnectAdfAccountCommand'
    }

    It 'maps -Environment <Environment> to its Resource Manager host' -ForEach @(
        @{ Environment = 'AzureCloud'; HostName = 'management.azure.com' }
        @{ Environment = 'AzureUSGovernment'; HostName = 'management.usgovcloudapi.net' }
        @{ Environment = 'AzureChinaCloud'; HostName = 'management.chinacloudapi.cn' }
    ) {
        $context = Connect-AdfAccount -AccessToken $emulator.AccessToken -Environment $Environment
        $context.Environment | Should -Be $Environment
        $context.ResourceManagerEndpoint.Host | Should -Be $HostName
    }

    It 'reports a token the service refuses as PermissionDenied, and the token appears in no stream' {
        $wrong = ConvertTo-SecureString 'eyJ0eXAiOiJKV1QifQ.wrong-token-value.xyz' -AsPlainText -Force
        Connect-AdfAccount -AccessToken $wrong -ResourceManagerEndpoint $emulator.Endpoint -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName | Out-Null
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $errors = $null
        $streams = Start-AdfPipelineRun Hello -ErrorVariable errors -ErrorAction SilentlyContinue *>&1 | Out-String
        $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAuthenticationToken,*'
        $everything = $streams + ($errors | Out-String) + ($errors[0].Exception | Format-List * -Force | Out-String)
        $everything | Should -Not -Match 'wrong-token-value'
        $everything | Should -Match 'Bearer <redacted>'
    }

    It 'never writes the accepted token to -Verbose or -Debug output' {
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $streams = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast *>&1 | Out-String
        $streams | Should -Match 'createRun'
        $streams | Should -Not -Match ([regex]::Escape($plainToken))
    }
}

Describe 'Get-AdfPipelineRun -RunId' {
    It 'gets many runs by id, with every documented property' {
        $started = 'Hello', 'Hello' | Start-AdfPipelineRun
        $runs = Get-AdfPipelineRun -RunId $started.RunId
        $runs.RunId | Should -Be $started.RunId
        foreach ($property in 'RunId', 'PipelineName', 'Status', 'RunStart', 'RunEnd', 'Duration', 'DurationInMs', 'Message', 'Parameters',
            'RunGroupId', 'IsLatest', 'IsRecovery', 'InvokedBy', 'LastUpdated', 'Annotations', 'RunDimension', 'SubscriptionId',
            'ResourceGroupName', 'FactoryName', 'IsTerminal') {
            $runs[0].PSObject.Properties.Name | Should -Contain $property
        }
    }

    It 'refreshes piped runs by property name' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        ($run | Get-AdfPipelineRun).Status | Should -Be 'Succeeded'
    }

    It 'writes an error per unknown id and goes on' {
        $known = Start-AdfPipelineRun Hello
        $errors = $null
        $runs = Get-AdfPipelineRun -RunId ([guid]::NewGuid()), $known.RunId -ErrorVariable errors -ErrorAction SilentlyContinue
        $runs.RunId | Should -Be $known.RunId
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
