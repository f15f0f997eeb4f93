# The emulator over https, its control API and its standalone process, from PowerShell.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'StandaloneEmulator.ps1')

    function Invoke-Control($Emulator, [string] $Method, [string] $Resource, $Body) {
        $arguments = @{ Method = $Method; Uri = "$($Emulator.ControlEndpoint)$Resource"; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status' }
        if ($null -ne $Body) { $arguments.Body = $Body | ConvertTo-Json -Depth 5; $arguments.ContentType = 'application/json' }
        $content = Invoke-RestMethod @arguments
        [pscustomobject]@{ Status = $status; Content = $content }
    }
}

Describe 'Start-AdfEmulator -Https' {
    BeforeAll {
        $script:Secure = Start-AdfEmulator -Https -ActivityDuration 0.1
        $Secure | Connect-AdfAccount | Out-Null
        $script:Certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content -Raw $Secure.CertificatePath))
    }

    AfterAll {
        Stop-AdfEmulator -Emulator $Secure
    }

    It 'serves on https://127.0.0.1 with its certificate written as PEM to CertificatePath' {
        $Secure.Endpoint.Scheme | Should -Be 'https'
        $Secure.Endpoint.Host | Should -Be '127.0.0.1'
        Get-Content -Raw $Secure.CertificatePath | Should -Match '^-----BEGIN CERTIFICATE-----'
        $Secure.ControlEndpoint | Should -Be "$($Secure.Endpoint)_adfruns/"
    }

    It 'makes the certificate for 127.0.0.1 and localhost (subject alternative names) and for server authentication' {
        $names = ($Certificate.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.17' }).Format($false)
        $names | Should -Match 'IP Address[:=]\s*127\.0\.0\.1'
        $names | Should -Match 'DNS( Name)?[:=]localhost'
        ($Certificate.Extensions | Where-Object { $_.Oid.Value -eq '2.5.29.37' }).EnhancedKeyUsages.Value | Should -Contain '1.3.6.1.5.5.7.3.1'
        $Certificate.NotAfter | Should -BeGreaterThan ([DateTime]::Now.AddDays(7))
    }

    It 'is trusted by AdfRuns itself: a run starts, waits and reads back over https' {
        $run = Start-AdfPipelineRun Hello -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Succeeded'
        (Get-AdfEmulatorRequest -Emulator $Secure -Operation CreateRun)[-1].StatusCode | Should -Be 200
    }

    It 'is not trusted by anything else in the process: validation is not turned off globally' {
        { Invoke-RestMethod "$($Secure.Endpoint)_adfruns/" } | Should -Throw '*SSL*'
    }

    It 'is trusted by a client given the PEM, by the name localhost too' {
        $status = & curl -s -o /dev/null -w '%{http_code}' --cacert $Secure.CertificatePath "https://localhost:$($Secure.Endpoint.Port)/_adfruns/"
        $status | Should -Be '200'
    }

    It 'removes the certificate file it made when it stops' {
        $other = Start-AdfEmulator -Https
        $path = $other.CertificatePath
        Test-Path $path | Should -BeTrue
        Stop-AdfEmulator -Emulator $other
        Test-Path $path | Should -BeFalse
    }
}

Describe 'plain http stays the default' {
    It 'serves http with no certificate when -Https is not given' {
        $plain = Start-AdfEmulator
        try {
            $plain.Endpoint.Scheme | Should -Be 'http'
            $plain.CertificatePath | Should -BeNullOrEmpty
        }
        finally { Stop-AdfEmulator -Emulator $plain }
    }
}

