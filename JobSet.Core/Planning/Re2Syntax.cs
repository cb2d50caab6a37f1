using System.Globalization;
using System.Text;

namespace JobSet.Core.Planning;

/// <summary>
/// Rewrites a Go (RE2) regular expression into an equivalent .NET one, or rejects it where Go's
/// regexp package would refuse to compile it. Upstream matches onJobFailureMessagePatterns with
/// Go's <c>regexp.MatchString</c>; the two dialects differ in ways that change which messages match:
/// <list type="bullet">
/// <item><c>\d \w \s</c> (and their negations outside classes) are ASCII-only in Go, Unicode in .NET;</item>
/// <item><c>$</c> without the <c>m</c> flag is the end of the text in Go, while .NET also matches
/// before a final newline;</item>
/// <item>Go-only syntax is translated: <c>\Q...\E</c>, <c>\x{10FFFF}</c>, octal <c>\101</c>, <c>\pL</c>,
/// POSIX classes <c>[[:alpha:]]</c>, <c>(?P&lt;name&gt;)</c>, the ungreedy flag <c>U</c>;</item>
/// <item>.NET-only syntax is rejected as Go rejects it: <c>\Z \G \e \cX \uXXXX \k&lt;n&gt;</c>,
/// backreferences, lookarounds, atomic and comment groups, <c>(?'name')</c>, flags <c>n x</c>,
/// class subtraction (a <c>[</c> inside a class is a literal in Go), repeat counts over 1000.</item>
/// </list>
/// Not translated: <c>\b \B</c> use .NET's Unicode word characters; Unicode script names
/// (<c>\p{Greek}</c>) are not known to .NET and such patterns are skipped; negated POSIX classes
/// (<c>[[:^alpha:]]</c>) are skipped. The <c>m</c> flag, when set anywhere, is taken to apply to
/// every <c>$</c> of the pattern. Matching works on UTF-16 units, so a character outside the BMP
/// is two to <c>.</c> and to classes.
/// </summary>
internal static class Re2Syntax
{
    private const int MaxRepeat = 1000;

    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z",
        ["alpha"] = "A-Za-z",
        ["ascii"] = @"\u0000-\u007F",
        ["blank"] = @"\t ",
        ["cntrl"] = @"\u0000-\u001F\u007F",
        ["digit"] = "0-9",
        ["graph"] = @"!-~",
        ["lower"] = "a-z",
        ["print"] = @" -~",
        ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ",
        ["upper"] = "A-Z",
        ["word"] = "0-9A-Za-z_",
        ["xdigit"] = "0-9A-Fa-f",
    };

    /// <summary>The .NET pattern matching what the Go pattern matches, or null when Go would not compile it.</summary>
    public static string? ToDotNet(string pattern)
    {
        var multiline = SetsMultiline(pattern);
        var output = new StringBuilder(pattern.Length + 16);
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            var ok = c switch
            {
                '\\' => Escape(pattern, ref i, output, inClass: false),
                '[' => Class(pattern, ref i, output),
                '(' => Group(pattern, ref i, output),
                '{' => Repeat(pattern, ref i, output),
                '$' => Append(output, multiline ? "$" : @"\z", ref i, 1),
                _ => Append(output, c.ToString(), ref i, 1),
            };
            if (!ok)
            {
                return null;
            }
        }

        return output.ToString();
    }

    private static bool Append(StringBuilder output, string text, ref int i, int consumed)
    {
        output.Append(text);
        i += consumed;
        return true;
    }

    /// <summary>Whether a flag group turns on <c>m</c> (an approximation of Go's scoped flags).</summary>
    private static bool SetsMultiline(string pattern)
    {
        for (var i = pattern.IndexOf("(?", StringComparison.Ordinal); i >= 0; i = pattern.IndexOf("(?", i + 2, StringComparison.Ordinal))
        {
            for (var j = i + 2; j < pattern.Length && pattern[j] is 'i' or 'm' or 's' or 'U'; j++)
            {
                if (pattern[j] == 'm')
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A backslash sequence at <paramref name="i"/>, outside or inside a character class.</summary>
    private static bool Escape(string p, ref int i, StringBuilder output, bool inClass)
    {
        if (i + 1 >= p.Length)
        {
            return false;
        }

        var d = p[i + 1];
        switch (d)
        {
            case 'a': case 'f': case 't': case 'n': case 'r': case 'v':
                return Append(output, "\\" + d, ref i, 2);
            case 'd':
                return Append(output, inClass ? "0-9" : "[0-9]", ref i, 2);
            case 'w':
                return Append(output, inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]", ref i, 2);
            case 's':
                return Append(output, inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]", ref i, 2);
            case 'D':
                return Append(output, inClass ? @"\D" : "[^0-9]", ref i, 2);
            case 'W':
                return Append(output, inClass ? @"\W" : "[^0-9A-Za-z_]", ref i, 2);
            case 'S':
                return Append(output, inClass ? @"\S" : @"[^\t\n\f\r ]", ref i, 2);
            case 'A' or 'z' or 'b' or 'B' when !inClass:
                return Append(output, "\\" + d, ref i, 2);
            case 'p' or 'P':
                return Property(p, ref i, output);
            case 'x':
                return Hex(p, ref i, output);
            case 'Q' when !inClass:
                return Quote(p, ref i, output);
            case >= '0' and <= '7':
                return Octal(p, ref i, output);
        }

        // Any escaped ASCII punctuation stands for itself; other letters and digits are invalid in Go.
        if (d < 0x80 && !char.IsAsciiLetterOrDigit(d))
        {
            return Append(output, Literal(d), ref i, 2);
        }

        return false;
    }

    /// <summary><c>\pL</c>, <c>\p{Name}</c>, <c>\p{^Name}</c> and their <c>\P</c> negations.</summary>
    private static bool Property(string p, ref int i, StringBuilder output)
    {
        var negated = p[i + 1] == 'P';
        if (i + 2 >= p.Length)
        {
            return false;
        }

        string name;
        int consumed;
        if (p[i + 2] == '{')
        {
            var end = p.IndexOf('}', i + 3);
            if (end < 0)
            {
                return false;
            }

            name = p[(i + 3)..end];
            consumed = end + 1 - i;
        }
        else
        {
            name = p[i + 2].ToString();
            consumed = 3;
        }

        if (name.StartsWith('^'))
        {
            negated = !negated;
            name = name[1..];
        }

        if (name.Length == 0 || !name.All(char.IsAsciiLetter))
        {
            return false;
        }

        return Append(output, $"\\{(negated ? 'P' : 'p')}{{{name}}}", ref i, consumed);
    }

    /// <summary><c>\xHH</c> or <c>\x{H...}</c>.</summary>
    private static bool Hex(string p, ref int i, StringBuilder output)
    {
        string digits;
        int consumed;
        if (i + 2 < p.Length && p[i + 2] == '{')
        {
            var end = p.IndexOf('}', i + 3);
            if (end < 0)
            {
                return false;
            }

            digits = p[(i + 3)..end];
            consumed = end + 1 - i;
        }
        else
        {
            if (i + 3 >= p.Length)
            {
                return false;
            }

            digits = p.Substring(i + 2, 2);
            consumed = 4;
        }

        if (digits.Length == 0 || !digits.All(char.IsAsciiHexDigit)
            || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
            || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        return Append(output, Literal(code), ref i, consumed);
    }

    /// <summary>Octal <c>\0</c>, <c>\01</c>, <c>\101</c>; a lone <c>\1</c>-<c>\7</c> is a backreference, which Go lacks.</summary>
    private static bool Octal(string p, ref int i, StringBuilder output)
    {
        var start = i + 1;
        if (p[start] != '0' && (start + 1 >= p.Length || p[start + 1] is < '0' or > '7'))
        {
            return false;
        }

        var end = start;
        while (end < p.Length && end - start < 3 && p[end] is >= '0' and <= '7')
        {
            end++;
        }

        var code = Convert.ToInt32(p[start..end], 8);
        return Append(output, Literal(code), ref i, end - i);
    }

    /// <summary><c>\Q...\E</c>: everything up to <c>\E</c> (or the end) is literal.</summary>
    private static bool Quote(string p, ref int i, StringBuilder output)
    {
        var start = i + 2;
        var end = p.IndexOf(@"\E", start, StringComparison.Ordinal);
        var text = end < 0 ? p[start..] : p[start..end];
        foreach (var rune in text.EnumerateRunes())
        {
            output.Append(Literal(rune.Value));
        }

        i = end < 0 ? p.Length : end + 2;
        return true;
    }

    /// <summary>A bracket expression: Go's escapes and POSIX classes translated; a nested <c>[</c> is literal.</summary>
    private static bool Class(string p, ref int i, StringBuilder output)
    {
        output.Append('[');
        var j = i + 1;
        if (j < p.Length && p[j] == '^')
        {
            output.Append('^');
            j++;
        }

        var first = true;
        while (j < p.Length && (p[j] != ']' || first))
        {
            var c = p[j];
            // "[:" opens a POSIX class only when a ":]" follows somewhere (else the '[' is a literal, as in Go).
            var end = c == '[' && j + 1 < p.Length && p[j + 1] == ':' ? p.IndexOf(":]", j + 2, StringComparison.Ordinal) : -1;
            if (end >= 0)
            {
                var ranges = PosixClasses.GetValueOrDefault(p[(j + 2)..end]);
                if (ranges is null)
                {
                    return false;
                }

                output.Append(ranges);
                j = end + 2;
            }
            else if (c == '\\')
            {
                if (!Escape(p, ref j, output, inClass: true))
                {
                    return false;
                }
            }
            else
            {
                output.Append(c is '[' or ']' ? "\\" + c : c.ToString());
                j++;
            }

            first = false;
        }

        if (j >= p.Length)
        {
            return false;
        }

        output.Append(']');
        i = j + 1;
        return true;
    }

    /// <summary>A group opening: capture, <c>(?:</c>, named capture, or flags; anything else is not RE2.</summary>
    private static bool Group(string p, ref int i, StringBuilder output)
    {
        if (i + 1 >= p.Length || p[i + 1] != '?')
        {
            return Append(output, "(", ref i, 1);
        }

        var rest = p.AsSpan(i + 2);
        if (rest.StartsWith("P<") || (rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")))
        {
            var nameStart = i + 2 + (rest[0] == 'P' ? 2 : 1);
            var end = p.IndexOf('>', nameStart);
            if (end <= nameStart || !p[nameStart..end].All(ch => ch == '_' || char.IsLetterOrDigit(ch)))
            {
                return false;
            }

            return Append(output, $"(?<{p[nameStart..end]}>", ref i, end + 1 - i);
        }

        // Flags: (?flags) or (?flags:re) with flags from i, m, s, U and one '-'.
        var j = i + 2;
        var flags = new StringBuilder();
        var sawMinus = false;
        var sawFlag = false;
        while (j < p.Length && p[j] is 'i' or 'm' or 's' or 'U' or '-')
        {
            if (p[j] == '-')
            {
                if (sawMinus)
                {
                    return false;
                }

                sawMinus = true;
            }
            else
            {
                sawFlag = true;
            }

            // Ungreedy only changes which match is found, never whether one is: dropped.
            if (p[j] != 'U')
            {
                flags.Append(p[j]);
            }

            j++;
        }

        if (j >= p.Length || p[j] is not (')' or ':') || p[j - 1] == '-' || (!sawFlag && p[j] == ')'))
        {
            return false;
        }

        // "(?:" itself and "(?U:" (the ungreedy flag dropped) both come out as "(?:" below.
        var text = flags.ToString().TrimEnd('-');
        if (p[j] == ')')
        {
            return Append(output, text.Length == 0 ? "" : $"(?{text})", ref i, j + 1 - i);
        }

        return Append(output, $"(?{text}:", ref i, j + 1 - i);
    }

    /// <summary><c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c> are repetitions limited to 1000; any other brace is literal.</summary>
    private static bool Repeat(string p, ref int i, StringBuilder output)
    {
        var end = p.IndexOf('}', i + 1);
        if (end < 0)
        {
            return Append(output, @"\{", ref i, 1);
        }

        var body = p[(i + 1)..end];
        var parts = body.Split(',');
        var isRepeat = parts.Length is 1 or 2 && IsRepeatCount(parts[0]) && (parts.Length == 1 || parts[1].Length == 0 || IsRepeatCount(parts[1]));
        if (!isRepeat)
        {
            return Append(output, @"\{", ref i, 1);
        }

        foreach (var part in parts)
        {
            if (part.Length > 0 && (part.Length > 4 || int.Parse(part, CultureInfo.InvariantCulture) > MaxRepeat))
            {
                return false;
            }
        }

        return Append(output, p[i..(end + 1)], ref i, end + 1 - i);
    }

    /// <summary>
    /// A count as Go's parseInt reads it: digits without a leading zero. Go takes a brace whose
    /// counts it cannot read (<c>a{01}</c>) as a literal, not as a repetition.
    /// </summary>
    private static bool IsRepeatCount(string text) => text.Length > 0 && text.All(char.IsAsciiDigit) && (text[0] != '0' || text.Length == 1);

    /// <summary>A code point as an escape .NET reads the same inside and outside classes.</summary>
    private static string Literal(int codePoint)
    {
        var text = char.ConvertFromUtf32(codePoint);
        var sb = new StringBuilder();
        foreach (var unit in text)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}");
        }

        return sb.ToString();
    }
}
