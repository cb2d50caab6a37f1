using JobSet.Core.Admission.Rules;

namespace JobSet.Tests.Admission;

/// <summary>
/// The API server's ObjectMeta rules (apimachinery 1.32 <c>IsQualifiedName</c>, <c>IsValidLabelValue</c>,
/// <c>ValidateAnnotations</c>) with their exact messages: one message per broken rule.
/// </summary>
public class ObjectMetaRulesTests
{
    private const string SubdomainRegexError = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelRegexError = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string NameRegexError = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string ValueRegexError = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static string Chars(int length, char c = 'a') => new(c, length);

    private static IEnumerable<TestCaseData> Keys()
    {
        yield return Key("app");
        yield return Key("App_1.x-Y");
        yield return Key("example.com/app");
        yield return Key("a/b");
        yield return Key("name part of 63", Chars(63));
        yield return Key("prefix of 253", Chars(253) + "/a");
        yield return Key("name part of 64", Chars(64), "name part must be no more than 63 characters");
        yield return Key("name part too long and malformed", Chars(63) + "-", "name part must be no more than 63 characters", "name part " + NameRegexError);
        yield return Key("empty", "", "name part must be non-empty", "name part " + NameRegexError);
        yield return Key("malformed name", "-app", "name part " + NameRegexError);
        yield return Key("empty prefix", "/app", "prefix part must be non-empty");
        yield return Key("empty name after a prefix", "example.com/", "name part must be non-empty", "name part " + NameRegexError);
        yield return Key("only a slash", "/", "prefix part must be non-empty", "name part must be non-empty", "name part " + NameRegexError);
        yield return Key("upper-case prefix", "Example.com/app", "prefix part " + SubdomainRegexError);
        yield return Key("prefix of 254", Chars(254) + "/a", "prefix part must be no more than 253 characters");
        yield return Key("bad prefix and bad name", "a_b/-c", "prefix part " + SubdomainRegexError, "name part " + NameRegexError);
        yield return Key("two slashes", "a/b/c", "a qualified name " + NameRegexError + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
    }

    private static TestCaseData Key(string key, params string[] problems) => Key(key, key, problems);

    private static TestCaseData Key(string name, string key, params string[] problems) =>
        new TestCaseData(key, problems).SetName($"Key: {name}");

    [TestCaseSource(nameof(Keys))]
    public void Key_problems_are_apimachinerys(string key, string[] problems) =>
        Assert.That(ObjectMetaRules.KeyProblems(key), Is.EqualTo(problems));

    [TestCase("", new string[0])]
    [TestCase("MyValue_1.x-Y", new string[0])]
    [TestCase("-x", new[] { ValueRegexError })]
    [TestCase("a b", new[] { ValueRegexError })]
    public void Label_value_problems(string value, string[] problems) =>
        Assert.That(ObjectMetaRules.LabelValueProblems(value), Is.EqualTo(problems));

    [Test]
    public void Label_values_hold_at_most_63_characters_and_report_every_problem()
    {
        Assert.That(ObjectMetaRules.LabelValueProblems(Chars(63)), Is.Empty);
        Assert.That(ObjectMetaRules.LabelValueProblems(Chars(64)), Is.EqualTo(new[] { "must be no more than 63 characters" }));
        Assert.That(ObjectMetaRules.LabelValueProblems(Chars(63) + "-"), Is.EqualTo(new[] { "must be no more than 63 characters", ValueRegexError }));
    }

    // Namespaces are DNS-1123 labels (63, no dots); other objects DNS-1123 subdomains (253, dots).
    [TestCase("my-ns", true, new string[0])]
    [TestCase("1ns", true, new string[0])]
    [TestCase("my.ns", true, new[] { LabelRegexError })]
    [TestCase("my.ns", false, new string[0])]
    [TestCase("My", false, new[] { SubdomainRegexError })]
    public void Name_problems(string name, bool isNamespace, string[] problems) =>
        Assert.That(ObjectMetaRules.NameProblems(name, isNamespace), Is.EqualTo(problems));

    [TestCase(63, true, 0)]
    [TestCase(64, true, 1)]
    [TestCase(64, false, 0)]
    [TestCase(253, false, 0)]
    [TestCase(254, false, 1)]
    public void Name_length_limits(int length, bool isNamespace, int problems) =>
        Assert.That(ObjectMetaRules.NameProblems(Chars(length), isNamespace), Has.Count.EqualTo(problems));

    [Test]
    public void A_too_long_namespace_name_says_so_in_characters() =>
        Assert.That(ObjectMetaRules.NameProblems(Chars(64), isNamespace: true), Is.EqualTo(new[] { "must be no more than 63 characters" }));

    [TestCase("", "")]
    [TestCase("gen-", "gen-")]
    public void A_short_generate_name_is_kept(string generateName, string prefix) =>
        Assert.That(ObjectMetaRules.GenerateNamePrefix(generateName), Is.EqualTo(prefix));

    [TestCase(57, 57)]
    [TestCase(58, 58)]
    [TestCase(59, 58)]
    [TestCase(300, 58)]
    public void A_generate_name_is_cut_to_58_characters(int length, int kept) =>
        Assert.That(ObjectMetaRules.GenerateNamePrefix(Chars(length - 1) + "z"), Is.EqualTo((Chars(length - 1) + "z")[..kept]));

    [Test]
    public void Valid_metadata_has_no_problems()
    {
        var labels = new Dictionary<string, string> { ["app"] = "web", ["example.com/tier"] = "" };
        var annotations = new Dictionary<string, string> { ["Example.COM/Note"] = "any text at all" };

        Assert.That(ObjectMetaRules.Validate(labels, annotations), Is.Empty);
        Assert.That(ObjectMetaRules.Validate(null, null), Is.Empty);
    }

    [Test]
    public void Each_label_problem_is_its_own_error_naming_the_key_or_value()
    {
        var labels = new Dictionary<string, string> { ["bad key"] = "has space", ["/x"] = "ok" };

        var errors = ObjectMetaRules.Validate(labels, null).Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[]
        {
            "metadata.labels: Invalid value: \"bad key\": name part " + NameRegexError,
            "metadata.labels: Invalid value: \"has space\": " + ValueRegexError,
            "metadata.labels: Invalid value: \"/x\": prefix part must be non-empty",
        }));
    }

    [Test]
    public void A_null_label_value_reads_as_empty()
    {
        var labels = new Dictionary<string, string> { ["a"] = null! };

        Assert.That(ObjectMetaRules.Validate(labels, null), Is.Empty);
    }

    [Test]
    public void Annotation_keys_ignore_case_and_errors_show_the_key_as_written()
    {
        var annotations = new Dictionary<string, string> { ["Example.COM/Key"] = "v", ["Bad_Prefix/x"] = "v", ["-x"] = "" };

        var errors = ObjectMetaRules.Validate(null, annotations).Select(e => e.ToString());

        Assert.That(errors, Is.EqualTo(new[]
        {
            "metadata.annotations: Invalid value: \"Bad_Prefix/x\": prefix part " + SubdomainRegexError,
            "metadata.annotations: Invalid value: \"-x\": name part " + NameRegexError,
        }));
    }

    private const string AnnotationsTooLong = "metadata.annotations: Too long: may not be more than 262144 bytes";

    // Keys and values count, in UTF-8 bytes, summed over all annotations; the limit is 256 KiB.
    private static IEnumerable<TestCaseData> AnnotationSizes()
    {
        yield return Size("one annotation of exactly 256 KiB", new() { ["k"] = Chars(262143) }, tooLong: false);
        yield return Size("one annotation one byte over", new() { ["k"] = Chars(262144) }, tooLong: true);
        yield return Size("two annotations of exactly 256 KiB together", new() { ["a"] = Chars(131071), ["b"] = Chars(131071) }, tooLong: false);
        yield return Size("two annotations one byte over together", new() { ["a"] = Chars(131071), ["b"] = Chars(131072) }, tooLong: true);
        yield return Size("keys count", new() { [Chars(63)] = Chars(262144 - 63), ["b"] = "" }, tooLong: true);
        yield return Size("a null value counts nothing", new() { ["a"] = Chars(262142), ["b"] = null! }, tooLong: false);
        yield return Size("bytes, not characters", new() { ["k"] = Chars(131072, 'é') }, tooLong: true);
    }

    private static TestCaseData Size(string name, Dictionary<string, string> annotations, bool tooLong) =>
        new TestCaseData(annotations, tooLong).SetName($"Annotations size: {name}");

    [TestCaseSource(nameof(AnnotationSizes))]
    public void Annotations_hold_at_most_256_KiB(Dictionary<string, string> annotations, bool tooLong)
    {
        var errors = ObjectMetaRules.Validate(null, annotations).Select(e => e.ToString());

        Assert.That(errors, tooLong ? Is.EqualTo(new[] { AnnotationsTooLong }) : Is.Empty);
    }
}
