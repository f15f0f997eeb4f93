# Misspelt names get the same help everywhere: the emulator's cmdlets and Get-AdfPipeline suggest the name meant and
# say where they looked, as Start-AdfPipelineRun does.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $emulator = Start-TestEmulator
}

AfterAll {
    $emulator | Stop-AdfEmulator
    Disconnect-AdfAccount
}

Describe 'near names' {
    It 'Set-AdfEmulatorBehavior suggests the pipeline meant when its name is misspelt (newcomer 3 row 16)' {
        $errors = $null
        Set-AdfEmulatorBehavior -PipelineName CopySale -ActivityName TransformSales -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        $errors[0].Exception.Message | Should -Be "The emulator has no pipeline 'CopySale'. Did you mean 'CopySales'?"
    }

    It 'Set-AdfEmulatorBehavior lists the pipelines when no name is near (newcomer 3 row 16)' {
        $errors = $null
        Set-AdfEmulatorBehavior -PipelineName Zzz -ActivityName Work -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].Exception.Message | Should -Match "^The emulator has no pipeline 'Zzz'\. It has CopySales, Depth1, .*, Hello, .*\.$"
    }

    It 'Set-AdfEmulatorBehavior lists the pipeline''s activities and suggests the one meant (newcomer 3 row 16)' {
        $errors = $null
        Set-AdfEmulatorBehavior -PipelineName CopySales -ActivityName Transform -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].Exception.Message | Should -Be "Pipeline 'CopySales' has no activity 'Transform' (it has ExtractSales, TransformSales, LoadWarehouse). Did you mean 'TransformSales'?"
    }

    It 'Get-AdfPipeline names the factory and suggests the pipeline meant (newcomer 3 row 16)' {
        $errors = $null
        Get-AdfPipeline CopySale -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PipelineNotFound,*'
        $errors[0].TargetObject | Should -Be 'CopySale'
        "$($errors[0].ErrorDetails.Message) $($errors[0].Exception.Message)" |
            Should -Match ([regex]::Escape("Pipeline 'CopySale' does not exist in factory '$($emulator.FactoryName)' (resource group '$($emulator.ResourceGroupName)'). Did you mean 'CopySales'?"))
    }
}
