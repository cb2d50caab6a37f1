using JobSet.Core.Admission.Rules;

namespace JobSet.Tests.Admission;

/// <summary>How error values are printed (Go's field.Error and %q) and what counts as unchanged.</summary>
public class FieldErrorsTests
{
    [TestCase("plain", ExpectedResult = "\"plain\"")]
    [TestCase("", ExpectedResult = "\"\"")]
    [TestCase("a\"b", ExpectedResult = "\"a\\\"b\"")]
    [TestCase("a\\b", ExpectedResult = "\"a\\\\b\"")]
    [TestCase("a\nb", ExpectedResult = "\"a\\nb\"")]
    [TestCase("a\tb", ExpectedResult = "\"a\\tb\"")]
    [TestCase("a\rb", ExpectedResult = "\"a\\rb\"")]
    [TestCase("\"\\\n\t", ExpectedResult = "\"\\\"\\\\\\n\\t\"")]
    public string Quote_escapes_as_go(string value) => FieldErrors.Quote(value);

    private static IEnumerable<TestCaseData> Values()
    {
        yield return new TestCaseData(null, "null").SetName("Render: null");
        yield return new TestCaseData("x\"y", "\"x\\\"y\"").SetName("Render: string quoted");
        yield return new TestCaseData(true, "true").SetName("Render: true");
        yield return new TestCaseData(false, "false").SetName("Render: false");
        yield return new TestCaseData(-3, "-3").SetName("Render: int bare");
        yield return new TestCaseData(5000000000L, "5000000000").SetName("Render: long bare");
        yield return new TestCaseData(FieldErrors.Object, "\"object\"").SetName("Render: object");
        yield return new TestCaseData(FieldErrors.Array, "\"array\"").SetName("Render: array");
        yield return new TestCaseData(1.5, "\"1.5\"").SetName("Render: other values quoted, invariant culture");
        yield return new TestCaseData(new NoText(), "\"\"").SetName("Render: a value without text is the empty string");
    }

    [TestCaseSource(nameof(Values))]
    public void Render_prints_as_field_error(object? value, string expected) =>
        Assert.That(FieldErrors.Render(value), Is.EqualTo(expected));

    [Test]
    public void Messages_are_worded_as_field_error()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FieldErrors.Invalid("p", "v\n", "bad").ToString(), Is.EqualTo("p: Invalid value: \"v\\n\": bad"));
            Assert.That(FieldErrors.Required("p").ToString(), Is.EqualTo("p: Required value"));
            Assert.That(FieldErrors.Forbidden("p", "no").ToString(), Is.EqualTo("p: Forbidden: no"));
            Assert.That(FieldErrors.TooLong("p", 63).ToString(), Is.EqualTo("p: Too long: may not be more than 63 bytes"));
            Assert.That(FieldErrors.TooMany("p", 6, 5).ToString(), Is.EqualTo("p: Too many: 6: must have at most 5 items"));
            Assert.That(FieldErrors.NotSupported("p", "x", ["a", "b"]).ToString(), Is.EqualTo("p: Unsupported value: \"x\": supported values: \"a\", \"b\""));
            Assert.That(FieldErrors.Duplicate("p", "name", "n").ToString(), Is.EqualTo("p: Duplicate value: {\"name\":\"n\"}"));
            Assert.That(FieldErrors.BelowMinimum("p", -1, 0).ToString(), Is.EqualTo("p: Invalid value: -1: p in body should be greater than or equal to 0"));
            Assert.That(FieldErrors.Plain("p", "said so").ToString(), Is.EqualTo("p: said so"));
        });
    }

    [Test]
    public void Semantic_equality_of_absent_values()
    {
        var value = new Core.Api.V1alpha2Network { Subdomain = "s" };
        Assert.Multiple(() =>
        {
            Assert.That(SemanticEquality.AreEqual(null, null), Is.True);
            Assert.That(SemanticEquality.AreEqual(null, value), Is.False);
            Assert.That(SemanticEquality.AreEqual(value, null), Is.False);
            Assert.That(SemanticEquality.AreEqual(value, new Core.Api.V1alpha2Network { Subdomain = "s" }), Is.True);
            Assert.That(SemanticEquality.AreEqual(value, new Core.Api.V1alpha2Network { Subdomain = "t" }), Is.False);
        });
    }

    [Test]
    public void Semantic_equality_ignores_empty_lists_and_objects_inside()
    {
        var withEmpty = new Core.Api.V1alpha2FailurePolicy { MaxRestarts = 1, Rules = [] };
        var without = new Core.Api.V1alpha2FailurePolicy { MaxRestarts = 1 };
        var emptyInList = new Core.Api.V1alpha2FailurePolicy { MaxRestarts = 1, Rules = [new Core.Api.V1alpha2FailurePolicyRule { Name = "r", Action = "FailJobSet", TargetReplicatedJobs = [] }] };
        var absentInList = new Core.Api.V1alpha2FailurePolicy { MaxRestarts = 1, Rules = [new Core.Api.V1alpha2FailurePolicyRule { Name = "r", Action = "FailJobSet" }] };

        Assert.Multiple(() =>
        {
            Assert.That(SemanticEquality.AreEqual(withEmpty, without), Is.True);
            Assert.That(SemanticEquality.AreEqual(emptyInList, absentInList), Is.True);
            Assert.That(SemanticEquality.AreEqual(withEmpty, new Core.Api.V1alpha2FailurePolicy { MaxRestarts = 2 }), Is.False);
        });
    }

    /// <summary>A value whose ToString gives null.</summary>
    private sealed class NoText
    {
        public override string? ToString() => null;
    }
}
