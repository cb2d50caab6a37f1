using Bogus;
using JobSet.Core.Planning;

namespace JobSet.Tests.Planning.Conformance;

/// <summary>
/// onJobFailureMessagePatterns as Go's <c>regexp.MatchString</c> (upstream's anyMatchFound in
/// failure_policy.go) decides them: RE2 syntax and semantics, an invalid pattern never matches.
/// Expected values are what Go's regexp package answers.
/// </summary>
public class MessagePatternConformanceTests
{
    [TestCase("some message", "the job failed with some message here", true, TestName = "re2: unanchored search")]
    [TestCase("^job failed because.*", "job failed because of a bug", true, TestName = "re2: anchored prefix")]
    [TestCase(@"^\d+$", "123", true, TestName = "re2: digits")]
    [TestCase(@"^\d+$", "\u0661\u0662\u0663", false, TestName = "re2: \\d is ASCII only")]
    [TestCase(@"^\w+$", "caf\u00e9", false, TestName = "re2: \\w is ASCII only")]
    [TestCase(@"a\sb", "a\u00a0b", false, TestName = "re2: \\s is ASCII only")]
    [TestCase(@"a\Sb", "a\u00a0b", true, TestName = "re2: \\S matches a non-ASCII space")]
    [TestCase(@"^\D$", "\u0661", true, TestName = "re2: \\D matches a non-ASCII digit")]
    [TestCase("failed$", "job failed\n", false, TestName = "re2: $ is the end of the text, not before a final newline")]
    [TestCase("failed$", "job failed", true, TestName = "re2: $ at the end")]
    [TestCase("(?m)failed$", "job failed\nmore", true, TestName = "re2: (?m)$ at a line end")]
    [TestCase(@"failed\z", "job failed", true, TestName = "re2: \\z")]
    [TestCase(@"failed\Z", "job failed", false, TestName = "re2: \\Z is not RE2")]
    [TestCase(@"\Qa.b\E", "xa.by", true, TestName = "re2: \\Q...\\E is literal")]
    [TestCase(@"\Qa.b\E", "axb", false, TestName = "re2: \\Q...\\E dot is not a wildcard")]
    [TestCase(@"\Qa.b", "a.b", true, TestName = "re2: \\Q to the end")]
    [TestCase(@"\x{41}BC", "ABC", true, TestName = "re2: \\x{...}")]
    [TestCase(@"\x41BC", "ABC", true, TestName = "re2: \\xHH")]
    [TestCase(@"\101BC", "ABC", true, TestName = "re2: octal")]
    [TestCase(@"\x{1F600}", "smile \U0001F600", true, TestName = "re2: code point beyond the BMP")]
    [TestCase(@"\pL+", "abc", true, TestName = "re2: one-letter property")]
    [TestCase(@"^\p{^L}$", "1", true, TestName = "re2: negated property")]
    [TestCase("[[:digit:]]+", "abc123", true, TestName = "re2: POSIX class")]
    [TestCase("^[[:alpha:]]+$", "abc1", false, TestName = "re2: POSIX class is a class")]
    [TestCase("^[^[:space:]]+$", "a b", false, TestName = "re2: POSIX class in a negated class")]
    [TestCase("(?U)a+", "aaa", true, TestName = "re2: ungreedy flag")]
    [TestCase("(?i)BACKOFF", "backoff limit", true, TestName = "re2: case-insensitive flag")]
    [TestCase("(?i:BACK)off", "BACKoff", true, TestName = "re2: scoped flag group")]
    [TestCase("(?s)a.b", "a\nb", true, TestName = "re2: (?s) dot matches newline")]
    [TestCase("a.b", "a\nb", false, TestName = "re2: dot does not match newline")]
    [TestCase("(?P<what>backoff)", "backoff", true, TestName = "re2: (?P<name>)")]
    [TestCase("(?<what>backoff)", "backoff", true, TestName = "re2: (?<name>)")]
    [TestCase(@"a\_b", "a_b", true, TestName = "re2: escaped punctuation is literal")]
    [TestCase("[a-z-[aeiou]]", "b", false, TestName = "re2: no class subtraction, [ is a literal in a class")]
    [TestCase("[a-z-[aeiou]]", "b]", true, TestName = "re2: the class ends at the first ]")]
    [TestCase("[]a]", "]", true, TestName = "re2: leading ] in a class is literal")]
    [TestCase("a{,3}", "a{,3}", true, TestName = "re2: {,n} is literal")]
    [TestCase("a{2,3}", "aa", true, TestName = "re2: repetition")]
    [TestCase("a{1001}", "a", false, TestName = "re2: repeat count over 1000 is invalid")]
    [TestCase("(?#note)oops", "oops", false, TestName = "re2: comment group is not RE2")]
    [TestCase("(?'n'oops)", "oops", false, TestName = "re2: (?'name') is not RE2")]
    [TestCase("(?=oops)", "oops", false, TestName = "re2: lookahead is not RE2")]
    [TestCase("(?<=o)ops", "oops", false, TestName = "re2: lookbehind is not RE2")]
    [TestCase("(?>oops)", "oops", false, TestName = "re2: atomic group is not RE2")]
    [TestCase(@"(a)\1", "aa", false, TestName = "re2: backreference is not RE2")]
    [TestCase(@"\k<n>", "k<n>", false, TestName = "re2: named backreference is not RE2")]
    [TestCase(@"\e", "\u001b", false, TestName = "re2: \\e is not RE2")]
    [TestCase(@"\cA", "\u0001", false, TestName = "re2: \\cX is not RE2")]
    [TestCase(@"\u0041", "A", false, TestName = "re2: \\uXXXX is not RE2")]
    [TestCase(@"\G", "", false, TestName = "re2: \\G is not RE2")]
    [TestCase("(?n)a", "a", false, TestName = "re2: flag n is not RE2")]
    [TestCase("(?x)a", "a", false, TestName = "re2: flag x is not RE2")]
    [TestCase("(?-)a", "a", false, TestName = "re2: empty negated flags are invalid")]
    [TestCase("(?i-U)a", "A", true, TestName = "re2: flags with a negation")]
    [TestCase("(unclosed", "unclosed", false, TestName = "re2: unbalanced parenthesis")]
    [TestCase("[unclosed", "unclosed", false, TestName = "re2: unterminated class")]
    [TestCase(@"trailing\", "trailing", false, TestName = "re2: trailing backslash")]
    [TestCase(@"\8", "8", false, TestName = "re2: \\8 is invalid")]
    [TestCase("((a{10}){10}){10}", "aaaa", false, TestName = "re2: nested repetition within the engine's limit")]
    public void Pattern_matches_as_go_regexp(string pattern, string message, bool expected) =>
        Assert.That(new FailureMessagePatterns().AnyMatch([pattern], message), Is.EqualTo(expected));

    // The documented gaps (docs/planning.md): valid in Go, which runs them, but .NET cannot, so
    // they are skipped and never match (Go would match the first and the third message).
    [TestCase(@"\p{Greek}", "\u03b1", TestName = "gap: Unicode script names")]
    [TestCase("(?:a{100}){100}", "a bit more than that", TestName = "gap: nested repetition beyond the automaton limit")]
    [TestCase("[[:^digit:]]", "x", TestName = "gap: negated POSIX class")]
    public void Documented_gap_is_skipped(string pattern, string message)
    {
        var patterns = new FailureMessagePatterns();
        Assert.Multiple(() =>
        {
            Assert.That(patterns.Compile(pattern), Is.Null);
            Assert.That(patterns.AnyMatch([pattern], message), Is.False);
        });
    }

    [Test]
    public void Invalid_pattern_is_skipped_and_the_next_one_is_tried() =>
        Assert.That(new FailureMessagePatterns().AnyMatch([@"\Z", "(?#x)", "limit"], "backoff limit"), Is.True);

    [Test]
    public void Pattern_is_compiled_once_per_reconcile()
    {
        var patterns = new FailureMessagePatterns();
        var first = patterns.Compile("a+");
        var second = patterns.Compile("a+");
        Assert.That(second, Is.Not.Null.And.SameAs(first));
    }

    // Any pattern text at all, however broken, is either used or skipped: never an exception
    // (a user's pattern must not crash a reconcile).
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_patterns_never_throw(int seed)
    {
        var random = new Randomizer(seed);
        const string alphabet = @"\[](){}^$.*+?|-:,<>=!#'_ PpQExXdDwWsSbBzZAGkeuc0178aimsUn{}";
        var patterns = new FailureMessagePatterns();
        for (var n = 0; n < 1000; n++)
        {
            var pattern = new string([.. Enumerable.Range(0, random.Int(1, 12)).Select(_ => random.ArrayElement(alphabet.ToCharArray()))]);
            Assert.DoesNotThrow(() => patterns.AnyMatch([pattern], "job failed: BackoffLimitExceeded (x{1})"), pattern);
        }
    }

    // Plain text (letters, digits, spaces, common punctuation) is the same pattern in both dialects.
    [TestCase("Job has reached the specified backoff limit")]
    [TestCase("exit code 137, OOMKilled")]
    [TestCase("a-b_c/d:e;f@g%h")]
    public void Plain_text_is_unchanged(string pattern) =>
        Assert.That(Re2Syntax.ToDotNet(pattern), Is.EqualTo(pattern));
}
