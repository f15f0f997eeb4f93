# Shared set-up for the Pester suites (tests/Pester/): import the BUILT module (build.ps1 sets ADFRUNS_MODULE) and start
# an emulator. $RepositoryRoot is the clone's root, for the files the tests read (docs/, examples/, README.md).
$script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:ADFRUNS_MODULE) { $env:ADFRUNS_MODULE } else { Join-Path $RepositoryRoot 'out/AdfRuns/AdfRuns.psd1' }
Import-Module $script:ModulePath -Force -ErrorAction Stop
$ProgressPreference = 'SilentlyContinue'

function Start-TestEmulator {
    param([TimeSpan] $ActivityDuration = [TimeSpan]::FromMilliseconds(100), [string[]] $PipelinePath)
    $arguments = @{ ActivityDuration = $ActivityDuration }
    if ($PipelinePath) { $arguments.PipelinePath = $PipelinePath }
    $emulator = Start-AdfEmulator @arguments
    $emulator | Connect-AdfAccount | Out-Null
    return $emulator
}

# Runs a command in a runspace of its own that has no host, and returns its output. PowerShell writes -WhatIf's
# "What if:" lines straight to the host, where no redirection reaches them; this keeps them out of the test output.
# The connection and the emulators are the process's, so the command sees the same ones.
function Invoke-WithoutHost {
    param([Parameter(Mandatory)] [scriptblock] $Script, [object[]] $ArgumentList = @())
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$ModulePath'; `$ProgressPreference = 'SilentlyContinue'").Invoke()
        $shell.Commands.Clear()
        $null = $shell.AddScript($Script.ToString())
        foreach ($argument in $ArgumentList) { $null = $shell.AddArgument($argument) }
        $shell.Invoke()
        if ($shell.HadErrors) { throw "The command failed: $($shell.Streams.Error | Out-String)" }
    }
    finally {
        $shell.Dispose()
    }
}

# Fast polling for tests; the product default is 15 seconds.
$script:Fast = [TimeSpan]::FromMilliseconds(100)

function Get-CreateRunRequest {
    param($Emulator)
    @(Get-AdfEmulatorRequest -Emulator $Emulator -Operation CreateRun)
}

function ConvertFrom-QueryString([string] $Query) {
    $result = @{}
    foreach ($pair in $Query.TrimStart('?').Split('&', [StringSplitOptions]::RemoveEmptyEntries)) {
        $key, $value = $pair.Split('=', 2)
        $result[[Uri]::UnescapeDataString($key)] = [Uri]::UnescapeDataString($value)
    }
    $result
}

# Runs a script in a fresh runspace (importing the module first), presses Ctrl+C after a while, and tells whether it
# was still running then, how long the stop took, the state it ended in, the warnings it wrote and that runspace's $Error.
function Stop-AfterStarting {
    param([Parameter(Mandatory)] [string] $Script, [int] $AfterMilliseconds = 1500)
    $shell = [powershell]::Create()
    try {
        $null = $shell.AddScript("Import-Module '$ModulePath'; $Script")
        $handle = $shell.BeginInvoke()
        Start-Sleep -Milliseconds $AfterMilliseconds
        $wasRunning = -not $handle.IsCompleted
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Stop()
        [pscustomobject]@{ WasRunning = $wasRunning; StopSeconds = $watch.Elapsed.TotalSeconds; State = $shell.InvocationStateInfo.State; Warnings = @($shell.Streams.Warning.Message); Errors = @($shell.Runspace.SessionStateProxy.GetVariable('Error')) }
    }
    finally {
        $shell.Dispose()
    }
}

# Signs in with the emulator's managed-identity endpoint, under a client id of its own, so that no managed-identity
# token cached by an earlier test (for another emulator) is reused. Undo with Disconnect-EmulatorIdentity.
function Connect-EmulatorIdentity {
    param([Parameter(Mandatory)] $Emulator)
    $env:IDENTITY_ENDPOINT = $Emulator.IdentityEndpoint.ToString()
    $env:IDENTITY_HEADER = $Emulator.IdentityHeader
    Connect-AdfAccount -Identity -ClientId ([guid]::NewGuid().ToString()) -ResourceManagerEndpoint $Emulator.Endpoint -SubscriptionId $Emulator.SubscriptionId -ResourceGroupName $Emulator.ResourceGroupName -FactoryName $Emulator.FactoryName | Out-Null
}

function Disconnect-EmulatorIdentity {
    Remove-Item Env:IDENTITY_ENDPOINT, Env:IDENTITY_HEADER -ErrorAction SilentlyContinue
    Disconnect-AdfAccount
}

# What a CI log or pwsh -File shows: the default view (or -List / -Table) at 80 columns, without colour codes.
function Show-At80 {
    param([Parameter(ValueFromPipeline)] $InputObject, [switch] $List, [switch] $Table)
    begin { $items = [System.Collections.Generic.List[object]]::new() }
    process { $items.Add($InputObject) }
    end {
        $text = if ($List) { $items | Format-List | Out-String -Width 80 }
            elseif ($Table) { $items | Format-Table | Out-String -Width 80 }
            else { $items | Out-String -Width 80 }
        @(($text -replace '\x1b\[[0-9;]*m', '') -split "\r?\n")
    }
}

# The queryActivityruns requests an emulator (by default the test file's $emulator) received.
function Get-ActivityQuery {
    param($Target = $emulator)
    @(Get-AdfEmulatorRequest -Emulator $Target -Operation QueryActivityRuns)
}

# The run id of each queryActivityruns request, from its path.
function Get-QueriedRunId {
    param($Target = $emulator)
    @(Get-ActivityQuery $Target | ForEach-Object { ($_.Path -split '/')[-2] })
}

# An emulator serving a data factory (ARM) or, for 'Synapse', a Synapse workspace's data plane.
function Start-ModeEmulator([string] $Mode, [TimeSpan] $ActivityDuration = [TimeSpan]::FromMilliseconds(100)) {
    if ($Mode -eq 'Synapse') { Start-AdfEmulator -Synapse -ActivityDuration $ActivityDuration }
    elseif ($Mode -eq 'Fabric') { Start-AdfEmulator -Fabric -FabricWorkspace Sales -ActivityDuration $ActivityDuration }
    else { Start-AdfEmulator -ActivityDuration $ActivityDuration }
}

# The path a request for this pipeline-relative path takes: under the factory's ARM id, at the workspace's root, or
# under a Fabric workspace's id (Fabric's own relative paths: /items/{id}/jobs/instances, /datapipelines/...).
function Get-ExpectedPath([string] $Mode, $Emulator, [string] $Relative) {
    if ($Mode -eq 'Synapse') { return $Relative }
    if ($Mode -eq 'Fabric') { return "/v1/workspaces/$($Emulator.FabricWorkspaceId)$Relative" }
    "/subscriptions/$($Emulator.SubscriptionId)/resourceGroups/$($Emulator.ResourceGroupName)/providers/Microsoft.DataFactory/factories/$($Emulator.FactoryName)$Relative"
}
