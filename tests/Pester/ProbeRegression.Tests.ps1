# What held in the reliability probe stays held (issue 12: its passing rows are regression tests too).
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'emulators come and go without leaking (probe 7b)' {
    It '50 Start/Stop-AdfEmulator cycles leave no emulator listening (probe 7b)' {
        $ports = foreach ($i in 1..50) {
            $emulator = Start-AdfEmulator
            $emulator.Endpoint.Port
            $emulator | Stop-AdfEmulator
        }
        foreach ($port in $ports | Select-Object -Last 5) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                { $client.Connect('127.0.0.1', $port) } | Should -Throw
            }
            finally { $client.Dispose() }
        }
    }
}

Describe 'nothing written to disk (probe 5d)' {
    It 'a start, a wait and a disconnect write no file under HOME or the temp folder (probe 5d)' {
        $home2 = Join-Path $TestDrive 'home'; $temp2 = Join-Path $TestDrive 'tmp'
        New-Item -ItemType Directory $home2, $temp2 | Out-Null
        $pwsh = (Get-Process -Id $PID).Path
        if ((Split-Path $pwsh -Leaf) -notlike 'pwsh*') { $pwsh = Join-Path $HOME '.dotnet/tools/pwsh' }
        $script = "Import-Module '$ModulePath'; `$e = Start-AdfEmulator -ActivityDuration 0:0:0.05; `$e | Connect-AdfAccount | Out-Null; Start-AdfPipelineRun Hello -Wait -PollingInterval 0:0:0.1 | Out-Null; Disconnect-AdfAccount; `$e | Stop-AdfEmulator"
        $saved = $env:HOME, $env:TMPDIR
        try {
            $env:HOME = $home2; $env:TMPDIR = $temp2
            & $pwsh -NoProfile -NonInteractive -Command $script
            $LASTEXITCODE | Should -Be 0
        }
        finally { $env:HOME, $env:TMPDIR = $saved }
        # pwsh itself may keep its startup profile data and telemetry id; nothing else may appear.
        $written = @(Get-ChildItem -Recurse -File $home2, $temp2 | Where-Object { $_.Name -notmatch 'StartupProfileData|telemetry\.uuid' })
        $written.FullName | Should -BeNullOrEmpty
    }
}
