<#
.SYNOPSIS
    Runs the bulk-start goal's minimal loopback server (bench/LoopbackServer.cs) in its own process, so the server's
    CPU is not the client's. Prints one JSON line (endpoint, token, coordinates), then answers commands read from
    stdin, one a line, as bench/EmulatorHost.ps1 does:
      counts        -> {"CreateRun": n, ...} of the requests received since the last clear
      clear         -> forgets the counts so far (the runs stay, so they can still be read back)
      exit          -> stops the server and the process
    -CreateRunDelay '20-50' answers each createRun after 20 to 50 ms (drawn per request), as a slower service would.
#>
param([string] $CreateRunDelay = '0-0')
$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $PSScriptRoot 'LoopbackServer.cs')
$subscriptionId = '6e0c7a1c-3f8b-4d1e-9a57-1b2c3d4e5f60'
$resourceGroupName = 'adfruns-rg'
$factoryName = 'adfruns-bench'
$delayMin, $delayMax = [int[]]($CreateRunDelay -split '-', 2)
$server = [AdfRunsBench.LoopbackServer]::new($subscriptionId, $resourceGroupName, $factoryName, $delayMin, $delayMax)
$server.Start()   # on a free port of 127.0.0.1
[Console]::Out.WriteLine((@{
    Endpoint          = $server.Endpoint
    AccessToken       = 'bench-token-' + [guid]::NewGuid().ToString('n')
    SubscriptionId    = $subscriptionId
    ResourceGroupName = $resourceGroupName
    FactoryName       = $factoryName
    ProcessId         = $PID
} | ConvertTo-Json -Compress))
[Console]::Out.Flush()

try {
    while ($null -ne ($line = [Console]::In.ReadLine())) {
        switch ($line.Trim()) {
            'counts' { $answer = $server.CountsJson() }
            'clear' { $server.Clear(); $answer = 'ok' }
            'exit' { return }
            default { $answer = "unknown command '$line'" }
        }
        [Console]::Out.WriteLine($answer)
        [Console]::Out.Flush()
    }
}
finally {
    $server.Dispose()
}
