# The about_ topic: docs/about_<Module>.md compiled to the classic text layout (TOPIC, SHORT DESCRIPTION,
# LONG DESCRIPTION ... at column 0, text wrapped at 80 and indented by 4, code indented by 8 and never wrapped).

$MaxAboutWidth = 80

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
        param([object[]] $Blocks)
        $first = $true
        foreach ($block in @($Blocks | Where-Object { $null -ne $_ })) {
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
        & $renderBlocks @($section.Blocks)
        foreach ($sub in $section.Subs) {
            $text.Add('')
            $text.Add('  ' + $sub.Name.ToUpperInvariant())
            & $renderBlocks @($sub.Blocks)
        }
    }
    for ($i = 0; $i -lt $text.Count; $i++) {
        if ($text[$i].Length -gt $MaxAboutWidth) { $Problems.Add("${file}: compiled line $($i + 1) is $($text[$i].Length) characters (more than $MaxAboutWidth): '$($text[$i].Trim())'.") }
    }
    return ($text -join "`n") + "`n"
}

