BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $moduleDir = Split-Path $ModulePath
    $pwsh = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
    if (-not $pwsh) { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }

    # Runs a script in a fresh pwsh (a clean AppDomain) and returns its JSON answer.
    function Invoke-FreshPwsh([string] $Script) {
        $env:ADFRUNS_MODULE = $ModulePath
        $output = & $pwsh -NoProfile -NonInteractive -Command $Script 2>&1
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $($output -join "`n")" }
        ($output | Where-Object { $_ -is [string] -and $_.StartsWith('{') } | Select-Object -Last 1) | ConvertFrom-Json
    }
}

Describe 'The built module' {
    It 'has only AdfRuns.dll at its root and the rest under dependencies/' {
        @(Get-ChildItem $moduleDir -Filter *.dll).Name | Should -Be @('AdfRuns.dll')
        Join-Path $moduleDir 'dependencies/AdfRuns.Engine.dll' | Should -Exist
        Join-Path $moduleDir 'dependencies/Azure.Identity.dll' | Should -Exist
        Join-Path $moduleDir 'dependencies/Azure.Core.dll' | Should -Exist
    }

    It 'on PowerShell 7 runs the engine and the emulator from their ahead-of-time compiled copies in dependencies/ready-to-run, IL copies beside them for Windows PowerShell' {
        $answer = Invoke-FreshPwsh @'
Import-Module $env:ADFRUNS_MODULE
$emulator = Start-AdfEmulator
try {
    $emulator | Connect-AdfAccount | Out-Null
    $null = Start-AdfPipelineRun Hello
    $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'AdfRuns.Engine', 'AdfRuns.Emulator' })
    $native = foreach ($assembly in $loaded) {
        $stream = [IO.File]::OpenRead($assembly.Location)
        try { [Reflection.PortableExecutable.PEReader]::new($stream).PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0 } finally { $stream.Dispose() }
    }
    @{ Locations = @($loaded.Location); Native = @($native) } | ConvertTo-Json -Compress
}
finally { $emulator | Stop-AdfEmulator }
'@
        $answer.Locations | Should -HaveCount 2
        foreach ($location in $answer.Locations) {
            $folder = Split-Path $location -Parent
            Split-Path $folder -Leaf | Should -Be 'ready-to-run'
            Split-Path (Split-Path $folder -Parent) -Leaf | Should -Be 'dependencies'
        }
        $answer.Native | Should -Be @($true, $true)
        Join-Path $moduleDir 'dependencies/AdfRuns.Emulator.dll' | Should -Exist
    }

    It 'has a manifest for Desktop and Core, PowerShell 5.1 and up, with explicit exports' {
        $manifest = Import-PowerShellDataFile $ModulePath
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.FunctionsToExport | Should -BeNullOrEmpty
        $manifest.AliasesToExport | Should -BeNullOrEmpty
        $manifest.ModuleVersion | Should -Not -Be '0.0.0'
        $manifest.ContainsKey('RequiredAssemblies') | Should -BeFalse
    }

    It 'exports exactly the cmdlets the manifest names' {
        $manifest = Import-PowerShellDataFile $ModulePath
        (Get-Command -Module AdfRuns).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It '<Name> uses an approved verb and declares its output type' -ForEach @(
        (Import-PowerShellDataFile $env:ADFRUNS_MODULE).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    ) {
        $command = Get-Command $Name
        (Get-Verb -Verb $command.Verb) | Should -Not -BeNullOrEmpty
        $command.OutputType.Count | Should -BeGreaterThan 0
    }

    It 'asks before it changes anything: <Name> takes -Confirm, and under -WhatIf starts, cancels and stops nothing' -ForEach @(
        @{ Name = 'Start-AdfPipelineRun'; Action = { Start-AdfPipelineRun Hello -WhatIf } }
        @{ Name = 'Restart-AdfPipelineRun'; Action = { param($emulator, $run) Restart-AdfPipelineRun -RunId $run.RunId -PipelineName Hello -WhatIf } }
        @{ Name = 'Stop-AdfPipelineRun'; Action = { param($emulator, $run) $run | Stop-AdfPipelineRun -WhatIf } }
        @{ Name = 'Stop-AdfEmulator'; Action = { param($emulator) $emulator | Stop-AdfEmulator -WhatIf } }
    ) {
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Confirm'
        $emulator = Start-TestEmulator -ActivityDuration ([TimeSpan]::FromMinutes(5))
        try {
            $run = Start-AdfPipelineRun Hello
            Get-AdfEmulatorRequest -Emulator $emulator -Clear
            Invoke-WithoutHost $Action @($emulator, $run) | Should -BeNullOrEmpty
            @(Get-AdfEmulatorRequest -Emulator $emulator | Where-Object Operation -In 'CreateRun', 'Cancel') | Should -BeNullOrEmpty
            (Get-AdfPipelineRun -RunId $run.RunId).Status | Should -BeIn 'Queued', 'InProgress'
        }
        finally {
            $emulator | Stop-AdfEmulator
            Disconnect-AdfAccount
        }
    }

    It 'loads its engine into its own load context, not the default one' {
        $answer = Invoke-FreshPwsh @'
Import-Module $env:ADFRUNS_MODULE
$emulator = Start-AdfEmulator
$emulator | Connect-AdfAccount | Out-Null
$engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AdfRuns.Engine' }
$context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
@{ Context = $context.GetType().FullName; IsDefault = [object]::ReferenceEquals($context, [System.Runtime.Loader.AssemblyLoadContext]::Default) } | ConvertTo-Json -Compress
$emulator | Stop-AdfEmulator
'@
        $answer.Context | Should -Be 'AdfRuns.Loading.DependencyLoadContext'
        $answer.IsDefault | Should -BeFalse
    }

    It 'loads nothing from Azure at import' {
        $answer = Invoke-FreshPwsh @'
Import-Module $env:ADFRUNS_MODULE
$null = Get-Command Start-AdfPipelineRun
$names = [AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name }
@{ Azure = @($names | Where-Object { $_ -like 'Azure.*' -or $_ -like 'Microsoft.Identity.*' }).Count } | ConvertTo-Json -Compress
'@
        $answer.Azure | Should -Be 0
    }
}

