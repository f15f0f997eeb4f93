#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Compiles the markdown help in docs/ into the module's MAML help and about_ topic.

.DESCRIPTION
    Converts every docs/<Verb-Noun>.md into one MAML file, <OutputPath>/en-US/AdfRuns.dll-Help.xml, and
    docs/about_AdfRuns.md into <OutputPath>/en-US/about_AdfRuns.help.txt. platyPS is not used.

    Syntax and parameter metadata (parameter sets, types, mandatory, position, pipeline binding, aliases,
    accepted values, wildcards, defaults) are NOT taken from the markdown: the built module
    (<OutputPath>/AdfRuns.psd1) is imported in a child pwsh -NoProfile process, which reads
    Get-Command's ParameterSets and Parameters and hands them back as JSON. The build's own process never
    loads AdfRuns.dll. The markdown only says what things mean.

    The build fails (throws, listing every problem) when
      - an exported cmdlet has no docs/<Name>.md, or a docs/<Verb-Noun>.md names no exported cmdlet;
      - a cmdlet parameter (not a common parameter, not DontShow) has no "### -Name" section, or a
        "### -Name" section names no such parameter, or its description is empty;
      - a cmdlet has fewer than two examples, an example has no code block, or SYNOPSIS/DESCRIPTION is empty;
      - docs/about_AdfRuns.md is missing, or a line of the compiled about_ topic is longer than 80 characters.
    When <OutputPath>/AdfRuns.psd1 does not exist (previewing help without a build), the metadata comes from
    the optional metadata lines in the markdown instead, with a warning, and the parameter checks that need
    the real cmdlet are skipped.

    MARKDOWN FORMAT OF docs/<Verb-Noun>.md
    --------------------------------------
        # Verb-Noun                               the cmdlet's name (must match the file name)

        ## SYNOPSIS
        One sentence.

        ## DESCRIPTION
        Paragraphs separated by blank lines. Lines of one paragraph are joined. Lists ("- ", "* ", "1. ")
        and fenced blocks keep their line breaks. Inline `code`, **bold** and [text](link) are reduced to
        plain text.

        ## EXAMPLES

        ### Example 1: Title of the example
        ```powershell
        the code, exactly as shown to the user
        ```
        Remarks: paragraphs as above; a further fenced block (e.g. ```output) is kept verbatim.

        ## PARAMETERS

        ### -ParameterName
        What the parameter means, in paragraphs.
        Optional metadata lines, one per line, anywhere in the section (not part of the description):
          Type: <type>   Required: <true|false>   Position: <n|named>   Pipeline input: <text>
          Aliases: <a, b>   Default value: <text>   Accepted values: <a, b>
        Only "Default value:" is used when the module is available (it overrides the default read from the
        cmdlet, e.g. to say "15 seconds" for a null TimeSpan); the others are a fallback for previews.
        -WhatIf and -Confirm get a standard description unless the markdown has a section for them.

        ## INPUTS

        ### Type.Name
        What is accepted from the pipeline.   (or "None" as the heading)

        ## OUTPUTS

        ### Type.Name
        What is written.

        ## NOTES
        Paragraphs.

        ## RELATED LINKS
        - [about_AdfRuns](about_AdfRuns.md)       one link per line; a link to a .md file is a help topic
        - [Online text](https://...)               a web page: "Online text: https://..." as the link's text,
                                                   never its URI, so Get-Help -Online opens no REST API page

    MARKDOWN FORMAT OF docs/about_AdfRuns.md
    ----------------------------------------
        # about_AdfRuns
        ## SHORT DESCRIPTION      ## LONG DESCRIPTION      ## <OTHER SECTION> (EXAMPLES, SEE ALSO ...)
        ### Sub-heading           (inside a section; rendered indented by 2 in capitals)
        Paragraphs, "- " lists and ```fenced``` blocks as above. Compiled to the classic layout: TOPIC,
        SHORT DESCRIPTION, LONG DESCRIPTION ... at column 0, text wrapped at 80 and indented by 4, code
        indented by 8 and never wrapped (so code lines must be 72 characters or fewer).

.PARAMETER DocsPath
    The docs folder holding the markdown (this script's folder by default).

.PARAMETER OutputPath
    The built module folder (the one holding AdfRuns.psd1 and AdfRuns.dll), e.g. out/AdfRuns.

.EXAMPLE
    ./docs/Build-Help.ps1 -DocsPath ./docs -OutputPath ./out/AdfRuns
#>
[CmdletBinding()]
param(
    [string] $DocsPath = $PSScriptRoot,

    [Parameter(Mandatory = $true)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModuleName = 'AdfRuns'
$MaxAboutWidth = 80
$MetadataKeys = 'Type', 'Required', 'Position', 'Pipeline input', 'Aliases', 'Default value', 'Accepted values'
$MetadataPattern = '^\s*(' + (($MetadataKeys | ForEach-Object { [regex]::Escape($_) }) -join '|') + ')\s*:\s*(.*?)\s*$'
$ShouldProcessHelp = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$DocsPath = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
if (-not (Test-Path -LiteralPath $OutputPath)) { New-Item -ItemType Directory -Path $OutputPath | Out-Null }
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

#region Markdown reading

# One markdown file as sections: H1 title, H2 sections (each with its own lines and its H3 subsections).
function Read-MarkdownDocument {
    param([string] $Path)
    $lines = [System.IO.File]::ReadAllLines($Path)
    $doc = [ordered]@{ Title = $null; Sections = [System.Collections.Generic.List[object]]::new(); Path = $Path }
    $section = $null
    $sub = $null
    $fence = $null
    foreach ($line in $lines) {
        if ($null -ne $fence) {
            if ($line -match '^\s*(`{3,}|~{3,})\s*$' -and $Matches[1][0] -eq $fence[0] -and $Matches[1].Length -ge $fence.Length) { $fence = $null }
        }
        elseif ($line -match '^\s*(`{3,}|~{3,})') {
            $fence = $Matches[1]
        }
        elseif ($line -match '^#\s+(.+?)\s*#*\s*$') {
            $doc.Title = $Matches[1].Trim()
            continue
        }
        elseif ($line -match '^##\s+(.+?)\s*#*\s*$') {
            $section = [ordered]@{ Name = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new(); Subs = [System.Collections.Generic.List[object]]::new() }
            $doc.Sections.Add($section)
            $sub = $null
            continue
        }
        elseif ($line -match '^###\s+(.+?)\s*#*\s*$' -and $null -ne $section) {
            $sub = [ordered]@{ Name = $Matches[1].Trim(); Lines = [System.Collections.Generic.List[string]]::new() }
            $section.Subs.Add($sub)
            continue
        }

        if ($null -ne $sub) { $sub.Lines.Add($line) }
        elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    return $doc
}

