BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Help' {
    It '<Name> has a synopsis, at least two examples and every parameter described' -ForEach @(
        (Import-PowerShellDataFile $env:ADFRUNS_MODULE).CmdletsToExport | ForEach-Object { @{ Name = $_ } }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.examples.example) { $example.code | Should -Not -BeNullOrEmpty }
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
        foreach ($parameter in (Get-Command $Name).Parameters.Values) {
            if ($parameter.Name -in $common) { continue }
            if ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow }) { continue }
            $documented | Should -Contain $parameter.Name
            ($help.parameters.parameter | Where-Object name -eq $parameter.Name).description.Text | Should -Not -BeNullOrEmpty
        }
    }

    It 'has an about_AdfRuns topic' {
        $about = Get-Help about_AdfRuns
        ($about | Out-String) | Should -Match 'run group'
    }

    It 'the compiled about_AdfRuns topic keeps the pipes of its running text (newcomer 3 row 6)' {
        $compiled = Join-Path (Split-Path $ModulePath) 'en-US/about_AdfRuns.help.txt'
        $text = (Get-Content -Raw $compiled) -replace '\s+', ' '
        $text | Should -Match ([regex]::Escape('$runs | Export-Csv writes Parameters'))
        $text | Should -Match ([regex]::Escape('Import-Csv runs.csv | Start-AdfPipelineRun starts those runs again'))
    }
}