Describe 'the control API under /_adfruns/' {
    BeforeAll {
        $script:Controlled = Start-TestEmulator
    }

    AfterAll {
        Stop-AdfEmulator -Emulator $Controlled
    }

    It 'sets a failure that the next run meets, as Set-AdfEmulatorBehavior does' {
        (Invoke-Control $Controlled POST behaviors @{ pipelineName = 'CopySales'; activityName = 'TransformSales'; times = 1; errorCode = '2011'; message = 'corrupt' }).Status | Should -Be 204
        $run = Start-AdfPipelineRun CopySales @{ Day = '2024-05-01' } -Wait -PollingInterval $Fast
        $run.Status | Should -Be 'Failed'
        ($run | Get-AdfActivityRun -Status Failed).Error.ErrorCode | Should -Be '2011'
    }

    It 'lists the requests received, with the Authorization value redacted, and not its own' {
        $requests = (Invoke-Control $Controlled GET requests).Content
        $created = @($requests | Where-Object operation -EQ 'CreateRun')[-1]
        $created.headers.Authorization | Should -Be 'Bearer <redacted>'
        $created.body | Should -Match '2024-05-01'
        @($requests | Where-Object path -Like '/_adfruns*') | Should -HaveCount 0
    }

    It 'adds a fault, as Set-AdfEmulatorFault does' {
        (Invoke-Control $Controlled POST faults @{ operation = 'GetPipeline'; statusCode = 503; count = 1 }).Status | Should -Be 204
        Get-AdfPipeline -Name Hello | Should -Not -BeNullOrEmpty
        @(Get-AdfEmulatorRequest -Emulator $Controlled -Operation GetPipeline).StatusCode | Should -Contain 503
    }

    It 'resets behaviours, faults and the request log' {
        (Invoke-Control $Controlled POST faults @{ operation = 'CreateRun'; statusCode = 400; count = 0 }).Status | Should -Be 204
        (Invoke-Control $Controlled POST reset).Status | Should -Be 204
        @((Invoke-Control $Controlled GET requests).Content) | Should -HaveCount 0
        (Start-AdfPipelineRun CopySales @{ Day = '2024-05-02' } -Wait -PollingInterval $Fast).Status | Should -Be 'Succeeded'
    }

    It 'refuses <Case> with <Status> <Code>' -ForEach @(
        @{ Case = 'an unknown path'; Method = 'GET'; Resource = 'nothing'; Body = $null; Status = 404; Code = 'UnknownControlPath' }
        @{ Case = 'a behaviour for a pipeline that does not exist'; Method = 'POST'; Resource = 'behaviors'; Body = @{ pipelineName = 'Nope'; activityName = 'A' }; Status = 400; Code = 'InvalidControlRequest' }
        @{ Case = 'a fault that does nothing'; Method = 'POST'; Resource = 'faults'; Body = @{ operation = 'CreateRun' }; Status = 400; Code = 'InvalidControlRequest' }
        @{ Case = 'a wrong method'; Method = 'PUT'; Resource = 'reset'; Body = $null; Status = 405; Code = 'MethodNotAllowed' }
    ) {
        $answer = Invoke-Control $Controlled $Method $Resource $Body
        $answer.Status | Should -Be $Status
        $answer.Content.error.code | Should -Be $Code
    }
}

