using JobSet.Core.Admission.Rules;

namespace JobSet.Tests.Admission;

public class KubeNamesTests
{
    [TestCase("a", 0)]
    [TestCase("my-name", 0)]
    [TestCase("abc-123", 0)]
    [TestCase("1abc", 1)]
    [TestCase("abc-", 1)]
    [TestCase("ABC", 1)]
    [TestCase("a.b", 1)]
    [TestCase("", 1)]
    [TestCase("abc\n", 1)]
    public void Dns1035_label(string value, int errors) =>
        Assert.That(KubeNames.Dns1035Label(value), Has.Count.EqualTo(errors));

    [Test]
    public void Dns1035_label_too_long_and_malformed_gives_both_messages()
    {
        var errors = KubeNames.Dns1035Label(new string('a', 63) + "-");

        Assert.That(errors, Is.EqualTo(new[]
        {
            "must be no more than 63 characters",
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        }));
    }

    [TestCase("example.com", 0)]
    [TestCase("1a.b-c", 0)]
    [TestCase("a..b", 1)]
    [TestCase("-a", 1)]
    [TestCase("A.com", 1)]
    public void Dns1123_subdomain(string value, int errors) =>
        Assert.That(KubeNames.Dns1123Subdomain(value), Has.Count.EqualTo(errors));

    [TestCase("", 0)]
    [TestCase("MyValue", 0)]
    [TestCase("my_value.x-1", 0)]
    [TestCase("-x", 1)]
    [TestCase("x/y", 1)]
    public void Label_value(string value, int errors) =>
        Assert.That(KubeNames.LabelValue(value), Has.Count.EqualTo(errors));

    [TestCase("acme.io/foo", 0)]
    [TestCase("kueue.x-k8s.io/multikueue", 0)]
    [TestCase("acme.io/", 1)]
    [TestCase("/foo", 1)]
    [TestCase("noslash", 1)]
    [TestCase("ACME/foo", 1)]
    [TestCase("acme.io/a b", 1)]
    public void Domain_prefixed_path(string value, int errors) =>
        Assert.That(KubeNames.DomainPrefixedPath(value), Has.Count.EqualTo(errors));

    [Test]
    public void Dns1123_subdomain_too_long_and_malformed_gives_both_messages() =>
        Assert.That(KubeNames.Dns1123Subdomain(new string('a', 253) + "-"), Is.EqualTo(new[]
        {
            "must be no more than 253 characters",
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        }));

    [Test]
    public void Dns1123_label_too_long_and_malformed_gives_both_messages() =>
        Assert.That(KubeNames.Dns1123Label(new string('a', 63) + "-"), Is.EqualTo(new[]
        {
            "must be no more than 63 characters",
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        }));

    [TestCase("1abc", 0)]
    [TestCase("a.b", 1)]
    [TestCase("-a", 1)]
    public void Dns1123_label(string value, int errors) =>
        Assert.That(KubeNames.Dns1123Label(value), Has.Count.EqualTo(errors));

    [Test]
    public void Label_value_too_long_and_malformed_gives_both_messages_in_bytes() =>
        Assert.That(KubeNames.LabelValue(new string('a', 63) + "-"), Is.EqualTo(new[]
        {
            "must be no more than 63 bytes",
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        }));

    private const string NotDomainPrefixed = "must be a domain-prefixed path (such as \"acme.io/foo\")";

    // apimachinery's IsDomainPrefixedPath: an empty host or path is reported on the whole value.
    [TestCase("/foo", "/foo", NotDomainPrefixed)]
    [TestCase("acme.io/", "acme.io/", NotDomainPrefixed)]
    [TestCase("noslash", "noslash", NotDomainPrefixed)]
    [TestCase("ACME/foo", "ACME", "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [TestCase("acme.io/a b", "a b", "Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')")]
    public void Domain_prefixed_path_reports_the_offending_part(string value, string offending, string message) =>
        Assert.That(KubeNames.DomainPrefixedPath(value), Is.EqualTo(new[] { (offending, message) }));

    [Test]
    public void Domain_prefixed_path_of_one_character_each_side_is_valid() =>
        Assert.That(KubeNames.DomainPrefixedPath("a/b"), Is.Empty);
}
