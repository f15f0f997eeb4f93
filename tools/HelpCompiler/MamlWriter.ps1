# MAML writing: one command:command element per cmdlet, from the help model (CmdletDoc.ps1) and the cmdlet
# metadata (CmdletMetadata.ps1), and the whole AdfRuns.dll-Help.xml.

$ShouldProcessHelp = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$Ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

# Characters XML 1.0 cannot hold at all; XmlWriter escapes everything else.
function Protect-XmlText {
    param([string] $Text)
    if ($null -eq $Text) { return '' }
    return [regex]::Replace($Text, '[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]', '')
}

function Write-Element {
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text, [hashtable] $Attributes = @{})
    $Writer.WriteStartElement($Prefix, $Name, $Ns[$Prefix])
    foreach ($key in ($Attributes.Keys | Sort-Object)) { $Writer.WriteAttributeString($key, (Protect-XmlText ([string]$Attributes[$key]))) }
    $Writer.WriteString((Protect-XmlText $Text))
    $Writer.WriteEndElement()
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    foreach ($para in @($Paragraphs)) { Write-Element $Writer 'maml' 'para' $para }
}

function Write-Description {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $Ns.maml)
    Write-Paragraphs $Writer $Paragraphs
    $Writer.WriteEndElement()
}

function Get-PipelineInputText {
    param($SetEntries)
    $kinds = @()
    if (@($SetEntries | Where-Object ValueFromPipeline).Count) { $kinds += 'ByValue' }
    if (@($SetEntries | Where-Object ValueFromPipelineByPropertyName).Count) { $kinds += 'ByPropertyName' }
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

function Get-PositionText {
    param($SetEntries)
    $positions = @($SetEntries | Where-Object { $_.Position -ge 0 } | ForEach-Object { [int]$_.Position } | Sort-Object -Unique)
    if ($positions.Count -eq 0) { return 'named' }
    return [string]$positions[0]
}

function Write-ParameterValue {
    param([System.Xml.XmlWriter] $Writer, $Parameter, [bool] $InSyntax)
    if ($Parameter.IsSwitch) {
        if (-not $InSyntax) { Write-Element $Writer 'command' 'parameterValue' 'SwitchParameter' @{ required = 'false'; variableLength = 'false' } }
        return
    }
    if (@($Parameter.AcceptedValues).Count -gt 0) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $Ns.command)
        foreach ($value in $Parameter.AcceptedValues) {
            Write-Element $Writer 'command' 'parameterValue' $value @{ required = 'false'; variableLength = 'false' }
        }
        $Writer.WriteEndElement()
    }
    $variable = if ($Parameter.TypeName -match '\[\]$') { 'true' } else { 'false' }
    Write-Element $Writer 'command' 'parameterValue' $Parameter.TypeName @{ required = 'true'; variableLength = $variable }
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter] $Writer, $Help, $Meta, [System.Collections.Generic.List[string]] $Problems)
    $file = "$($Help.Name).md"
    $visible = @($Meta.Parameters | Where-Object { -not $_.DontShow })
    $byName = @{}
    foreach ($p in $visible) { $byName[$p.Name] = $p }

    foreach ($p in $visible) {
        if (-not $Help.Parameters.Contains($p.Name) -and -not $p.IsShouldProcess) {
            $Problems.Add("${file}: parameter -$($p.Name) of $($Help.Name) has no '### -$($p.Name)' section.")
        }
    }
    foreach ($documented in $Help.Parameters.Keys) {
        if (-not $byName.ContainsKey($documented)) {
            $Problems.Add("${file}: '### -$documented' documents a parameter $($Help.Name) does not have (or one marked DontShow).")
        }
    }

    $describe = {
        param($p)
        if ($Help.Parameters.Contains($p.Name)) { return @($Help.Parameters[$p.Name].Description) }
        if ($ShouldProcessHelp.ContainsKey($p.Name)) { return @($ShouldProcessHelp[$p.Name]) }
        return @()
    }

    $Writer.WriteStartElement('command', 'command', $Ns.command)
    foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $Writer.WriteAttributeString('xmlns', $prefix, $null, $Ns[$prefix]) }

    $Writer.WriteStartElement('command', 'details', $Ns.command)
    Write-Element $Writer 'command' 'name' $Meta.Name
    Write-Element $Writer 'command' 'verb' $Meta.Verb
    Write-Element $Writer 'command' 'noun' $Meta.Noun
    Write-Description $Writer $Help.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Help.Description

    # One syntax item per parameter set: positional parameters by position, then mandatory, then the rest.
    $Writer.WriteStartElement('command', 'syntax', $Ns.command)
    $sets = @($Meta.Sets | Where-Object IsDefault) + @($Meta.Sets | Where-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $entries = @($set.Parameters | Where-Object { $byName.ContainsKey($_.Name) })
        $positional = @($entries | Where-Object { $_.Position -ge 0 } | Sort-Object { [int]$_.Position })
        $mandatory = @($entries | Where-Object { $_.Position -lt 0 -and $_.IsMandatory })
        $optional = @($entries | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory -and -not $byName[$_.Name].IsShouldProcess })
        $shouldProcess = @($entries | Where-Object { $byName[$_.Name].IsShouldProcess })
        $Writer.WriteStartElement('command', 'syntaxItem', $Ns.command)
        Write-Element $Writer 'maml' 'name' $Meta.Name
        foreach ($entry in @($positional) + @($mandatory) + @($optional) + @($shouldProcess)) {
            $p = $byName[$entry.Name]
            $Writer.WriteStartElement('command', 'parameter', $Ns.command)
            $Writer.WriteAttributeString('required', $(if ($entry.IsMandatory) { 'true' } else { 'false' }))
            $Writer.WriteAttributeString('variableLength', 'true')
            $Writer.WriteAttributeString('globbing', $(if ($p.SupportsWildcards) { 'true' } else { 'false' }))
            $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText @($entry)))
            $Writer.WriteAttributeString('position', $(if ($entry.Position -ge 0) { [string]$entry.Position } else { 'named' }))
            $Writer.WriteAttributeString('aliases', $(if (@($p.Aliases).Count) { $p.Aliases -join ', ' } else { 'none' }))
            Write-Element $Writer 'maml' 'name' $p.Name
            Write-Description $Writer (& $describe $p)
            Write-ParameterValue $Writer $p $true
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Parameters: in the order the markdown gives them, then any the markdown lacks (WhatIf, Confirm).
    $Writer.WriteStartElement('command', 'parameters', $Ns.command)
    $ordered = @($Help.Parameters.Keys | Where-Object { $byName.ContainsKey($_) }) + @($visible | ForEach-Object Name | Where-Object { -not $Help.Parameters.Contains($_) })
    foreach ($name in $ordered) {
        $p = $byName[$name]
        $entries = @($Meta.Sets | ForEach-Object { $_.Parameters } | Where-Object Name -eq $name)
        $setsOf = @($Meta.Sets | Where-Object { @($_.Parameters | Where-Object Name -eq $name).Count } | ForEach-Object Name)
        $mandatoryIn = @($Meta.Sets | Where-Object { @($_.Parameters | Where-Object { $_.Name -eq $name -and $_.IsMandatory }).Count } | ForEach-Object Name)
        $required = $mandatoryIn.Count -gt 0 -and $mandatoryIn.Count -eq $setsOf.Count
        $description = @(& $describe $p)
        if ($mandatoryIn.Count -gt 0 -and -not $required) {
            $description += "Required in the parameter set(s) $($mandatoryIn -join ', '); optional in $(@($setsOf | Where-Object { $_ -notin $mandatoryIn }) -join ', ')."
        }
        if ($Meta.Sets.Count -gt 1 -and $setsOf.Count -lt $Meta.Sets.Count -and -not $p.IsShouldProcess) {
            $description += "Parameter set(s): $($setsOf -join ', ')."
        }
        $default = $null
        if ($Help.Parameters.Contains($name) -and $Help.Parameters[$name].Metadata['Default value']) { $default = $Help.Parameters[$name].Metadata['Default value'] }
        elseif ($p.Default -and -not ($p.IsSwitch -and $p.Default -eq 'False')) { $default = $p.Default }
        if (-not $default) { $default = if ($p.IsSwitch) { 'False' } else { 'None' } }
        if (@($p.AcceptedValues).Count) { $description += "Accepted values: $($p.AcceptedValues -join ', ')." }

        $Writer.WriteStartElement('command', 'parameter', $Ns.command)
        $Writer.WriteAttributeString('required', $(if ($required) { 'true' } else { 'false' }))
        $Writer.WriteAttributeString('variableLength', 'true')
        $Writer.WriteAttributeString('globbing', $(if ($p.SupportsWildcards) { 'true' } else { 'false' }))
        $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $entries))
        $Writer.WriteAttributeString('position', (Get-PositionText $entries))
        $Writer.WriteAttributeString('aliases', $(if (@($p.Aliases).Count) { $p.Aliases -join ', ' } else { 'none' }))
        Write-Element $Writer 'maml' 'name' $p.Name
        Write-Description $Writer $description
        Write-ParameterValue $Writer $p $false
        $Writer.WriteStartElement('dev', 'type', $Ns.dev)
        Write-Element $Writer 'maml' 'name' $p.TypeFullName
        Write-Element $Writer 'maml' 'uri' ''
        $Writer.WriteEndElement()
        Write-Element $Writer 'dev' 'defaultValue' $default
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Items = $Help.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Items = $Help.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $Ns.command)
        foreach ($item in @($kind.Items)) {
            $Writer.WriteStartElement('command', $kind.Item, $Ns.command)
            $Writer.WriteStartElement('dev', 'type', $Ns.dev)
            Write-Element $Writer 'maml' 'name' $item.Type
            $Writer.WriteEndElement()
            Write-Description $Writer $item.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $Ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $Ns.maml)
    Write-Paragraphs $Writer $Help.Notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $Ns.command)
    foreach ($example in $Help.Examples) {
        $Writer.WriteStartElement('command', 'example', $Ns.command)
        Write-Element $Writer 'maml' 'title' "-------------------------- $($example.Title) --------------------------"
        Write-Element $Writer 'dev' 'code' $example.Code
        $Writer.WriteStartElement('dev', 'remarks', $Ns.dev)
        # The empty paragraph keeps a blank line between one example's remarks and the next example's title.
        Write-Paragraphs $Writer (@($example.Remarks) + '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('maml', 'relatedLinks', $Ns.maml)
    foreach ($link in $Help.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $Ns.maml)
        Write-Element $Writer 'maml' 'linkText' $link.Text
        Write-Element $Writer 'maml' 'uri' $link.Uri
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

# The MAML document for every cmdlet that has help, as UTF-8 bytes (written only when the help is complete).
function New-MamlDocument {
    param([object[]] $Metadata, [hashtable] $Docs, [System.Collections.Generic.List[string]] $Problems)
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $settings.NewLineHandling = [System.Xml.NewLineHandling]::Entitize
    $buffer = [System.IO.MemoryStream]::new()
    $writer = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($meta in ($Metadata | Sort-Object Name)) {
        if ($Docs.ContainsKey($meta.Name)) { Write-CommandHelp $writer $Docs[$meta.Name] $meta $Problems }
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
    $writer.Flush()
    return , $buffer.ToArray()
}