function Get-Section {
    param($Doc, [string] $Name)
    return @($Doc.Sections | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
}

# Inline markdown to plain text.
function ConvertFrom-InlineMarkdown {
    param([string] $Text)
    $Text = [regex]::Replace($Text, '\[([^\]]+)\]\(([^)]+)\)', {
            param($m)
            if ($m.Groups[2].Value -match '^https?://') { "$($m.Groups[1].Value) ($($m.Groups[2].Value))" } else { $m.Groups[1].Value }
        })
    $Text = [regex]::Replace($Text, '(\*\*|__)(.+?)\1', '$2')
    $Text = [regex]::Replace($Text, '(?<!`)`([^`]+)`(?!`)', '$1')
    $Text = $Text -replace '\\([\\`*_{}\[\]()#+\-.!<>|])', '$1'
    return $Text
}

# Lines of prose to blocks: @{ Kind = 'Text'|'List'|'Code'; Lines = string[] }.
function ConvertTo-Block {
    param([string[]] $Lines)
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    $fence = $null
    $code = $null
    $flush = {
        # Dot-sourced: runs in the caller's scope.
        if ($null -ne $current -and $current.Lines.Count -gt 0) { $blocks.Add($current) }
        $current = $null
    }
    foreach ($line in @($Lines)) {
        if ($null -ne $fence) {
            if ($line -match '^\s*(`{3,}|~{3,})\s*$' -and $Matches[1][0] -eq $fence[0] -and $Matches[1].Length -ge $fence.Length) {
                $blocks.Add([pscustomobject]@{ Kind = 'Code'; Lines = $code.ToArray() })
                $fence = $null
            }
            else {
                $code.Add($line)
            }
            continue
        }
        if ($line -match '^\s*(`{3,}|~{3,})') {
            . $flush
            $fence = $Matches[1]
            $code = [System.Collections.Generic.List[string]]::new()
            continue
        }
        if ($line -match '^\s*$') { . $flush; continue }
        if ($line -match '^\s*([-*+]|\d+[.)])\s+(.*)$') {
            if ($null -eq $current -or $current.Kind -ne 'List') {
                . $flush
                $current = [pscustomobject]@{ Kind = 'List'; Lines = [System.Collections.Generic.List[string]]::new() }
            }
            $bullet, $itemText = $Matches[1], $Matches[2]
            $marker = if ($bullet -match '^\d') { $bullet } else { '-' }
            $current.Lines.Add("$marker $(ConvertFrom-InlineMarkdown $itemText.Trim())")
            continue
        }
        $text = ConvertFrom-InlineMarkdown $line.Trim()
        if ($null -ne $current -and $current.Kind -eq 'List' -and $line -match '^\s+') {
            $current.Lines[$current.Lines.Count - 1] += " $text"
            continue
        }
        if ($null -eq $current -or $current.Kind -ne 'Text') {
            . $flush
            $current = [pscustomobject]@{ Kind = 'Text'; Lines = [System.Collections.Generic.List[string]]::new() }
        }
        $current.Lines.Add($text)
    }
    if ($null -ne $fence) { throw "An unclosed code fence ($fence)." }
    . $flush
    return $blocks.ToArray()
}

# Blocks to the strings of maml:para elements.
function ConvertTo-Paragraph {
    param([string[]] $Lines)
    foreach ($block in ConvertTo-Block $Lines) {
        switch ($block.Kind) {
            'Text' { ($block.Lines -join ' ') }
            default { ($block.Lines -join "`n") }
        }
    }
}

function Test-HasText {
    param([string[]] $Lines)
    return @($Lines | Where-Object { $_ -match '\S' }).Count -gt 0
}

# A cmdlet's markdown as a help model.
function Read-CmdletDoc {
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)
    $doc = Read-MarkdownDocument $Path
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $file = Split-Path -Leaf $Path
    if ($doc.Title -ne $name) { $Problems.Add("${file}: the H1 title is '$($doc.Title)', expected '$name'.") }

    $help = [ordered]@{ Name = $name; Synopsis = @(); Description = @(); Examples = @(); Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @() }

    $synopsis = Get-Section $doc 'SYNOPSIS'
    if ($null -eq $synopsis -or -not (Test-HasText $synopsis.Lines)) { $Problems.Add("${file}: no SYNOPSIS.") }
    else { $help.Synopsis = @(ConvertTo-Paragraph $synopsis.Lines) }

    $description = Get-Section $doc 'DESCRIPTION'
    if ($null -eq $description -or -not (Test-HasText $description.Lines)) { $Problems.Add("${file}: no DESCRIPTION.") }
    else { $help.Description = @(ConvertTo-Paragraph $description.Lines) }

    $examples = Get-Section $doc 'EXAMPLES'
    $exampleList = [System.Collections.Generic.List[object]]::new()
    if ($null -ne $examples) {
        foreach ($sub in $examples.Subs) {
            $blocks = @(ConvertTo-Block $sub.Lines)
            $codeIndex = [array]::FindIndex($blocks, [Predicate[object]] { param($b) $b.Kind -eq 'Code' })
            if ($codeIndex -lt 0) { $Problems.Add("${file}: '$($sub.Name)' has no code block."); continue }
            $remarks = foreach ($block in ($blocks | Select-Object -Skip ($codeIndex + 1))) {
                if ($block.Kind -eq 'Text') { $block.Lines -join ' ' } else { $block.Lines -join "`n" }
            }
            $intro = foreach ($block in ($blocks | Select-Object -First $codeIndex)) {
                if ($block.Kind -eq 'Text') { $block.Lines -join ' ' } else { $block.Lines -join "`n" }
            }
            $exampleList.Add([ordered]@{
                    Title   = $sub.Name
                    Code    = ($blocks[$codeIndex].Lines -join "`n")
                    Remarks = @(@($intro) + @($remarks) | Where-Object { $_ })
                })
        }
    }
    if ($exampleList.Count -lt 2) { $Problems.Add("${file}: $($exampleList.Count) example(s); at least two are required.") }
    $help.Examples = $exampleList.ToArray()

    $parameters = Get-Section $doc 'PARAMETERS'
    if ($null -ne $parameters) {
        foreach ($sub in $parameters.Subs) {
            if ($sub.Name -notmatch '^-(\w+)$') { $Problems.Add("${file}: parameter heading '### $($sub.Name)' is not '### -Name'."); continue }
            $parameterName = $Matches[1]
            $metadata = @{}
            $text = foreach ($line in $sub.Lines) {
                if ($line -match $MetadataPattern) { $metadata[$Matches[1]] = $Matches[2] } else { $line }
            }
            if (-not (Test-HasText @($text))) { $Problems.Add("${file}: -$parameterName has no description.") }
            if ($help.Parameters.Contains($parameterName)) { $Problems.Add("${file}: -$parameterName is described twice.") }
            $help.Parameters[$parameterName] = [ordered]@{ Name = $parameterName; Description = @(ConvertTo-Paragraph @($text)); Metadata = $metadata }
        }
    }

    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $section = Get-Section $doc $kind
        $items = foreach ($sub in @(if ($section) { $section.Subs })) {
            [ordered]@{ Type = (ConvertFrom-InlineMarkdown $sub.Name); Description = @(ConvertTo-Paragraph $sub.Lines) }
        }
        if ($null -eq $section -or @($items).Count -eq 0) { $Problems.Add("${file}: no $kind (use '### None' when there are none).") }
        if ($kind -eq 'INPUTS') { $help.Inputs = @($items) } else { $help.Outputs = @($items) }
    }

    $notes = Get-Section $doc 'NOTES'
    if ($null -ne $notes) { $help.Notes = @(ConvertTo-Paragraph $notes.Lines) }

    $links = Get-Section $doc 'RELATED LINKS'
    if ($null -ne $links) {
        $help.Links = @(foreach ($line in $links.Lines) {
                if ($line -match '^\s*[-*]?\s*\[([^\]]+)\]\(([^)]*)\)') {
                    $linkText, $target = $Matches[1], $Matches[2]
                    # A web link keeps its address in the text but not as the URI: Get-Help -Online opens the first
                    # URI, and the only web pages are the REST API's, not this cmdlet's help (newcomer #22).
                    if ($target -match '^https?://') { [ordered]@{ Text = "${linkText}: $target"; Uri = '' } }
                    else { [ordered]@{ Text = $linkText; Uri = '' } }
                }
                elseif ($line -match '^\s*[-*]?\s*(\S.*?)\s*$') {
                    [ordered]@{ Text = (ConvertFrom-InlineMarkdown $Matches[1]); Uri = '' }
                }
            })
    }
    return $help
}

