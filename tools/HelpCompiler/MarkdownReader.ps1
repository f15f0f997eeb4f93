# Reading markdown: PowerShell 7's ConvertFrom-Markdown parses the file with Markdig, and the Markdig syntax tree
# (a Markdig.Syntax.MarkdownDocument) is turned into the compiler's model of the page:
#   Title     the H1 heading
#   Sections  one per H2 heading: Name, Blocks, and Subs (one per H3 heading: Name, Blocks)
# A block is Kind 'Text' (a paragraph: one plain-text line per source line), 'List' (one line per item, with
# its marker: '-' or the item's number) or 'Code' (a fenced or indented code block, verbatim).

# Inline markdown to plain text: code spans, emphasis and links keep their text, a web link also its address
# ("text (https://...)"); a line break inside a paragraph stays a "`n".
function ConvertTo-PlainText {
    param($Inline)
    if ($null -eq $Inline) { return '' }
    switch ($Inline.GetType().Name) {
        'LiteralInline' { return $Inline.Content.ToString() }
        'CodeInline' { return $Inline.Content }
        'LineBreakInline' { return "`n" }
        'HtmlInline' { return $Inline.Tag }
        'HtmlEntityInline' { return $Inline.Transcoded.ToString() }
        'AutolinkInline' { return $Inline.Url }
        # Markdig's pipe-table extension holds a '|' of running text as a delimiter around the text after it.
        'PipeTableDelimiterInline' { return '|' + ((@($Inline) | ForEach-Object { ConvertTo-PlainText $_ }) -join '') }
        'LinkInline' {
            $label = (@($Inline) | ForEach-Object { ConvertTo-PlainText $_ }) -join ''
            if ($Inline.IsAutoLink -or $label -eq $Inline.Url) { return $Inline.Url }
            if ($Inline.Url -match '^https?://') { return "$label ($($Inline.Url))" }
            return $label
        }
    }
    if ($Inline -is [Markdig.Syntax.Inlines.ContainerInline]) {
        return (@($Inline) | ForEach-Object { ConvertTo-PlainText $_ }) -join ''
    }
    return $Inline.ToString()
}

# A paragraph's (or heading's) inlines as plain-text lines, one per source line, each trimmed.
function ConvertTo-PlainTextLine {
    param($ContainerInline)
    $text = ConvertTo-PlainText $ContainerInline
    return @($text -split "`n" | ForEach-Object { $_.Trim() })
}

# The text of a code block, verbatim.
function Get-CodeLine {
    param([Markdig.Syntax.LeafBlock] $Block)
    $lines = $Block.Lines
    return @(for ($i = 0; $i -lt $lines.Count; $i++) { $lines.Lines[$i].Slice.ToString() })
}

# One list item as one line: its paragraphs joined by spaces; nested blocks follow on further lines.
function ConvertTo-ListItemLine {
    param([Markdig.Syntax.ListItemBlock] $Item, [Markdig.Syntax.ListBlock] $List)
    $marker = if ($List.IsOrdered) { "$($Item.Order)$($List.OrderedDelimiter)" } else { '-' }
    $words = [System.Collections.Generic.List[string]]::new()
    $more = [System.Collections.Generic.List[string]]::new()
    foreach ($child in $Item) {
        if ($child -is [Markdig.Syntax.ParagraphBlock] -and $more.Count -eq 0) {
            $words.Add(((ConvertTo-PlainTextLine $child.Inline) -join ' '))
        }
        else {
            foreach ($block in ConvertTo-Block $child) { $more.AddRange([string[]]@($block.Lines)) }
        }
    }
    return @("$marker $($words -join ' ')".TrimEnd()) + @($more)
}

# One Markdig block to the compiler's blocks (a container block gives those of its children). Blocks are
# enumerable, so they are passed whole, never through @().
function ConvertTo-Block {
    param($Block)
    foreach ($block in , $Block) {
        if ($null -eq $block) { continue }
        if ($block -is [Markdig.Syntax.CodeBlock]) {
            # FencedCodeBlock derives from CodeBlock: fenced and indented code alike.
            [pscustomobject]@{ Kind = 'Code'; Lines = @(Get-CodeLine $block) }
        }
        elseif ($block -is [Markdig.Syntax.ParagraphBlock]) {
            [pscustomobject]@{ Kind = 'Text'; Lines = @(ConvertTo-PlainTextLine $block.Inline) }
        }
        elseif ($block -is [Markdig.Syntax.ListBlock]) {
            $lines = foreach ($item in $block) { ConvertTo-ListItemLine $item $block }
            [pscustomobject]@{ Kind = 'List'; Lines = @($lines) }
        }
        elseif ($block -is [Markdig.Syntax.HeadingBlock]) {
            [pscustomobject]@{ Kind = 'Text'; Lines = @(ConvertTo-PlainTextLine $block.Inline) }
        }
        elseif ($block -is [Markdig.Syntax.ContainerBlock]) {
            foreach ($child in $block) { ConvertTo-Block $child }
        }
        elseif ($block -is [Markdig.Syntax.LeafBlock] -and $null -ne $block.Lines.Lines) {
            [pscustomobject]@{ Kind = 'Text'; Lines = @(Get-CodeLine $block | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
        }
    }
}

# A markdown file as Title and Sections (see the top of this file).
function Read-MarkdownDocument {
    param([string] $Path)
    $markdig = (ConvertFrom-Markdown -LiteralPath $Path).Tokens
    $doc = [ordered]@{ Title = $null; Sections = [System.Collections.Generic.List[object]]::new(); Path = $Path }
    $section = $null
    $sub = $null
    foreach ($block in $markdig) {
        if ($block -is [Markdig.Syntax.HeadingBlock] -and $block.Level -le 3) {
            $name = (ConvertTo-PlainTextLine $block.Inline) -join ' '
            switch ($block.Level) {
                1 { $doc.Title = $name }
                2 {
                    $section = [ordered]@{ Name = $name; Blocks = [System.Collections.Generic.List[object]]::new(); Subs = [System.Collections.Generic.List[object]]::new() }
                    $doc.Sections.Add($section)
                    $sub = $null
                }
                3 {
                    if ($null -eq $section) { continue }
                    $sub = [ordered]@{ Name = $name; Blocks = [System.Collections.Generic.List[object]]::new() }
                    $section.Subs.Add($sub)
                }
            }
            continue
        }
        $target = if ($null -ne $sub) { $sub } elseif ($null -ne $section) { $section } else { $null }
        if ($null -eq $target) { continue }
        foreach ($converted in ConvertTo-Block $block) { $target.Blocks.Add($converted) }
    }
    return $doc
}

function Get-Section {
    param($Doc, [string] $Name)
    return @($Doc.Sections | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
}

# Blocks to the strings of maml:para elements: a paragraph's lines joined by spaces, a list or code block's by
# line breaks.
function ConvertTo-Paragraph {
    param([object[]] $Blocks)
    foreach ($block in @($Blocks)) {
        if ($null -eq $block) { continue }
        if ($block.Kind -eq 'Text') { ($block.Lines -join ' ') } else { ($block.Lines -join "`n") }
    }
}

function Test-HasText {
    param([object[]] $Blocks)
    return @($Blocks | Where-Object { $null -ne $_ -and @($_.Lines | Where-Object { $_ -match '\S' }).Count }).Count -gt 0
}