Describe 'Start-AdfEmulator -Wait, the standalone process' {
    It 'writes the connection facts as JSON, serves another process, and stops cleanly on SIGTERM' -Skip:(-not $IsLinux -and -not $IsMacOS) {
        $standalone = Start-StandaloneEmulator -ConnectionFile (Join-Path $TestDrive 'emulator.json') -Arguments '-Https'
        try {
            $facts = $standalone.Facts
            $facts.service | Should -Be 'DataFactory'
            $facts.endpoint | Should -Match '^https://127\.0\.0\.1:\d+/$'
            $facts.factoryName | Should -Be 'adfruns-emulator'
            $status = & curl -s -o /dev/null -w '%{http_code}' --cacert $facts.certificatePath -H "Authorization: Bearer $($facts.accessToken)" `
                "$($facts.endpoint)subscriptions/$($facts.subscriptionId)/resourceGroups/$($facts.resourceGroupName)/providers/Microsoft.DataFactory/factories/$($facts.factoryName)?api-version=2018-06-01"
            $status | Should -Be '200'
        }
        finally { Stop-StandaloneEmulator $standalone }
        $standalone.Process.ExitCode | Should -Be 0
        Test-Path $standalone.ConnectionFile | Should -BeFalse
        Test-Path $facts.certificatePath | Should -BeFalse
        $standalone.Output.Result | Should -Match 'endpoint:\s+https://127\.0\.0\.1'
    }
}

Describe 'Connect-AdfAccount -ConnectionFile: another pwsh connects to the standalone emulator' {
    AfterAll {
        Disconnect-AdfAccount
    }

    It 'connects to a standalone https <Service> emulator with its token and certificate, and runs a pipeline there' -Skip:(-not $IsLinux -and -not $IsMacOS) -ForEach @(
        @{ Service = 'DataFactory'; Arguments = '-Https -ActivityDuration 0.1'; Expect = { param($context, $facts) $context.FactoryName | Should -Be $facts.factoryName; $context.ResourceManagerEndpoint | Should -Be $facts.endpoint } }
        @{ Service = 'Synapse'; Arguments = '-Https -Synapse -WorkspaceName salesws -ActivityDuration 0.1'; Expect = { param($context, $facts) $context.WorkspaceName | Should -Be 'salesws'; $context.FactoryName | Should -BeNullOrEmpty } }
    ) {
        $standalone = Start-StandaloneEmulator -ConnectionFile (Join-Path $TestDrive "$Service.json") -Arguments $Arguments
        try {
            $context = Connect-AdfAccount -ConnectionFile $standalone.ConnectionFile
            $context.AccountType | Should -Be 'AccessToken'
            & $Expect $context $standalone.Facts
            $run = Start-AdfPipelineRun Hello -Wait -PollingInterval 0.2
            $run.Status | Should -Be 'Succeeded'
            (Get-AdfPipelineRun -RunId $run.RunId).Status | Should -Be 'Succeeded'
            ($context | Out-String) + ($run | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($standalone.Facts.accessToken))
        }
        finally { Stop-StandaloneEmulator $standalone }
    }

    It 'takes what the call names over the file''s: -FactoryName, -SubscriptionId' {
        $file = Join-Path $TestDrive 'plain.json'
        @{ service = 'DataFactory'; endpoint = 'http://127.0.0.1:9/'; accessToken = 'not-a-real-token'; subscriptionId = 'sub-from-file'; resourceGroupName = 'rg-from-file'; factoryName = 'factory-from-file' } |
            ConvertTo-Json | Set-Content $file
        $context = Connect-AdfAccount -ConnectionFile $file -FactoryName other-factory -SubscriptionId other-sub
        $context.FactoryName | Should -Be 'other-factory'
        $context.SubscriptionId | Should -Be 'other-sub'
        $context.ResourceGroupName | Should -Be 'rg-from-file'
        $context.ResourceManagerEndpoint | Should -Be 'http://127.0.0.1:9/'
        (Connect-AdfAccount -ConnectionFile $file -WorkspaceName salesws).FactoryName | Should -BeNullOrEmpty -Because 'a workspace named in the call is the default instead of the file''s factory'
    }

    It 'reads a file that starts with a byte order mark' {
        $file = Join-Path $TestDrive 'bom.json'
        [System.IO.File]::WriteAllText($file, '{"endpoint":"http://127.0.0.1:9/","accessToken":"t","factoryName":"bom-factory"}', [System.Text.UTF8Encoding]::new($true))
        (Connect-AdfAccount -ConnectionFile $file).FactoryName | Should -Be 'bom-factory'
    }

    It 'refuses a path that is not on the file system, naming it' {
        { Connect-AdfAccount -ConnectionFile 'Env:\PATH' } | Should -Throw -ErrorId 'EmulatorConnectionFileUnreadable,AdfRuns.Commands.ConnectAdfAccountCommand' -ExpectedMessage '*not a file-system path*'
    }

    It 'refuses <Case> with <ErrorId>, naming the file' -ForEach @(
        @{ Case = 'a missing file'; Content = $null; ErrorId = 'EmulatorConnectionFileUnreadable' }
        @{ Case = 'a file that is not JSON'; Content = 'endpoint=http://127.0.0.1:9/'; ErrorId = 'InvalidEmulatorConnectionFile' }
        @{ Case = 'a file without an endpoint'; Content = '{"accessToken":"t"}'; ErrorId = 'InvalidEmulatorConnectionFile' }
        @{ Case = 'an https endpoint that is not loopback'; Content = '{"endpoint":"https://example.com/","accessToken":"t","certificatePath":"c.pem"}'; ErrorId = 'InvalidEmulatorConnectionFile' }
        @{ Case = 'an https endpoint without a certificate'; Content = '{"endpoint":"https://127.0.0.1:9/","accessToken":"t"}'; ErrorId = 'InvalidEmulatorConnectionFile' }
        @{ Case = 'a certificate that is not PEM'; Content = '{"endpoint":"https://127.0.0.1:9/","accessToken":"t","certificatePath":"CERTIFICATE"}'; ErrorId = 'InvalidEmulatorConnectionFile' }
        @{ Case = 'a folder'; Content = 'FOLDER'; ErrorId = 'InvalidEmulatorConnectionFile' }
    ) {
        $file = Join-Path $TestDrive 'bad.json'
        Remove-Item $file -Recurse -ErrorAction Ignore
        if ($Content -eq 'FOLDER') { New-Item -ItemType Directory $file | Out-Null }
        elseif ($null -ne $Content) { Set-Content $file ($Content -replace 'CERTIFICATE', ((Join-Path $TestDrive 'bad.json') -replace '\\', '\\')) }
        $thrown = { Connect-AdfAccount -ConnectionFile $file } | Should -Throw -ErrorId "$ErrorId,AdfRuns.Commands.ConnectAdfAccountCommand" -PassThru
        $thrown.TargetObject | Should -Be $file
        $thrown.Exception.Message | Should -Match ([regex]::Escape('bad.json'))
    }
}
