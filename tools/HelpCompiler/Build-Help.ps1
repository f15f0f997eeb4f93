#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Compiles the markdown help in docs/ into the module's MAML help and about_ topic.

.DESCRIPTION
    Converts every docs/<Verb-Noun>.md into one MAML file, <OutputPath>/en-US/AdfRuns.dll-Help.xml, and
    docs/about_AdfRuns.md into <OutputPath>/en-US/about_AdfRuns.help.txt. platyPS is not used. The markdown
    is parsed by Markdig, through PowerShell 7's ConvertFrom-Markdown (so this needs PowerShell 7; the help it
    writes serves Windows PowerShell 5.1 too).

    The work is in the files beside this one: MarkdownReader.ps1 (Markdig's syntax tree to sections and
    blocks), CmdletDoc.ps1 (a cmdlet's page to a help model), CmdletMetadata.ps1 (the built cmdlets'
    parameters, from a child process), MamlWriter.ps1 and AboutTopic.ps1.

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
        Paragraphs separated by blank lines (CommonMark). Lines of one paragraph are joined. Lists ("- ",
        "* ", "1. ", one line per item) and code blocks keep their line breaks. Inline `code`, emphasis and
        [text](link) are reduced to plain text; a web link keeps its address: "text (https://...)".

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
        The compiler puts "Online version:" first, with the URI of docs/<Verb-Noun>.md under the manifest's
        ProjectUri, so Get-Help -Online opens the cmdlet's own page.

    MARKDOWN FORMAT OF docs/about_AdfRuns.md
    ----------------------------------------
        # about_AdfRuns
        ## SHORT DESCRIPTION      ## LONG DESCRIPTION      ## <OTHER SECTION> (EXAMPLES, SEE ALSO ...)
        ### Sub-heading           (inside a section; rendered indented by 2 in capitals)
        Paragraphs, "- " lists and ```fenced``` blocks as above. Compiled to the classic layout: TOPIC,
        SHORT DESCRIPTION, LONG DESCRIPTION ... at column 0, text wrapped at 80 and indented by 4, code
        indented by 8 and never wrapped (so code lines must be 72 characters or fewer).

.PARAMETER DocsPath
    The docs folder holding the markdown (the repository's docs/ by default).

.PARAMETER OutputPath
    The built module folder (the one holding AdfRuns.psd1 and AdfRuns.dll), e.g. out/AdfRuns.

.EXAMPLE
    ./tools/HelpCompiler/Build-Help.ps1 -DocsPath ./docs -OutputPath ./out/AdfRuns
#>
[CmdletBinding()]
param(
    [string] $DocsPath = (Join-Path $PSScriptRoot '../../docs'),

    [Parameter(Mandatory = $true)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

foreach ($part in 'MarkdownReader', 'CmdletDoc', 'CmdletMetadata', 'MamlWriter', 'AboutTopic') {
    . (Join-Path $PSScriptRoot "$part.ps1")
}

$ModuleName = 'AdfRuns'
$DocsPath = (Resolve-Path -LiteralPath $DocsPath).ProviderPath
if (-not (Test-Path -LiteralPath $OutputPath)) { New-Item -ItemType Directory -Path $OutputPath | Out-Null }
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

$problems = [System.Collections.Generic.List[string]]::new()
$manifest = Join-Path $OutputPath "$ModuleName.psd1"
$helpFiles = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*-*.md' -File | Where-Object { $_.BaseName -match '^[A-Za-z]+-[A-Za-z0-9]+$' } | Sort-Object Name)
$docs = @{}
foreach ($file in $helpFiles) { $docs[$file.BaseName] = Read-CmdletDoc $file.FullName $problems }
# Get-Help -Online opens a cmdlet's first related link that has a URI: its page in the project's declared home.
$projectUri = (Import-PowerShellDataFile (Join-Path $DocsPath "../$ModuleName.psd1")).PrivateData.PSData.ProjectUri
foreach ($name in @($docs.Keys)) { $docs[$name].Links = @(New-OnlineLink $projectUri $name) + @($docs[$name].Links) }

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

$maml = New-MamlDocument $metadata $docs $problems
if ($problems.Count -gt 0) {
    throw "The help is incomplete ($($problems.Count) problem(s)):$([Environment]::NewLine)  $($problems -join "$([Environment]::NewLine)  ")"
}

$helpDir = Join-Path $OutputPath 'en-US'
New-Item -ItemType Directory -Force -Path $helpDir | Out-Null
$mamlPath = Join-Path $helpDir "$ModuleName.dll-Help.xml"
[System.IO.File]::WriteAllBytes($mamlPath, $maml)
# Check that what was written parses as XML.
$null = [xml][System.IO.File]::ReadAllText($mamlPath)
[System.IO.File]::WriteAllText((Join-Path $helpDir "about_$ModuleName.help.txt"), $aboutText, [System.Text.UTF8Encoding]::new($false))
Write-Host "Help for $(@($metadata).Count) cmdlets written to $mamlPath, and about_$ModuleName.help.txt."
