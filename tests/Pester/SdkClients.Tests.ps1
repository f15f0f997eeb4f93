# The official Azure SDKs, unmodified, against the emulator over https, trusting its certificate as their users do:
# the JavaScript ADF SDK (NODE_EXTRA_CA_CERTS) against an emulator in this process, and the Python ADF and Synapse
# SDKs (REQUESTS_CA_BUNDLE) against standalone emulator processes scripted only through the control API. The flows
# live in tests/sdk/; each step is one test here. Without node_modules or Debian's python3-azure the tests are
# skipped with the reason, unless ADFRUNS_REQUIRE_SDK_TESTS is set (CI sets it, so there they must run).

BeforeDiscovery {
    $flowSteps = @('createRun with typed parameters', 'get run', 'wait to Failed', 'activity runs with the error',
        'query with filters and paging', 'recursive cancel', 'a 404 with its code', 'requests read back through the control API')
    $script:AdfSteps = @('get factory', 'list pipelines', 'get pipeline') + $flowSteps[0..3] + @('rerun from failure') + $flowSteps[4..7] |
        ForEach-Object { @{ Step = $_ } }
    $script:SynapseSteps = @('list pipelines', 'get pipeline') + $flowSteps[0..3] + @('rerun from an activity') + $flowSteps[4..7] |
        ForEach-Object { @{ Step = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    . (Join-Path $PSScriptRoot 'StandaloneEmulator.ps1')
    $script:SdkRoot = Join-Path $RepositoryRoot 'tests/sdk'
    $script:Required = [bool]$env:ADFRUNS_REQUIRE_SDK_TESTS

    # Debian's python3-azure installs for /usr/bin/python3, which may not be the first python on PATH.
    $script:Python = '/usr/bin/python3'
    $script:PythonMissing = if (-not (Test-Path $Python)) { "$Python is not installed" }
    elseif (-not $IsLinux) { 'the Python SDKs are tested with Debian''s python3-azure only' }
    else {
        & $Python -c 'import azure.mgmt.datafactory, azure.synapse.artifacts' 2>$null
        if ($LASTEXITCODE -ne 0) { 'Debian''s python3-azure is not installed (apt-get install python3-azure)' }
    }

    $script:Node = (Get-Command node -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    $script:NodeMissing = if (-not $Node) { 'node is not installed' }
    elseif (-not (Test-Path (Join-Path $SdkRoot 'js/node_modules/@azure/arm-datafactory'))) { 'tests/sdk/js has no node_modules (npm ci there; build.ps1 -Task Test does it when npm is present)' }

    function Skip-Without([string] $Missing) {
        if (-not $Missing) { return $false }
        if ($Required) { throw "ADFRUNS_REQUIRE_SDK_TESTS is set but $Missing." }
        Set-ItResult -Skipped -Because $Missing
        return $true
    }

    function Assert-Step($Flow, [string] $Step) {
        $Flow.Steps.ContainsKey($Step) | Should -BeTrue -Because "the flow reports every step (exit $($Flow.ExitCode); stderr: $($Flow.Errors))"
        $result = $Flow.Steps[$Step]
        $result.ok | Should -BeTrue -Because "$($result.detail) $($result.trace)"
    }
}

Describe 'the JavaScript ADF SDK (@azure/arm-datafactory 12) over https, trusting the emulator through NODE_EXTRA_CA_CERTS' {
    BeforeAll {
        if (-not $NodeMissing) {
            $connection = Join-Path $TestDrive 'js-emulator.json'
            $script:JsEmulator = Start-AdfEmulator -Https -ActivityDuration 0.3 -ConnectionFile $connection
            $script:JsFlow = Invoke-SdkFlow -FilePath $Node -ArgumentList (Join-Path $SdkRoot 'js/adf-flow.js'), $connection `
                -Environment @{ NODE_EXTRA_CA_CERTS = $JsEmulator.CertificatePath } -WorkingDirectory (Join-Path $SdkRoot 'js')
        }
    }

    AfterAll {
        if ($JsEmulator) { Stop-AdfEmulator -Emulator $JsEmulator }
    }

    It '<Step>' -ForEach $AdfSteps {
        if (Skip-Without $NodeMissing) { return }
        Assert-Step $JsFlow $Step
    }

    It 'sends the SDK''s user agent, a client request id of its own form and JSON Accept, seen by Get-AdfEmulatorRequest' {
        if (Skip-Without $NodeMissing) { return }
        $created = @(Get-AdfEmulatorRequest -Emulator $JsEmulator -Operation CreateRun)[0]
        $created.Headers['User-Agent'] | Should -Match '^azsdk-js-arm-datafactory/12\.'
        $created.Headers['x-ms-client-request-id'] | Should -Match '^[0-9a-f-]{36}$'
        $created.Headers['Accept'] | Should -Be 'application/json'
        $created.StatusCode | Should -Be 200
    }
}

Describe 'the Python <Sdk> SDK over https against a standalone emulator, trusting it through REQUESTS_CA_BUNDLE' -ForEach @(
    @{ Sdk = 'ADF (azure-mgmt-datafactory)'; Flow = 'adf_flow.py'; Arguments = '-Https -ActivityDuration 0.3'; Steps = $AdfSteps }
    @{ Sdk = 'Synapse (azure-synapse-artifacts)'; Flow = 'synapse_flow.py'; Arguments = '-Synapse -Https -ActivityDuration 0.3'; Steps = $SynapseSteps }
) {
    BeforeAll {
        if (-not $PythonMissing) {
            $script:Standalone = Start-StandaloneEmulator -ConnectionFile (Join-Path $TestDrive 'emulator.json') -Arguments $Arguments
            $script:PythonFlow = Invoke-SdkFlow -FilePath $Python -ArgumentList (Join-Path $SdkRoot "python/$Flow"), $Standalone.ConnectionFile `
                -Environment @{ REQUESTS_CA_BUNDLE = $Standalone.Facts.certificatePath }
        }
    }

    AfterAll {
        if ($Standalone) { Stop-StandaloneEmulator $Standalone }
    }

    It '<Step>' -ForEach $Steps {
        if (Skip-Without $PythonMissing) { return }
        Assert-Step $PythonFlow $Step
    }

    It 'stops on SIGTERM: exit code 0, connection file and certificate removed, port closed' {
        if (Skip-Without $PythonMissing) { return }
        Stop-StandaloneEmulator $Standalone
        $Standalone.Process.ExitCode | Should -Be 0
        Test-Path $Standalone.ConnectionFile | Should -BeFalse
        Test-Path $Standalone.Facts.certificatePath | Should -BeFalse
        $client = [System.Net.Sockets.TcpClient]::new()
        try { { $client.Connect('127.0.0.1', ([Uri]$Standalone.Facts.endpoint).Port) } | Should -Throw } finally { $client.Dispose() }
    }
}
