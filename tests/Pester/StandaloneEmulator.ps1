# Starting and stopping the emulator as its own process (Start-AdfEmulator -Wait), as another language's tests do.
# Dot-sourced by the Pester files that need it, after Common.ps1.

$script:PwshPath = (Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
if (-not $script:PwshPath) { $script:PwshPath = Join-Path $HOME '.dotnet/tools/pwsh' }

# Starts `Start-AdfEmulator -Wait -ConnectionFile <file> <arguments>` in a child pwsh and waits for the connection file.
function Start-StandaloneEmulator {
    param([Parameter(Mandatory)] [string] $ConnectionFile, [string] $Arguments = '')
    $start = [System.Diagnostics.ProcessStartInfo]::new($script:PwshPath)
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', "Import-Module '$ModulePath'; Start-AdfEmulator -Wait -ConnectionFile '$ConnectionFile' $Arguments") {
        $start.ArgumentList.Add($argument)
    }

    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEndAsync()
    $errors = $process.StandardError.ReadToEndAsync()
    $deadline = [DateTime]::UtcNow.AddSeconds(90)
    while (-not (Test-Path $ConnectionFile) -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
        Start-Sleep -Milliseconds 100
    }

    if (-not (Test-Path $ConnectionFile)) {
        if (-not $process.HasExited) { $process.Kill() }
        throw "The standalone emulator wrote no connection file: $($errors.Result)"
    }

    # The file is written whole before the process serves; reading it may still race its writer for a moment.
    $facts = $null
    for ($i = 0; $i -lt 50 -and $null -eq $facts; $i++) {
        try { $facts = Get-Content -Raw $ConnectionFile | ConvertFrom-Json } catch { Start-Sleep -Milliseconds 100 }
    }

    [pscustomobject]@{ Process = $process; Facts = $facts; Output = $output; Errors = $errors; ConnectionFile = $ConnectionFile }
}

# Sends SIGTERM (as docker stop or a CI teardown does) to the emulator's process and waits for it to end. The
# process to signal is the connection file's processId: under the dotnet global tool, the pwsh started here is a
# launcher whose child runs the emulator.
function Stop-StandaloneEmulator {
    param([Parameter(Mandatory)] $Standalone)
    if ($Standalone.Process.HasExited) { return }
    & kill -s TERM $Standalone.Facts.processId
    if (-not $Standalone.Process.WaitForExit(30000)) { $Standalone.Process.Kill($true) }
}

# Runs a client (node, python) with extra environment variables and returns its step lines {step, ok, detail}, keyed by step.
function Invoke-SdkFlow {
    param([Parameter(Mandatory)] [string] $FilePath, [Parameter(Mandatory)] [string[]] $ArgumentList, [hashtable] $Environment = @{}, [string] $WorkingDirectory)
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    if ($WorkingDirectory) { $start.WorkingDirectory = $WorkingDirectory }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $errors = $process.StandardError.ReadToEndAsync()
    $lines = $process.StandardOutput.ReadToEnd()
    if (-not $process.WaitForExit(300000)) { $process.Kill(); throw "$FilePath did not finish in 5 minutes." }
    $steps = @{}
    foreach ($line in $lines -split "`n" | Where-Object { $_.StartsWith('{') }) {
        $step = $line | ConvertFrom-Json
        $steps[$step.step] = $step
    }

    [pscustomobject]@{ Steps = $steps; ExitCode = $process.ExitCode; Errors = $errors.Result; Output = $lines }
}