#endregion

#region Cmdlet metadata from the built module, in a child process

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

#endregion

#region MAML writing

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

#endregion

#region about_ topic

function Format-Wrapped {
    param([string] $Text, [int] $Indent, [int] $HangingIndent = $Indent, [int] $Width = $MaxAboutWidth)
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ' ' * $Indent
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and ($line.Length + 1 + $word.Length) -gt $Width) {
            $lines.Add($line)
            $line = (' ' * $HangingIndent) + $word
        }
        elseif ($empty) { $line += $word }
        else { $line += " $word" }
        $empty = $false
    }
    if (-not $empty) { $lines.Add($line) }
    return $lines.ToArray()
}

function ConvertTo-AboutText {
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)
    $doc = Read-MarkdownDocument $Path
    $file = Split-Path -Leaf $Path
    $topic = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    if ($doc.Title -ne $topic) { $Problems.Add("${file}: the H1 title is '$($doc.Title)', expected '$topic'.") }
    foreach ($required in 'SHORT DESCRIPTION', 'LONG DESCRIPTION') {
        if ($null -eq (Get-Section $doc $required)) { $Problems.Add("${file}: no '## $required' section.") }
    }

    $text = [System.Collections.Generic.List[string]]::new()
    $text.Add('TOPIC')
    $text.Add("    $topic")
    # The first block sits right under its heading, as in PowerShell's own about_ topics; later ones after a blank line.
    $renderBlocks = {
        param([string[]] $Lines)
        $first = $true
        foreach ($block in ConvertTo-Block $Lines) {
            if (-not $first) { $text.Add('') }
            $first = $false
            switch ($block.Kind) {
                'Text' { foreach ($l in Format-Wrapped ($block.Lines -join ' ') 4) { $text.Add($l) } }
                'List' {
                    foreach ($item in $block.Lines) {
                        $marker = ($item -split ' ', 2)[0]
                        foreach ($l in Format-Wrapped $item 4 (5 + $marker.Length)) { $text.Add($l) }
                    }
                }
                'Code' { foreach ($l in $block.Lines) { $text.Add(('        ' + $l).TrimEnd()) } }
            }
        }
    }
    foreach ($section in $doc.Sections) {
        $text.Add('')
        $text.Add($section.Name.ToUpperInvariant())
        & $renderBlocks @($section.Lines)
        foreach ($sub in $section.Subs) {
            $text.Add('')
            $text.Add('  ' + (ConvertFrom-InlineMarkdown $sub.Name).ToUpperInvariant())
            & $renderBlocks @($sub.Lines)
        }
    }
    for ($i = 0; $i -lt $text.Count; $i++) {
        if ($text[$i].Length -gt $MaxAboutWidth) { $Problems.Add("${file}: compiled line $($i + 1) is $($text[$i].Length) characters (more than $MaxAboutWidth): '$($text[$i].Trim())'.") }
    }
    return ($text -join "`n") + "`n"
}

