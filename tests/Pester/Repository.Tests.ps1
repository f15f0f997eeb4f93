# Issue 13, "a repository that stands on its own": a fresh clone has everything it builds and tests with.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $contractDir = Join-Path $RepositoryRoot 'tests/contract'
}

Describe 'The repository' {
    It 'no file refers to the shared folder that used to sit beside the clone (issue 13)' {
        # Built in pieces so that this file does not match itself.
        $needle = '\.\./' + 'shared\b|' + 'shared' + '/(adf-contract|design|reports)|/work/' + 'shared'
        $skipped = '[\\/](\.git|bin|obj|out|TestResults)([\\/]|$)'
        $files = Get-ChildItem $RepositoryRoot -Recurse -File -Force |
            Where-Object { $_.FullName.Substring($RepositoryRoot.Length) -notmatch $skipped }
        $hits = @($files | Select-String -Pattern $needle -CaseSensitive -List | ForEach-Object { "$($_.Path):$($_.LineNumber)" })
        $hits | Should -BeNullOrEmpty
    }

    It 'every contract fixture is in tests/contract and named with its source in its README (issue 13)' {
        $readme = Get-Content -Raw (Join-Path $contractDir 'README.md')
        $fixtures = @(Get-ChildItem (Join-Path $contractDir 'examples'), (Join-Path $contractDir 'recordings') -Filter *.json)
        $fixtures.Count | Should -BeGreaterOrEqual 2
        foreach ($fixture in $fixtures) {
            $relative = "$($fixture.Directory.Name)/$($fixture.Name)"
            $readme | Should -Match ([regex]::Escape("| ``$relative`` |")) -Because "$relative needs its source and licence"
        }
        Join-Path $contractDir 'LICENSE-Apache-2.0.txt' | Should -Exist
    }

    It 'the built manifest''s release notes are the CHANGELOG.md section of its version (issue 13)' {
        $manifest = Import-PowerShellDataFile $ModulePath
        $version = $manifest.ModuleVersion
        $changelog = Get-Content -Raw (Join-Path $RepositoryRoot 'CHANGELOG.md')
        $heading = if ($changelog -match "(?m)^## \[$([regex]::Escape($version))\]") { "## [$version]" } else { '## [Unreleased]' }
        $afterHeading = $changelog.Substring($changelog.IndexOf($heading))
        $afterHeading = $afterHeading.Substring($afterHeading.IndexOf("`n") + 1)
        $expected = ($afterHeading -split '(?m)^## |^\[[^\]]+\]: ')[0].Trim() -replace "`r", ''
        $expected | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.ReleaseNotes | Should -BeExactly $expected
    }

    It 'carries the MIT licence of the AdfRuns contributors (issue 13)' {
        $licence = Get-Content -Raw (Join-Path $RepositoryRoot 'LICENSE')
        $licence | Should -Match '^MIT License'
        $licence | Should -Match 'Copyright \(c\) 2026 AdfRuns contributors'
    }
}
