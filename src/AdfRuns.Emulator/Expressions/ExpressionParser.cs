using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AdfRuns.Emulator.Expressions;

/// <summary>
/// Reads and evaluates one expression: literals ('text' with '' as a quote, numbers, true, false, null), function
/// calls, and property access (.name, ['name'], [index]). Functions outside <see cref="ExpressionFunctions"/> are
/// unsupported.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string text;
    private readonly ExpressionContext context;
    private int position;

    public ExpressionParser(string text, ExpressionContext context)
    {
        this.text = text;
        this.context = context;
    }

    /// <summary>The index of the "}" that closes an interpolation starting at <paramref name="start"/>, skipping quoted text.</summary>
    public static int? FindClosingBrace(string text, int start)
    {
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (text[i] == '}' && !quoted)
            {
                return i;
            }
        }

        return null;
    }

    public object? ParseWhole()
    {
        var value = ParseExpression();
        SkipSpace();
        return position == text.Length ? value : throw Unsupported("text after the expression");
    }

    private object? ParseExpression()
    {
        SkipSpace();
        var value = ParsePrimary();
        while (true)
        {
            SkipSpace();
            if (Peek('.'))
            {
                position++;
                value = Member(value, ReadIdentifier());
            }
            else if (Peek('?') && position + 1 < text.Length && text[position + 1] == '.')
            {
                position += 2;
                var name = ReadIdentifier();
                value = value is null ? null : Member(value, name);
            }
            else if (Peek('['))
            {
                position++;
                var index = ParseExpression();
                Expect(']');
                value = Index(value, index);
            }
            else
            {
                return value;
            }
        }
    }

    private object? ParsePrimary()
    {
        if (position >= text.Length)
        {
            throw Unsupported("an empty expression");
        }

        var current = text[position];
        if (current == '\'')
        {
            return ReadString();
        }

        if (char.IsDigit(current) || (current == '-' && position + 1 < text.Length && char.IsDigit(text[position + 1])))
        {
            return ReadNumber();
        }

        var name = ReadIdentifier();
        SkipSpace();
        if (!Peek('('))
        {
            return name.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                "null" => null,
                _ => throw Unsupported($"the name '{name}'"),
            };
        }

        position++;
        var arguments = new List<object?>();
        SkipSpace();
        if (!Peek(')'))
        {
            do
            {
                arguments.Add(ParseExpression());
                SkipSpace();
            }
            while (TryConsume(','));
        }

        Expect(')');
        return ExpressionFunctions.Call(name, arguments, context);
    }

    private static object? Member(object? target, string name)
    {
        if (target is Dictionary<string, object?> map && map.TryGetValue(name, out var value))
        {
            return value;
        }

        // GUESS: a missing property (or one of a non-object) is outside the subset, so the text stays literal.
        throw new UnsupportedExpressionException($"no property '{name}'");
    }

    private static object? Index(object? target, object? index) => (target, index) switch
    {
        (Dictionary<string, object?>, string name) => Member(target, name),
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        _ => throw new UnsupportedExpressionException("an index the emulator cannot apply"),
    };

    private string ReadString()
    {
        var builder = new StringBuilder();
        position++;
        while (position < text.Length)
        {
            if (text[position] == '\'')
            {
                if (position + 1 < text.Length && text[position + 1] == '\'')
                {
                    builder.Append('\'');
                    position += 2;
                    continue;
                }

                position++;
                return builder.ToString();
            }

            builder.Append(text[position++]);
        }

        throw Unsupported("an unterminated string");
    }

    private object ReadNumber()
    {
        var start = position;
        position++;
        while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
        {
            position++;
        }

        var literal = text.Substring(start, position - start);
        if (long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? real
            : throw Unsupported($"the number '{literal}'");
    }

    private string ReadIdentifier()
    {
        SkipSpace();
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        return position > start ? text.Substring(start, position - start) : throw Unsupported($"'{Rest()}'");
    }

    private void SkipSpace()
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private bool Peek(char expected) => position < text.Length && text[position] == expected;

    private bool TryConsume(char expected)
    {
        SkipSpace();
        if (!Peek(expected))
        {
            return false;
        }

        position++;
        return true;
    }

    private void Expect(char expected)
    {
        if (!TryConsume(expected))
        {
            throw Unsupported($"'{Rest()}' where '{expected}' was expected");
        }
    }

    private string Rest() => new(text.Skip(position).Take(20).ToArray());

    private UnsupportedExpressionException Unsupported(string what) => new($"The ADF emulator does not evaluate {what} in '{text}'.");
}