#endregion

$problems = [System.Collections.Generic.List[string]]::new()
$manifest = Join-Path $OutputPath "$ModuleName.psd1"
$helpFiles = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*-*.md' -File | Where-Object { $_.BaseName -match '^[A-Za-z]+-[A-Za-z0-9]+$' } | Sort-Object Name)
$docs = @{}
foreach ($file in $helpFiles) { $docs[$file.BaseName] = Read-CmdletDoc $file.FullName $problems }

if (Test-Path -LiteralPath $manifest) {
    $metadata = @(Get-CmdletMetadata $manifest)
    foreach ($meta in $metadata) {
        if (-not $docs.ContainsKey($meta.Name)) { $problems.Add("The exported cmdlet $($meta.Name) has no help: docs/$($meta.Name).md is missing.") }
    }
    foreach ($name in $docs.Keys) {
        if (@($metadata | Where-Object Name -eq $name).Count -eq 0) { $problems.Add("docs/$name.md documents $name, which the module does not export.") }
    }
}
else {
    Write-Warning "$manifest does not exist: the help is built from the markdown's metadata lines, without checking it against the cmdlets."
    $metadata = @(foreach ($name in ($docs.Keys | Sort-Object)) { Get-MarkdownMetadata $docs[$name] })
}

$aboutSource = Join-Path $DocsPath "about_$ModuleName.md"
$aboutText = $null
if (Test-Path -LiteralPath $aboutSource) { $aboutText = ConvertTo-AboutText $aboutSource $problems }
else { $problems.Add("docs/about_$ModuleName.md is missing.") }

