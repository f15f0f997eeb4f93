<#
.SYNOPSIS
    Runs the AdfRuns emulator in its own process for the benchmarks, so the server's CPU and memory are not the
    client's. Prints one JSON line (endpoint, token, coordinates), then answers commands read from stdin, one a line:
      counts        -> {"CreateRun": n, ...} of the requests received since the last clear
      times <op>    -> [ms, ...] when each request of that operation was received (ms since the Unix epoch)
      statuses      -> {"CreateRun 200": n, "CreateRun 429": n, ...} of the requests received since the last clear
      created <name> -> [value, ...] of parameter <name> of every createRun answered 200 (to find duplicates)
      peaks         -> {"PeakQueuedRuns": {pipeline: n}, "PeakMonitoringQueriesPerMinute": n}
      fail <pipeline> <activity> <times> -> makes the activity fail its next <times> executions (Set-AdfEmulatorBehavior)
      clear         -> forgets the requests received so far
      exit          -> stops the emulator and the process
    Every answer is one line. The token is the emulator's own and only travels over this process's stdout.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $ActivityDuration = '00:00:00.010',
    # Passed on to Start-AdfEmulator when given (the service-limits scenario).
    [string[]] $PipelinePath,
    [switch] $ServiceLimits,
    [double] $ArmReadsPerSecond,
    [double] $ArmWritesPerSecond,
    [int] $MonitoringQueriesPerMinute,
    [switch] $StartTriggers
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$options = @{}
foreach ($name in 'PipelinePath', 'ServiceLimits', 'ArmReadsPerSecond', 'ArmWritesPerSecond', 'MonitoringQueriesPerMinute', 'StartTriggers') {
    if ($PSBoundParameters.ContainsKey($name)) { $options[$name] = $PSBoundParameters[$name] }
}
$emulator = Start-AdfEmulator -ActivityDuration ([TimeSpan]::Parse($ActivityDuration, [cultureinfo]::InvariantCulture)) @options
$token = [System.Net.NetworkCredential]::new('', $emulator.AccessToken).Password
[Console]::Out.WriteLine((@{
    Endpoint          = $emulator.Endpoint.ToString()
    AccessToken       = $token
    SubscriptionId    = $emulator.SubscriptionId
    ResourceGroupName = $emulator.ResourceGroupName
    FactoryName       = $emulator.FactoryName
    ProcessId         = $PID
} | ConvertTo-Json -Compress))
[Console]::Out.Flush()

try {
    while ($null -ne ($line = [Console]::In.ReadLine())) {
        $command, $argument = $line.Trim() -split '\s+', 2
        switch ($command) {
            'counts' {
                $counts = [ordered]@{}
                foreach ($group in Get-AdfEmulatorRequest | Group-Object Operation) { $counts[$group.Name] = $group.Count }
                $answer = [pscustomobject]$counts | ConvertTo-Json -Compress
            }
            'times' {
                $times = @(Get-AdfEmulatorRequest -Operation $argument | ForEach-Object { $_.Time.ToUnixTimeMilliseconds() })
                $answer = ConvertTo-Json -InputObject $times -Compress
            }
            'statuses' {
                $counts = [ordered]@{}
                foreach ($group in Get-AdfEmulatorRequest | Group-Object { "$($_.Operation) $($_.StatusCode)" } | Sort-Object Name) { $counts[$group.Name] = $group.Count }
                $answer = [pscustomobject]$counts | ConvertTo-Json -Compress
            }
            'created' {
                $values = @(Get-AdfEmulatorRequest -Operation CreateRun | Where-Object StatusCode -EQ 200 | ForEach-Object {
                    $parameters = if ($_.Body) { $_.Body | ConvertFrom-Json } else { $null }
                    if ($parameters -and $parameters.PSObject.Properties[$argument]) { [string]$parameters.$argument } else { '' }
                })
                $answer = ConvertTo-Json -InputObject $values -Compress
            }
            'peaks' {
                $answer = @{ PeakQueuedRuns = $emulator.PeakQueuedRuns; PeakMonitoringQueriesPerMinute = $emulator.PeakMonitoringQueriesPerMinute } | ConvertTo-Json -Compress
            }
            'fail' {
                $pipeline, $activity, $times = $argument -split '\s+'
                Set-AdfEmulatorBehavior -Emulator $emulator -PipelineName $pipeline -ActivityName $activity -Outcome Failed -Times ([int]$times)
                $answer = 'ok'
            }
            'clear' { Get-AdfEmulatorRequest -Clear; $answer = 'ok' }
            'exit' { return }
            default { $answer = "unknown command '$command'" }
        }
        [Console]::Out.WriteLine($answer)
        [Console]::Out.Flush()
    }
}
finally {
    $emulator | Stop-AdfEmulator
}
