<#
.SYNOPSIS
    Child process of Measure-Memory.ps1: pipes many 'Hello' inputs into Start-AdfPipelineRun | Out-Null against
    an emulator that runs in another process, and prints one JSON line with this process's memory before and at
    its peak. The emulator's access token comes in the ADFRUNS_BENCH_TOKEN environment variable.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $SubscriptionId,
    [Parameter(Mandatory)] [string] $ResourceGroupName,
    [Parameter(Mandatory)] [string] $FactoryName,
    [int] $Inputs = 10000,
    [int] $ThrottleLimit = 32,
    [int] $WarmupInputs = 200,
    # No more inputs are piped after this many seconds (0: no limit); the result then says how many were.
    [double] $TimeLimitSeconds = 0
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Add-Type -Path (Join-Path $PSScriptRoot 'BenchHelpers.cs')
Import-Module $ModulePath

$token = ConvertTo-SecureString $env:ADFRUNS_BENCH_TOKEN -AsPlainText -Force
Connect-AdfAccount -AccessToken $token -ResourceManagerEndpoint $Endpoint -SubscriptionId $SubscriptionId `
    -ResourceGroupName $ResourceGroupName -FactoryName $FactoryName | Out-Null

function Get-ProcStatusKiB([string] $Field) {
    $line = Select-String -Path /proc/self/status -Pattern "^${Field}:\s+(\d+)\s+kB" | Select-Object -First 1
    if ($line) { return [long]$line.Matches[0].Groups[1].Value }
    return $null
}

# Warm up (JIT, connection pool, the cached pipeline definition), so the baseline is the steady state before the bulk start.
$warmup = [string[]]::new($WarmupInputs)
for ($i = 0; $i -lt $WarmupInputs; $i++) { $warmup[$i] = 'Hello' }
$warmup | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit | Out-Null
$warmup = $null

$names = [AdfRunsBench.DeadlineNames]::new('Hello', $Inputs, $TimeLimitSeconds)
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()

# Reset the kernel's peak-RSS mark (VmHWM) so it covers the bulk start only; not every kernel allows it.
$hwmReset = $true
try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') } catch { $hwmReset = $false }
$baselineRssKiB = Get-ProcStatusKiB 'VmRSS'

$sampler = [AdfRunsBench.MemorySampler]::new(20)
$errors = $null
$watch = [Diagnostics.Stopwatch]::StartNew()
$names | Start-AdfPipelineRun -ThrottleLimit $ThrottleLimit -ErrorAction SilentlyContinue -ErrorVariable errors | Out-Null
$watch.Stop()
$sampler.Dispose()

[pscustomobject]@{
    Inputs             = $Inputs
    Piped              = $names.Yielded
    Capped             = $names.Capped
    TimeLimitSeconds   = $TimeLimitSeconds
    Errors             = @($errors).Count
    FirstError         = if (@($errors).Count -gt 0) { "$(@($errors)[0])" } else { $null }
    Seconds            = $watch.Elapsed.TotalSeconds
    BaselineWorkingSet = $sampler.BaselineWorkingSet
    PeakWorkingSet     = $sampler.PeakWorkingSet
    BaselineGcHeap     = $sampler.BaselineGcHeap
    PeakGcHeap         = $sampler.PeakGcHeap
    Samples            = $sampler.Samples
    HwmReset           = $hwmReset
    BaselineRssKiB     = $baselineRssKiB
    PeakRssKiB         = Get-ProcStatusKiB 'VmHWM'
} | ConvertTo-Json -Compress