$helpDir = Join-Path $OutputPath 'en-US'
New-Item -ItemType Directory -Force -Path $helpDir | Out-Null
$mamlPath = Join-Path $helpDir "$ModuleName.dll-Help.xml"

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$settings.NewLineHandling = [System.Xml.NewLineHandling]::Entitize
$buffer = [System.IO.MemoryStream]::new()
$writer = [System.Xml.XmlWriter]::Create($buffer, $settings)
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh')
$writer.WriteAttributeString('schema', 'maml')
foreach ($meta in ($metadata | Sort-Object Name)) {
    if ($docs.ContainsKey($meta.Name)) { Write-CommandHelp $writer $docs[$meta.Name] $meta $problems }
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Flush()

if ($problems.Count -gt 0) {
    throw "The help is incomplete ($($problems.Count) problem(s)):$([Environment]::NewLine)  $($problems -join "$([Environment]::NewLine)  ")"
}

[System.IO.File]::WriteAllBytes($mamlPath, $buffer.ToArray())
# Check that what was written parses as XML.
$null = [xml][System.IO.File]::ReadAllText($mamlPath)
[System.IO.File]::WriteAllText((Join-Path $helpDir "about_$ModuleName.help.txt"), $aboutText, [System.Text.UTF8Encoding]::new($false))
Write-Host "Help for $(@($metadata).Count) cmdlets written to $mamlPath, and about_$ModuleName.help.txt."