Describe 'Dependency isolation from PowerShell''s own Azure.Core' {
    It 'starts a run, signed in through Azure.Identity, after PSResourceGet''s older Azure.Core and Azure.Identity were loaded' {
        $answer = Invoke-FreshPwsh @'
$ErrorActionPreference = 'Stop'
$resourceGet = Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet | Select-Object -First 1
$dependencies = Join-Path $resourceGet.ModuleBase 'dependencies'
$theirCore = [System.Reflection.Assembly]::LoadFrom((Join-Path $dependencies 'Azure.Core.dll'))
$theirIdentity = [System.Reflection.Assembly]::LoadFrom((Join-Path $dependencies 'Azure.Identity.dll'))
$null = $theirCore.GetType('Azure.Core.TokenCredential', $true)

Import-Module $env:ADFRUNS_MODULE
$emulator = Start-AdfEmulator -ActivityDuration 00:00:00.05
$env:IDENTITY_ENDPOINT = $emulator.IdentityEndpoint.ToString()
$env:IDENTITY_HEADER = $emulator.IdentityHeader
Connect-AdfAccount -Identity -ResourceManagerEndpoint $emulator.Endpoint -SubscriptionId $emulator.SubscriptionId -ResourceGroupName $emulator.ResourceGroupName -FactoryName $emulator.FactoryName | Out-Null
$run = Start-AdfPipelineRun Hello -Wait -PollingInterval 00:00:00.1
$cores = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' } |
    ForEach-Object { @{ Version = $_.GetName().Version.ToString(); Default = [object]::ReferenceEquals([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_), [System.Runtime.Loader.AssemblyLoadContext]::Default) } }
$tokenRequests = @(Get-AdfEmulatorRequest -Operation Token).Count
$emulator | Stop-AdfEmulator
@{ Status = $run.Status; TheirVersion = $theirCore.GetName().Version.ToString(); Cores = @($cores); TokenRequests = $tokenRequests } | ConvertTo-Json -Compress -Depth 4
'@
        $answer.Status | Should -Be 'Succeeded'
        $answer.TokenRequests | Should -BeGreaterThan 0
        $answer.Cores.Count | Should -Be 2 -Because 'their Azure.Core stays in the default context and ours loads beside it'
        @($answer.Cores | Where-Object Default).Version | Should -Be $answer.TheirVersion
        @($answer.Cores | Where-Object { -not $_.Default }).Version | Should -Not -Be $answer.TheirVersion
    }

    It 'leaves PSResourceGet working when AdfRuns loaded first' {
        $repository = Join-Path $TestDrive 'local-repo'
        New-Item -ItemType Directory -Path $repository | Out-Null
        $answer = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Import-Module `$env:ADFRUNS_MODULE
`$emulator = Start-AdfEmulator
`$env:IDENTITY_ENDPOINT = `$emulator.IdentityEndpoint.ToString()
`$env:IDENTITY_HEADER = `$emulator.IdentityHeader
Connect-AdfAccount -Identity -ResourceManagerEndpoint `$emulator.Endpoint -SubscriptionId `$emulator.SubscriptionId -ResourceGroupName `$emulator.ResourceGroupName -FactoryName `$emulator.FactoryName | Out-Null
`$null = Get-AdfPipeline -Name Hello
Register-PSResourceRepository -Name AdfRunsIsolationTest -Uri '$repository' -Trusted -ErrorAction SilentlyContinue
try {
    `$found = @(Find-PSResource -Name NoSuchModuleAnywhere -Repository AdfRunsIsolationTest -ErrorAction SilentlyContinue)
    `$failure = if (`$Error.Count -gt 0) { (`$Error | Where-Object { `$_.Exception.Message -match 'Could not load' } | Select-Object -First 1) } else { `$null }
    @{ Found = `$found.Count; LoadFailure = [string]`$failure } | ConvertTo-Json -Compress
} finally {
    Unregister-PSResourceRepository -Name AdfRunsIsolationTest -ErrorAction SilentlyContinue
    `$emulator | Stop-AdfEmulator
}
"@
        $answer.LoadFailure | Should -BeNullOrEmpty
        $answer.Found | Should -Be 0
    }
}
