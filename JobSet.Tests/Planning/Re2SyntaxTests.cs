using JobSet.Core.Planning;

namespace JobSet.Tests.Planning;

/// <summary>
/// The Go-to-.NET rewrite of onJobFailureMessagePatterns, construct by construct: the exact
/// .NET text for what Go accepts, null for what Go refuses to compile.
/// </summary>
public class Re2SyntaxTests
{
    [TestCase("abc", "abc")]
    [TestCase("a$", @"a\z")]
    [TestCase("(?m)a$", "(?m)a$")]
    [TestCase("(?im)a$", "(?im)a$")]
    [TestCase("(?Um)a$", "(?m)a$")]
    [TestCase("(?sU)a$", @"(?s)a\z")]
    [TestCase("(?s)m$", @"(?s)m\z")]
    [TestCase("(?U)a", "a")]
    [TestCase("(?U:a)", "(?:a)")]
    [TestCase("(?i-s:a)", "(?i-s:a)")]
    [TestCase("(?-s)a", "(?-s)a")]
    [TestCase("(?-U)a", "a")]
    [TestCase("(?:a)", "(?:a)")]
    [TestCase("(a)", "(a)")]
    [TestCase("(?P<n1_>a)", "(?<n1_>a)")]
    [TestCase("(?<n>a)", "(?<n>a)")]
    public void Groups_and_flags(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase("(?)")]
    [TestCase("(?-)")]
    [TestCase("(?i-)")]
    [TestCase("(?i-m-s)")]
    [TestCase("(?")]
    [TestCase("(?i")]
    [TestCase("(?P<>a)")]
    [TestCase("(?P<a-b>a)")]
    [TestCase("(?P<n")]
    [TestCase("(?<=a)")]
    [TestCase("(?<!a)")]
    [TestCase("(?=a)")]
    [TestCase("(?!a)")]
    [TestCase("(?x)")]
    public void Groups_go_refuses(string go)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.Null);
    }

    [TestCase(@"\a\f\t\n\r\v", @"\a\f\t\n\r\v")]
    [TestCase(@"\d", "[0-9]")]
    [TestCase(@"\w", "[0-9A-Za-z_]")]
    [TestCase(@"\s", @"[\t\n\f\r ]")]
    [TestCase(@"\D", "[^0-9]")]
    [TestCase(@"\W", "[^0-9A-Za-z_]")]
    [TestCase(@"\S", @"[^\t\n\f\r ]")]
    [TestCase(@"\A\z\b\B", @"\A\z\b\B")]
    [TestCase(@"[\d]", "[0-9]")]
    [TestCase(@"[\w]", "[0-9A-Za-z_]")]
    [TestCase(@"[\s]", @"[\t\n\f\r ]")]
    [TestCase(@"[\D]", @"[\D]")]
    [TestCase(@"[\W]", @"[\W]")]
    [TestCase(@"[\S]", @"[\S]")]
    [TestCase(@"[\t]", @"[\t]")]
    [TestCase(@"\.", @"\u002E")]
    [TestCase(@"\-", @"\u002D")]
    [TestCase("\\\u007F", @"\u007F", TestName = "Escapes(backslash U+007F)")] // the last ASCII character, DEL, is not a letter or digit
    [TestCase(@"[\]]", @"[\u005D]")]
    public void Escapes(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase(@"\pL", @"\p{L}")]
    [TestCase(@"\PL", @"\P{L}")]
    [TestCase(@"\p{Lu}", @"\p{Lu}")]
    [TestCase(@"\p{^Lu}", @"\P{Lu}")]
    [TestCase(@"\P{^Lu}", @"\p{Lu}")]
    [TestCase(@"[\pL]", @"[\p{L}]")]
    [TestCase(@"\x41", @"\u0041")]
    [TestCase(@"\x{41}", @"\u0041")]
    [TestCase(@"\x{1F600}", @"\uD83D\uDE00")]
    [TestCase(@"\x{10FFFF}", @"\uDBFF\uDFFF")]
    [TestCase(@"\x{D7FF}", @"\uD7FF")]
    [TestCase(@"\x{E000}", @"\uE000")]
    [TestCase(@"\x{0}", @"\u0000")]
    [TestCase(@"\0", @"\u0000")]
    [TestCase(@"\01", @"\u0001")]
    [TestCase(@"\101", @"\u0041")]
    [TestCase(@"\1014", @"\u00414")]
    [TestCase(@"\12", @"\u000A")]
    [TestCase(@"\777", @"\u01FF")]
    [TestCase(@"\08", @"\u00008")]
    [TestCase(@"\Qa.b\Ec", @"\u0061\u002E\u0062c")]
    [TestCase(@"\Qa", @"\u0061")]
    [TestCase(@"\Q", "")]
    [TestCase(@"\Q😀\E", @"\uD83D\uDE00")]
    public void Properties_code_points_and_quotes(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase(@"\p")]
    [TestCase(@"\p{}")]
    [TestCase(@"\p{L")]
    [TestCase(@"\p1")]
    [TestCase(@"\p{^}")]
    [TestCase(@"\p{L1}")]
    [TestCase(@"\x{}")]
    [TestCase(@"\x{110000}")]
    [TestCase(@"\x{D800}")]
    [TestCase(@"\x{DFFF}")]
    [TestCase(@"\x4")]
    [TestCase(@"\x")]
    [TestCase(@"\xZZ")]
    [TestCase(@"\x{41")]
    [TestCase(@"\x{4G}")]
    [TestCase(@"\x{FFFFFFFFF}")]
    [TestCase(@"\1")]
    [TestCase(@"\18")]
    [TestCase(@"\8")]
    [TestCase(@"[\Q]")]
    [TestCase(@"[\b]")]
    [TestCase(@"[\A]")]
    [TestCase(@"\é")]
    [TestCase("\\\u0080", TestName = "Escapes_go_refuses(backslash U+0080)")] // the first character past ASCII: Go escapes only ASCII punctuation (below utf8.RuneSelf)
    [TestCase(@"\")]
    [TestCase(@"\Z")]
    public void Escapes_go_refuses(string go)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.Null);
    }

    [TestCase("[a-z]", "[a-z]")]
    [TestCase("[^a]", "[^a]")]
    [TestCase("[]a]", @"[\]a]")]
    [TestCase("[^]a]", @"[^\]a]")]
    [TestCase("[a[b]", @"[a\[b]")]
    [TestCase("[[:alpha:]]", "[A-Za-z]")]
    [TestCase("[^[:digit:]x]", "[^0-9x]")]
    [TestCase("[[:alnum:][:blank:]]", @"[0-9A-Za-z\t ]")]
    [TestCase("[[:alpha]", @"[\[:alpha]")]
    [TestCase("[[:]", @"[\[:]")]
    [TestCase("[[]", @"[\[]")]
    [TestCase("x]", "x]")]
    public void Classes(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase("[[:nope:]]")]
    [TestCase("[[:^alpha:]]")]
    [TestCase("[[:a]b:]")]
    [TestCase("[a")]
    [TestCase("[")]
    [TestCase("[^")]
    [TestCase("[]")]
    public void Classes_go_refuses_or_that_are_not_translated(string go)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.Null);
    }

    [TestCase("alnum", "0-9A-Za-z")]
    [TestCase("alpha", "A-Za-z")]
    [TestCase("ascii", @"\u0000-\u007F")]
    [TestCase("blank", @"\t ")]
    [TestCase("cntrl", @"\u0000-\u001F\u007F")]
    [TestCase("digit", "0-9")]
    [TestCase("graph", "!-~")]
    [TestCase("lower", "a-z")]
    [TestCase("print", " -~")]
    [TestCase("punct", @"!-/:-@\[-`{-~")]
    [TestCase("space", @"\t\n\v\f\r ")]
    [TestCase("upper", "A-Z")]
    [TestCase("word", "0-9A-Za-z_")]
    [TestCase("xdigit", "0-9A-Fa-f")]
    public void Every_posix_class_is_its_ascii_ranges(string name, string ranges)
    {
        Assert.That(Re2Syntax.ToDotNet($"[[:{name}:]]"), Is.EqualTo($"[{ranges}]"));
    }

    [TestCase("a{2}", "a{2}")]
    [TestCase("a{2,}", "a{2,}")]
    [TestCase("a{0,1000}", "a{0,1000}")]
    [TestCase("a{1000}", "a{1000}")]
    [TestCase("a{10,100}", "a{10,100}")]
    [TestCase("a{,3}", @"a\{,3}")]
    [TestCase("a{x}", @"a\{x}")]
    [TestCase("a{1,2,3}", @"a\{1,2,3}")]
    [TestCase("a{ 1}", @"a\{ 1}")]
    [TestCase("a{", @"a\{")]
    [TestCase("a{}", @"a\{}")]
    [TestCase("a{01}", @"a\{01}", TestName = "a count with a leading zero is no count in Go: the brace is literal")]
    [TestCase("a{1,02}", @"a\{1,02}")]
    [TestCase("a{0}", "a{0}")]
    [TestCase("a{0,0}", "a{0,0}")]
    public void Repetitions(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase("a{1001}")]
    [TestCase("a{0,1001}")]
    [TestCase("a{1001,}")]
    [TestCase("a{10000}")]
    [TestCase("a{99999999999}")]
    public void Repetitions_over_1000_are_refused(string go)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.Null);
    }

    [TestCase(@"a\p{L}b", @"a\p{L}b")]
    [TestCase(@"a\x{41}b", @"a\u0041b")]
    [TestCase(@"a\x41b", @"a\u0041b")]
    [TestCase(@"a\101b", @"a\u0041b")]
    [TestCase(@"a\Qb\Ec", @"a\u0062c")]
    [TestCase("x(?P<n>a)b", "x(?<n>a)b")]
    [TestCase("x(?:a)b", "x(?:a)b")]
    [TestCase("x(?i)a", "x(?i)a")]
    [TestCase("x(?U)a", "xa")]
    [TestCase("x(?i:a)b", "x(?i:a)b")]
    [TestCase("x(?U:a)b", "x(?:a)b")]
    [TestCase("x(?-U:a)b", "x(?:a)b")]
    [TestCase("a{2}b", "a{2}b")]
    [TestCase("a}{2}", "a}{2}", TestName = "a brace right after a closing brace: the count is the brace's own")]
    [TestCase("a[b]c", "a[b]c")]
    public void Constructs_inside_a_pattern_consume_exactly_their_own_text(string go, string dotNet)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.EqualTo(dotNet));
    }

    [TestCase(@"\x{ 41}", TestName = "hex digits in braces: a space is no hex digit")]
    [TestCase(@"\x 4", TestName = "two hex digits: a space is no hex digit")]
    [TestCase(@"\x{4 }")]
    public void Hex_escapes_take_hex_digits_only(string go)
    {
        Assert.That(Re2Syntax.ToDotNet(go), Is.Null);
    }

    [TestCase("x{01}", "x{01}", true)]
    [TestCase("x{01}", "x", false)]
    [TestCase("[[:alpha]+", "a:p]", true)]
    [TestCase("[[:alpha]+", "b", false)]
    public void Messages_match_as_go_matches_them(string pattern, string message, bool matches)
    {
        Assert.That(new FailureMessagePatterns().AnyMatch([pattern], message), Is.EqualTo(matches));
    }
}
