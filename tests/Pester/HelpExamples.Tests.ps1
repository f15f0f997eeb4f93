# Issue 11: every help example either runs against the built-in emulator as written, or says it needs something
# else. Each example's code starts with one of these lines:
#   # Runs against the built-in emulator              a script, run in a session connected to a fresh emulator
#                                                     ($emulator = Start-AdfEmulator; $emulator | Connect-AdfAccount)
#   # Runs against the built-in emulator, in Pester   a whole Describe block, run with Invoke-Pester
#   # Needs ...                                       a real factory, a terminal, your own files: not run here
# (about_AdfRuns states the convention). The examples are read from Get-Help of the BUILT module, and each one that
# claims to run offline is run in a fresh runspace, in an empty temporary folder, and must raise no error.
BeforeDiscovery {
    $modulePath = if ($env:ADFRUNS_MODULE) { $env:ADFRUNS_MODULE } else { Join-Path $PSScriptRoot '../../out/AdfRuns/AdfRuns.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    $script:CmdletNames = @((Import-PowerShellDataFile $modulePath).CmdletsToExport | Sort-Object)
    $script:Examples = foreach ($name in $CmdletNames) {
        # The first line of each example's first ```output block in docs/<name>.md, in the examples' order.
        $page = (Get-Content -Raw (Join-Path $PSScriptRoot "../../docs/$name.md")) -replace "`r`n", "`n"
        $examplesSection = [regex]::Match($page, '(?s)\n## EXAMPLES\n(.*?)(\n## |\z)').Groups[1].Value
        $sampleFirstLines = @(foreach ($part in ($examplesSection -split '(?m)^### ' | Select-Object -Skip 1)) {
                $sample = [regex]::Match($part, '(?s)```output\n(.*?)```')
                if ($sample.Success) { @($sample.Groups[1].Value -split "`n" | Where-Object { $_.Trim() })[0] } else { '' }
            })
        $number = 0
        foreach ($example in @((Get-Help $name -Full).examples.example)) {
            $number++
            $code = [string]$example.code
            $firstLine = ($code -split "`r?`n", 2)[0].Trim()
            @{ Cmdlet = $name; Number = $number; Code = $code; FirstLine = $firstLine; Title = ($example.title -replace '^-+\s*|\s*-+$', ''); SampleFirstLine = $sampleFirstLines[$number - 1] }
        }
    }
    $script:OfflineScripts = @($Examples | Where-Object FirstLine -eq '# Runs against the built-in emulator')
    $script:OfflinePester = @($Examples | Where-Object FirstLine -eq '# Runs against the built-in emulator, in Pester')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $pesterPath = (Get-Module Pester | Select-Object -First 1).Path
    $resolvedModule = (Resolve-Path $ModulePath).Path

    # Runs the example in a fresh runspace that has imported the built module, inside an empty folder, after the
    # prelude the convention names. Returns the errors it raised (terminating or written) and its output as text.
    function Invoke-HelpExample {
        param([string] $Code, [switch] $Pester)
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("adfruns-example-" + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $savedEnvironment = @{}
        foreach ($name in 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER') { $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name) }
        $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $state.ImportPSModule($resolvedModule)
        $runspace = [runspacefactory]::CreateRunspace($state)
        $runspace.Open()
        $shell = [powershell]::Create()
        $shell.Runspace = $runspace
        $errors = [System.Collections.Generic.List[string]]::new()
        $output = ''
        $verbose = @()
        $warnings = @()
        try {
            $prelude = "Set-Location -LiteralPath '$folder'; `$ProgressPreference = 'SilentlyContinue'; "
            if ($Pester) { $prelude += "Import-Module '$pesterPath'" }
            else { $prelude += '$emulator = Start-AdfEmulator; $emulator | Connect-AdfAccount | Out-Null' }
            $null = $shell.AddScript($prelude).Invoke()
            if ($shell.HadErrors) { throw "The prelude failed: $($shell.Streams.Error | Out-String)" }
            $shell.Commands.Clear()

            if ($Pester) {
                $null = $shell.AddScript('param($Code) $container = New-PesterContainer -ScriptBlock ([scriptblock]::Create($Code)); Invoke-Pester -Container $container -PassThru -Output None').AddArgument($Code)
            }
            else {
                $null = $shell.AddScript($Code).AddCommand('Out-String')
            }
            try {
                $result = $shell.Invoke()
                if ($Pester) {
                    $run = $result | Select-Object -Last 1
                    $output = "$($run.PassedCount) passed, $($run.FailedCount) failed"
                    if ($run.Result -ne 'Passed' -or $run.PassedCount -eq 0) {
                        foreach ($test in $run.Failed) { $errors.Add("$($test.ExpandedPath): $($test.ErrorRecord -join '; ')") }
                        foreach ($container in $run.Containers | Where-Object Result -ne 'Passed') { $errors.Add("container: $($container.ErrorRecord -join '; ')") }
                        if ($errors.Count -eq 0) { $errors.Add("Pester: $output") }
                    }
                }
                else {
                    $output = $result -join ''
                    $verbose = @($shell.Streams.Verbose | ForEach-Object { "VERBOSE: $($_.Message)" })
                    $warnings = @($shell.Streams.Warning | ForEach-Object { "WARNING: $($_.Message)" })
                }
            }
            catch { $errors.Add("terminating: $($_.Exception.Message)") }
            foreach ($record in $shell.Streams.Error) { $errors.Add("$($record.FullyQualifiedErrorId): $record") }
        }
        finally {
            $shell.Commands.Clear()
            $null = $shell.AddScript('Stop-AdfEmulator; Disconnect-AdfAccount').Invoke()
            $shell.Dispose()
            $runspace.Dispose()
            foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
            Set-Location $PSScriptRoot
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
        [pscustomobject]@{ Errors = $errors.ToArray(); Output = $output; Verbose = $verbose; Warnings = $warnings }
    }

    # A line's shape: run ids, numbers (times, ports, durations) and runs of spaces made alike.
    function Get-LineShape([string] $Line) {
        ($Line.Trim() -replace '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}', 'ID' -replace '\d+', '0' -replace '\s+', ' ')
    }
}

AfterAll {
    Disconnect-AdfAccount
}

Describe 'Help examples (issue 11)' {
    It '<Cmdlet> example <Number> says whether it runs against the built-in emulator or needs something else' -ForEach $Examples {
        $FirstLine | Should -Match '^# (Runs against the built-in emulator(, in Pester)?|Needs .+)$'
    }

    It '<Cmdlet> example <Number> runs against the built-in emulator as written, and prints the first line its help shows, in shape (<Title>) (newcomer 3 rows 5, 7)' -ForEach $OfflineScripts {
        $result = Invoke-HelpExample -Code $Code
        $result.Errors | Should -BeNullOrEmpty -Because "the example printed:`n$($result.Output)"
        # PowerShell writes "What if:" lines to the host only, so those samples cannot be compared here.
        if ($SampleFirstLine -and $SampleFirstLine -notmatch '^What if:') {
            $printed = switch -Regex ($SampleFirstLine) {
                '^VERBOSE:' { $result.Verbose }
                '^WARNING:' { $result.Warnings }
                default { @($result.Output -split "`r?`n") }
            }
            $printed = @($printed | Where-Object { "$_".Trim() })
            $printed | Should -Not -BeNullOrEmpty -Because "its help shows output, starting: $SampleFirstLine"
            @($printed | ForEach-Object { Get-LineShape $_ }) | Should -Contain (Get-LineShape $SampleFirstLine) -Because "the help's sample output starts with that line; the example printed:`n$($printed -join "`n")"
        }
    }

    It '<Cmdlet> example <Number> passes under Invoke-Pester against the built-in emulator (<Title>)' -ForEach $OfflinePester {
        $result = Invoke-HelpExample -Code $Code -Pester
        $result.Errors | Should -BeNullOrEmpty -Because $result.Output
    }

    It 'Get-Help <_> -Online opens the cmdlet''s own page in the project''s repository, not a REST API page (newcomer 3 row 19)' -ForEach $CmdletNames {
        $name = $_
        $projectUri = (Import-PowerShellDataFile (Join-Path $RepositoryRoot 'AdfRuns.psd1')).PrivateData.PSData.ProjectUri
        # Get-Help -Online opens the first related link with a URI; it is not run here, as it would start a browser.
        $online = @((Get-Help $name -Full).relatedLinks.navigationLink | Where-Object { $_.uri }) | Select-Object -First 1
        $online.uri | Should -Be "$projectUri/blob/main/docs/$name.md"
        Test-Path (Join-Path $RepositoryRoot "docs/$name.md") | Should -BeTrue
    }
}
