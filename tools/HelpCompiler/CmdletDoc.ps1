# A cmdlet's page, docs/<Verb-Noun>.md, read into the help model the MAML writer takes:
#   Name, Synopsis, Description (paragraphs), Examples (Title, Code, Remarks), Parameters (by name: Description,
#   Metadata), Inputs and Outputs (Type, Description), Notes, Links (Text, Uri).
# Every problem found is added to $Problems; the driver fails the build when there are any.

$MetadataKeys = 'Type', 'Required', 'Position', 'Pipeline input', 'Aliases', 'Default value', 'Accepted values'
$MetadataPattern = '^\s*(' + (($MetadataKeys | ForEach-Object { [regex]::Escape($_) }) -join '|') + ')\s*:\s*(.*?)\s*$'

# A parameter section's blocks without its metadata lines ("Default value: ..."), which are collected apart.
function Split-ParameterMetadata {
    param([object[]] $Blocks, [hashtable] $Metadata)
    foreach ($block in @($Blocks)) {
        if ($block.Kind -ne 'Text') { $block; continue }
        $text = @(foreach ($line in $block.Lines) {
                if ($line -match $MetadataPattern) { $Metadata[$Matches[1]] = $Matches[2] } else { $line }
            })
        if ($text.Count -gt 0) { [pscustomobject]@{ Kind = 'Text'; Lines = $text } }
    }
}

function Read-ExampleList {
    param($Section, [string] $File, [System.Collections.Generic.List[string]] $Problems)
    $examples = [System.Collections.Generic.List[object]]::new()
    foreach ($sub in @(if ($Section) { $Section.Subs })) {
        $blocks = @($sub.Blocks)
        $codeIndex = [array]::FindIndex($blocks, [Predicate[object]] { param($b) $b.Kind -eq 'Code' })
        if ($codeIndex -lt 0) { $Problems.Add("${File}: '$($sub.Name)' has no code block."); continue }
        $intro = @(ConvertTo-Paragraph ($blocks | Select-Object -First $codeIndex))
        $remarks = @(ConvertTo-Paragraph ($blocks | Select-Object -Skip ($codeIndex + 1)))
        $examples.Add([ordered]@{
                Title   = $sub.Name
                Code    = ($blocks[$codeIndex].Lines -join "`n")
                Remarks = @(@($intro) + @($remarks) | Where-Object { $_ })
            })
    }
    return $examples.ToArray()
}

# RELATED LINKS: one link per list item or line. A web link keeps its address in the text but is no URI:
# Get-Help -Online opens the first URI, which is the cmdlet's own page (New-OnlineLink), never a REST API page.
function Read-LinkList {
    param($Section)
    $links = [System.Collections.Generic.List[object]]::new()
    foreach ($block in @(if ($Section) { $Section.Blocks })) {
        foreach ($line in $block.Lines) {
            $text = $line -replace '^\s*(-|\d+[.)])\s+', ''
            if ($text -match '^(.*\S)\s+\((https?://[^)]+)\)$') { $text = "$($Matches[1]): $($Matches[2])" }
            if ($text -match '\S') { $links.Add([ordered]@{ Text = $text.Trim(); Uri = '' }) }
        }
    }
    return $links.ToArray()
}

# The link Get-Help -Online opens: the cmdlet's markdown page in the project's repository (the manifest's ProjectUri).
function New-OnlineLink {
    param([string] $ProjectUri, [string] $Name)
    [ordered]@{ Text = 'Online version:'; Uri = "$($ProjectUri.TrimEnd('/'))/blob/main/docs/$Name.md" }
}

function Read-CmdletDoc {
    param([string] $Path, [System.Collections.Generic.List[string]] $Problems)
    $doc = Read-MarkdownDocument $Path
    $name = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $file = Split-Path -Leaf $Path
    if ($doc.Title -ne $name) { $Problems.Add("${file}: the H1 title is '$($doc.Title)', expected '$name'.") }

    $help = [ordered]@{ Name = $name; Synopsis = @(); Description = @(); Examples = @(); Parameters = [ordered]@{}; Inputs = @(); Outputs = @(); Notes = @(); Links = @() }

    foreach ($part in 'SYNOPSIS', 'DESCRIPTION') {
        $section = Get-Section $doc $part
        if ($null -eq $section -or -not (Test-HasText $section.Blocks)) { $Problems.Add("${file}: no $part."); continue }
        $help[$part.Substring(0, 1) + $part.Substring(1).ToLowerInvariant()] = @(ConvertTo-Paragraph $section.Blocks)
    }

    $help.Examples = @(Read-ExampleList (Get-Section $doc 'EXAMPLES') $file $Problems)
    if ($help.Examples.Count -lt 2) { $Problems.Add("${file}: $($help.Examples.Count) example(s); at least two are required.") }

    $parameters = Get-Section $doc 'PARAMETERS'
    foreach ($sub in @(if ($parameters) { $parameters.Subs })) {
        if ($sub.Name -notmatch '^-(\w+)$') { $Problems.Add("${file}: parameter heading '### $($sub.Name)' is not '### -Name'."); continue }
        $parameterName = $Matches[1]
        $metadata = @{}
        $text = @(Split-ParameterMetadata $sub.Blocks $metadata)
        if (-not (Test-HasText $text)) { $Problems.Add("${file}: -$parameterName has no description.") }
        if ($help.Parameters.Contains($parameterName)) { $Problems.Add("${file}: -$parameterName is described twice.") }
        $help.Parameters[$parameterName] = [ordered]@{ Name = $parameterName; Description = @(ConvertTo-Paragraph $text); Metadata = $metadata }
    }

    foreach ($kind in 'INPUTS', 'OUTPUTS') {
        $section = Get-Section $doc $kind
        $items = foreach ($sub in @(if ($section) { $section.Subs })) {
            [ordered]@{ Type = $sub.Name; Description = @(ConvertTo-Paragraph $sub.Blocks) }
        }
        if ($null -eq $section -or @($items).Count -eq 0) { $Problems.Add("${file}: no $kind (use '### None' when there are none).") }
        if ($kind -eq 'INPUTS') { $help.Inputs = @($items) } else { $help.Outputs = @($items) }
    }

    $notes = Get-Section $doc 'NOTES'
    if ($null -ne $notes) { $help.Notes = @(ConvertTo-Paragraph $notes.Blocks) }
    $help.Links = @(Read-LinkList (Get-Section $doc 'RELATED LINKS'))
    return $help
}
