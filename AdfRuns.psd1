@{
    RootModule           = 'AdfRuns.dll'
    # ModuleVersion is stamped by build.ps1 from Directory.Build.props, the one version source.
    ModuleVersion        = '0.0.0'
    GUID                 = '5b0e4f7c-8d7a-4a53-9c1e-3f2b6a9d7e41'
    Author               = 'AdfRuns contributors'
    CompanyName          = 'AdfRuns contributors'
    Copyright            = '(c) AdfRuns contributors. MIT licence.'
    Description          = 'Start, re-run, watch and stop Azure Data Factory pipeline runs from PowerShell: typed run objects, wait and rerun-from-failure in one line, isolated Azure.Core, and a built-in ADF emulator for offline tests.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    TypesToProcess       = @('AdfRuns.types.ps1xml')
    FormatsToProcess     = @('AdfRuns.format.ps1xml')
    CmdletsToExport      = @(
        'Connect-AdfAccount', 'Disconnect-AdfAccount', 'Get-AdfContext',
        'Start-AdfPipelineRun', 'Restart-AdfPipelineRun', 'Get-AdfPipelineRun', 'Wait-AdfPipelineRun', 'Stop-AdfPipelineRun',
        'Get-AdfActivityRun', 'Get-AdfPipeline',
        'Get-AdfTriggerRun', 'Restart-AdfTriggerRun', 'Stop-AdfTriggerRun',
        'Start-AdfEmulator', 'Stop-AdfEmulator', 'Set-AdfEmulatorBehavior', 'Set-AdfEmulatorFault', 'Get-AdfEmulatorRequest'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Azure', 'DataFactory', 'ADF', 'Pipeline', 'ETL', 'Emulator', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/adfruns/AdfRuns'
            # ReleaseNotes are stamped by build.ps1 from CHANGELOG.md (the built version's section, or Unreleased).
            ReleaseNotes = ''
        }
    }
}
