using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;

namespace JobSet.Tests.Serialization;

/// <summary>Untrusted JSON: the depth limit and the numbers the API server's decoder accepts, at their bounds.</summary>
public class JsonInputTests
{
    [Test]
    public void Nesting_up_to_the_depth_limit_is_read_and_one_level_more_is_refused()
    {
        var atLimit = new string('[', InputLimits.MaxDepth) + new string(']', InputLimits.MaxDepth);

        Assert.Multiple(() =>
        {
            Assert.That(JsonInput.Parse(atLimit)!.ToJsonString(), Is.EqualTo(atLimit));
            Assert.That(() => JsonInput.Parse("[" + atLimit + "]"), Throws.InstanceOf<JsonException>());
        });
    }

    [TestCase("9223372036854775807")]
    [TestCase("-9223372036854775808")]
    [TestCase("9223372036854775808")]
    [TestCase("1.7976931348623157e308")]
    [TestCase("-0.5e-300")]
    public void Integers_and_finite_floats_are_accepted(string number)
    {
        Assert.That(JsonInput.Parse("{\"a\":" + number + "}")!["a"]!.ToJsonString(), Is.EqualTo(number));
    }

    [TestCase("{\"a\":{\"b\":[1,1e999]}}", "a.b[1]: the number 1e999 is out of range")]
    [TestCase("[0,[2,-1e400]]", "[1][1]: the number -1e400 is out of range")]
    [TestCase("1e999", "the value: the number 1e999 is out of range: numbers must be 64-bit integers or finite 64-bit floats of at most 100 characters")]
    public void A_number_out_of_range_is_refused_naming_its_path(string json, string message)
    {
        var ex = Assert.Throws<JsonException>(() => JsonInput.Parse(json))!;

        Assert.That(ex.Message, Does.StartWith(message));
    }

    [Test]
    public void A_number_literal_of_exactly_the_length_limit_is_accepted_and_a_longer_one_is_shortened_in_the_error()
    {
        var atLimit = "0." + new string('1', InputLimits.MaxNumberLength - 2);
        var over = atLimit + "1";

        Assert.Multiple(() =>
        {
            Assert.That(JsonInput.Parse(atLimit), Is.Not.Null);
            var ex = Assert.Throws<JsonException>(() => JsonInput.Parse("{\"n\":" + over + "}"))!;
            Assert.That(ex.Message, Does.StartWith("n: the number 0.111111111111111111...(101 characters) is out of range"));
        });
    }

    [Test]
    public void An_out_of_range_number_of_40_characters_is_quoted_whole_and_a_longer_one_shortened()
    {
        var forty = "1" + new string('0', 35) + "e999";
        var fortyOne = "1" + new string('0', 36) + "e999";

        Assert.Multiple(() =>
        {
            Assert.That(forty, Has.Length.EqualTo(40));
            Assert.That(() => JsonInput.Parse(forty), Throws.InstanceOf<JsonException>().With.Message.StartWith("the value: the number " + forty + " is out of range"));
            Assert.That(() => JsonInput.Parse(fortyOne), Throws.InstanceOf<JsonException>().With.Message.StartWith("the value: the number 10000000000000000000...(41 characters) is out of range"));
        });
    }

    [Test]
    public void Values_made_in_code_are_checked_by_their_type()
    {
        Assert.Multiple(() =>
        {
            Assert.DoesNotThrow(() => JsonInput.CheckNumbers(new JsonObject { ["d"] = 1.5, ["f"] = 1.5f, ["l"] = 5L, ["s"] = "x" }, ""));
            var nan = Assert.Throws<JsonException>(() => JsonInput.CheckNumbers(new JsonObject { ["d"] = double.NaN }, ""))!;
            Assert.That(nan.Message, Does.StartWith("d: the number NaN is out of range"));
            Assert.Throws<JsonException>(() => JsonInput.CheckNumbers(new JsonArray(double.PositiveInfinity), "root"));
            var single = Assert.Throws<JsonException>(() => JsonInput.CheckNumbers(new JsonObject { ["f"] = float.NegativeInfinity }, "spec"))!;
            Assert.That(single.Message, Does.StartWith("spec.f: the number"));
        });
    }
}
