# Cmdlet metadata (parameter sets, types, mandatory, position, pipeline binding, aliases, accepted values,
# wildcards, defaults) read from the BUILT module in a child pwsh -NoProfile, which hands it back as JSON: the
# build's own process never loads AdfRuns.dll. Without a built module, the markdown's optional metadata lines
# stand in (Get-MarkdownMetadata), for previews.

function Get-ChildPowerShell {
    $process = (Get-Process -Id $PID).Path
    $leaf = [System.IO.Path]::GetFileNameWithoutExtension($process)
    if ($leaf -in 'pwsh', 'powershell') { return @{ Exe = $process; Args = @() } }
    # pwsh hosted by dotnet (a .NET global tool): run the same pwsh.dll through the same dotnet.
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ($leaf -eq 'dotnet' -and (Test-Path -LiteralPath $dll)) { return @{ Exe = $process; Args = @($dll) } }
    $onPath = Get-Command pwsh, powershell -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { return @{ Exe = $onPath.Source; Args = @() } }
    throw 'Cannot find a PowerShell executable to read the cmdlet metadata in a child process.'
}

$MetadataScript = @'
param([string] $ManifestPath, [string] $OutFile)
$ErrorActionPreference = 'Stop'
$module = Import-Module -Name $ManifestPath -PassThru -Force
$common = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)
function Get-TypeName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $Type = $inner }
    return $Type
}
$result = foreach ($name in ($module.ExportedCmdlets.Keys | Sort-Object)) {
    $command = Get-Command -Name $name -Module $module.Name -CommandType Cmdlet
    $instance = $null
    try { $instance = [Activator]::CreateInstance($command.ImplementingType) } catch { }
    $parameters = foreach ($parameter in $command.Parameters.Values) {
        if ($parameter.Name -in @([System.Management.Automation.Cmdlet]::CommonParameters) -or $parameter.Name -eq 'UseTransaction') { continue }
        $attributes = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        $type = Get-TypeName $parameter.ParameterType
        $validateSet = @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
        $default = $null
        $property = $command.ImplementingType.GetProperty($parameter.Name)
        if ($instance -and $property) {
            try {
                $value = $property.GetValue($instance)
                if ($value -is [System.Management.Automation.SwitchParameter]) { $value = if ($value.IsPresent) { 'True' } else { 'False' } }
                if ($null -ne $value -and "$value" -ne '') { $default = [string]$value }
            }
            catch { }
        }
        [ordered]@{
            Name              = $parameter.Name
            TypeName          = $type.Name
            TypeFullName      = $type.FullName
            IsSwitch          = ($type -eq [System.Management.Automation.SwitchParameter])
            Aliases           = @($parameter.Aliases)
            DontShow          = [bool](@($attributes | Where-Object DontShow).Count)
            IsShouldProcess   = ($parameter.Name -in 'WhatIf', 'Confirm')
            SupportsWildcards = [bool](@($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count)
            AcceptedValues    = $validateSet
            Default           = $default
        }
    }
    $sets = foreach ($set in $command.ParameterSets) {
        [ordered]@{
            Name       = $set.Name
            IsDefault  = $set.IsDefault
            Parameters = @(foreach ($p in $set.Parameters) {
                    if ($p.Name -in @([System.Management.Automation.Cmdlet]::CommonParameters) -or $p.Name -eq 'UseTransaction') { continue }
                    [ordered]@{
                        Name                            = $p.Name
                        IsMandatory                     = $p.IsMandatory
                        Position                        = $p.Position
                        ValueFromPipeline               = $p.ValueFromPipeline
                        ValueFromPipelineByPropertyName = $p.ValueFromPipelineByPropertyName
                    }
                })
        }
    }
    [ordered]@{
        Name        = $command.Name
        Verb        = $command.Verb
        Noun        = $command.Noun
        OutputTypes = @($command.OutputType | ForEach-Object { $_.Name })
        Parameters  = @($parameters)
        Sets        = @($sets)
    }
}
ConvertTo-Json -InputObject @($result) -Depth 8 | Set-Content -LiteralPath $OutFile -Encoding utf8
'@

function Get-CmdletMetadata {
    param([string] $ManifestPath)
    $temp = Join-Path ([System.IO.Path]::GetTempPath()) ("adfruns-help-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $temp | Out-Null
    try {
        $script = Join-Path $temp 'metadata.ps1'
        $json = Join-Path $temp 'metadata.json'
        Set-Content -LiteralPath $script -Value $MetadataScript -Encoding utf8
        $child = Get-ChildPowerShell
        $childArgs = @($child.Args) + @('-NoProfile', '-NonInteractive', '-File', $script, '-ManifestPath', $ManifestPath, '-OutFile', $json)
        $output = & $child.Exe @childArgs 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $json)) {
            throw "Reading the cmdlet metadata from $ManifestPath failed (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)"
        }
        # Enumerated explicitly: Windows PowerShell's ConvertFrom-Json writes a JSON array as one object.
        $parsed = Get-Content -Raw -LiteralPath $json | ConvertFrom-Json
        return @($parsed | ForEach-Object { $_ })
    }
    finally {
        Remove-Item -Recurse -Force -LiteralPath $temp -ErrorAction SilentlyContinue
    }
}

# Metadata from the markdown's optional metadata lines, for previews without a built module.
function Get-MarkdownMetadata {
    param($Help)
    $parameters = foreach ($p in $Help.Parameters.Values) {
        $m = $p.Metadata
        $typeName = if ($m['Type']) { $m['Type'] } elseif ($p.Name -in 'WhatIf', 'Confirm') { 'SwitchParameter' } else { 'Object' }
        [pscustomobject]@{
            Name = $p.Name; TypeName = $typeName; TypeFullName = $typeName; IsSwitch = ($typeName -match 'SwitchParameter')
            Aliases = @(if ($m['Aliases'] -and $m['Aliases'] -ne 'None') { $m['Aliases'] -split '\s*,\s*' })
            DontShow = $false; IsShouldProcess = ($p.Name -in 'WhatIf', 'Confirm'); SupportsWildcards = $false
            AcceptedValues = @(if ($m['Accepted values']) { $m['Accepted values'] -split '\s*,\s*' }); Default = $null
        }
    }
    $setParameters = foreach ($p in $Help.Parameters.Values) {
        $m = $p.Metadata
        $position = if ($m['Position'] -match '^\d+$') { [int]$m['Position'] } else { [int]::MinValue }
        [pscustomobject]@{
            Name = $p.Name; IsMandatory = ($m['Required'] -eq 'true'); Position = $position
            ValueFromPipeline = ($m['Pipeline input'] -match 'ByValue'); ValueFromPipelineByPropertyName = ($m['Pipeline input'] -match 'ByPropertyName')
        }
    }
    $verb, $noun = $Help.Name -split '-', 2
    return [pscustomobject]@{
        Name = $Help.Name; Verb = $verb; Noun = $noun; OutputTypes = @(); Parameters = @($parameters)
        Sets = @([pscustomobject]@{ Name = '__AllParameterSets'; IsDefault = $true; Parameters = @($setParameters) })
    }
}

