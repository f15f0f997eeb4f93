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
    AfterEach { $emulator | Connect-AdfAccount -Verbose:$false | Out-Null }

    It 'takes the emulator object from the pipeline and returns a context without secrets' {
        $context = $emulator | Connect-AdfAccount
        $context | Should -BeOfType ([AdfRuns.Context])
        $context.AccountType | Should -Be 'AccessToken'
        $context.ResourceManagerEndpoint | Should -Be $emulator.Endpoint
        $context.FactoryName | Should -Be $emulator.FactoryName
        ($context | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($plainToken))
        ($context | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($plainToken))
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

    It 'maps -Environment <Environment> to its Resource Manager host and token scope, without network' -ForEach @(
        @{ Environment = 'AzureCloud'; HostName = 'management.azure.com'; Scope = 'https://management.azure.com//.default' }
        @{ Environment = 'AzureUSGovernment'; HostName = 'management.usgovcloudapi.net'; Scope = 'https://management.usgovcloudapi.net/.default' }
        @{ Environment = 'AzureChinaCloud'; HostName = 'management.chinacloudapi.cn'; Scope = 'https://management.chinacloudapi.cn/.default' }
    ) {
        $context = Connect-AdfAccount -AccessToken $emulator.AccessToken -Environment $Environment
        $context.Environment | Should -Be $Environment
        $context.ResourceManagerEndpoint.Host | Should -Be $HostName
        $context.ResourceManagerEndpoint.Scheme | Should -Be 'https'
        $context.TokenScope | Should -Be $Scope
    }

    It 'keeps the cloud''s token scope when -ResourceManagerEndpoint points elsewhere' {
        $context = Connect-AdfAccount -AccessToken $emulator.AccessToken -Environment AzureUSGovernment -ResourceManagerEndpoint $emulator.Endpoint
        $context.ResourceManagerEndpoint | Should -Be $emulator.Endpoint
        $context.TokenScope | Should -Be 'https://management.usgovcloudapi.net/.default'
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
            # Duration is a hidden TimeSpan (AdfRuns.types.ps1xml), so it is looked up by name.
            $runs[0].PSObject.Properties[$property] | Should -Not -BeNullOrEmpty -Because $property
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

Describe 'Connect-AdfAccount -Identity (managed identity, as in Azure Automation)' {
    BeforeAll {
        $identityEmulator = Start-AdfEmulator -ActivityDuration 00:00:00.05
        $env:IDENTITY_ENDPOINT = $identityEmulator.IdentityEndpoint.ToString()
        $env:IDENTITY_HEADER = $identityEmulator.IdentityHeader
        $coordinates = @{
            ResourceManagerEndpoint = $identityEmulator.Endpoint
            SubscriptionId          = $identityEmulator.SubscriptionId
            ResourceGroupName       = $identityEmulator.ResourceGroupName
            FactoryName             = $identityEmulator.FactoryName
        }
    }

    AfterAll {
        Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
        $identityEmulator | Stop-AdfEmulator
        $emulator | Connect-AdfAccount | Out-Null
    }

    BeforeEach { Get-AdfEmulatorRequest -Emulator $identityEmulator -Clear }

    It 'signs in with the system-assigned identity, asking for the ARM resource, then starts a run' {
        $context = Connect-AdfAccount -Identity @coordinates
        $context.AccountType | Should -Be 'ManagedIdentity'
        (Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast).Status | Should -Be 'Succeeded'
        $tokenRequests = @(Get-AdfEmulatorRequest -Emulator $identityEmulator -Operation Token)
        $tokenRequests.Count | Should -Be 1 -Because 'one token serves every request'
        $query = ConvertFrom-QueryString $tokenRequests[0].Query
        $query.resource | Should -Be 'https://management.azure.com/'
        $query.ContainsKey('client_id') | Should -BeFalse
        $tokenRequests[0].Headers['X-IDENTITY-HEADER'] | Should -Not -BeNullOrEmpty
    }

    It 'signs in with a user-assigned identity by -ClientId' {
        $clientId = [guid]::NewGuid().ToString()
        $context = Connect-AdfAccount -Identity -ClientId $clientId @coordinates
        $context.AccountId | Should -Be $clientId
        (Start-AdfPipelineRun Hello).RunId | Should -Not -BeNullOrEmpty
        $query = ConvertFrom-QueryString (Get-AdfEmulatorRequest -Emulator $identityEmulator -Operation Token)[0].Query
        $query.client_id | Should -Be $clientId
        $query.resource | Should -Be 'https://management.azure.com/'
    }

    It 'asks for the US Government resource with -Environment AzureUSGovernment' {
        Connect-AdfAccount -Identity -Environment AzureUSGovernment @coordinates | Out-Null
        Start-AdfPipelineRun Hello | Out-Null
        (ConvertFrom-QueryString (Get-AdfEmulatorRequest -Emulator $identityEmulator -Operation Token)[0].Query).resource | Should -Be 'https://management.usgovcloudapi.net'
    }

    It 'shows no token anywhere in -Verbose and -Debug output of a whole run' {
        Connect-AdfAccount -Identity @coordinates | Out-Null
        $DebugPreference = 'Continue'
        $VerbosePreference = 'Continue'
        $everything = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast *>&1 | Out-String
        $everything | Should -Match 'Bearer <redacted>'
        $everything | Should -Not -Match 'eyJ[A-Za-z0-9_-]{10,}'
    }
}
