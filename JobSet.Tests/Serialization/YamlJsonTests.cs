using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using JobSet.Core.Serialization;
using YamlDotNet.Core;

namespace JobSet.Tests.Serialization;

/// <summary>
/// The YAML reader and writer on their own: how scalars resolve, the limits of
/// <see cref="InputLimits"/> exactly at their bounds, merge keys, and which strings the writer quotes.
/// </summary>
public class YamlJsonTests
{
    private static JsonNode? Value(string yaml) => ((JsonObject)YamlJson.ParseDocuments("v: " + yaml).Single()!)["v"];

    [TestCase("", null)]
    [TestCase("~", null)]
    [TestCase("null", null)]
    [TestCase("Null", null)]
    [TestCase("NULL", null)]
    [TestCase("true", "true")]
    [TestCase("True", "true")]
    [TestCase("TRUE", "true")]
    [TestCase("false", "false")]
    [TestCase("False", "false")]
    [TestCase("FALSE", "false")]
    [TestCase("0", "0")]
    [TestCase("-12", "-12")]
    [TestCase("+12", "12")]
    [TestCase("9223372036854775807", "9223372036854775807")]
    [TestCase("9223372036854775808", "9.223372036854776E+18")]
    [TestCase("1.5", "1.5")]
    [TestCase(".5", "0.5")]
    [TestCase("-2e3", "-2000")]
    [TestCase("09223372036854775807", "9.223372036854776E+18")] // a leading zero makes no JSON integer: a float, as in Kubernetes (not octal: it has a 9)
    [TestCase("1e999", "\"1e999\"")]
    [TestCase("0x10", "\"0x10\"")]
    [TestCase("yes", "\"yes\"")]
    [TestCase("nulls", "\"nulls\"")]
    [TestCase("\"true\"", "\"true\"")]
    [TestCase("'12'", "\"12\"")]
    [TestCase("!!str 12", "\"12\"")]
    [TestCase("!!str true", "\"true\"")]
    [TestCase("!!int 12", "12")]
    public void Plain_scalars_resolve_as_kubernetes_reads_them_and_others_are_strings(string yaml, string? json)
    {
        Assert.That(Value(yaml)?.ToJsonString(), Is.EqualTo(json));
    }

    [Test]
    public void A_number_of_exactly_the_length_limit_is_a_number_and_one_more_character_makes_a_string()
    {
        var atLimit = "0." + new string('5', InputLimits.MaxNumberLength - 2);
        var overLimit = atLimit + "5";
        var digitsAtLimit = "1" + new string('0', InputLimits.MaxNumberLength - 1);

        Assert.Multiple(() =>
        {
            Assert.That(Value(atLimit)!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
            Assert.That(Value(overLimit)!.GetValue<string>(), Is.EqualTo(overLimit));
            Assert.That(Value(digitsAtLimit)!.GetValue<double>(), Is.EqualTo(1e99));
            Assert.That(Value(digitsAtLimit + "0")!.GetValue<string>(), Is.EqualTo(digitsAtLimit + "0"));
        });
    }

    [TestCase("~: a", "null")]
    [TestCase("1: a", "1")]
    [TestCase("true: a", "true")]
    [TestCase("'x': a", "x")]
    public void Keys_that_are_not_strings_are_written_as_their_json(string yaml, string key)
    {
        var obj = (JsonObject)YamlJson.ParseDocuments(yaml).Single()!;

        Assert.That(obj.Select(p => p.Key), Is.EqualTo(new[] { key }));
    }

    [Test]
    public void Every_document_of_a_stream_is_read_and_an_empty_one_is_null()
    {
        var documents = YamlJson.ParseDocuments("a: 1\n---\n---\n- 2\n");

        Assert.That(documents.Select(d => d?.ToJsonString()), Is.EqualTo(new[] { "{\"a\":1}", null, "[2]" }));
    }

    [Test]
    public void An_alias_copies_its_anchor_and_a_later_change_does_not_reach_the_copy()
    {
        var obj = (JsonObject)YamlJson.ParseDocuments("a: &x {b: [1, 2]}\nc: *x\nd: &s text\ne: *s\n").Single()!;
        obj["c"]!["b"]!.AsArray().Add(3);

        Assert.That(obj.ToJsonString(), Is.EqualTo("{\"a\":{\"b\":[1,2]},\"c\":{\"b\":[1,2,3]},\"d\":\"text\",\"e\":\"text\"}"));
    }

    [Test]
    public void An_unknown_alias_is_a_yaml_error_naming_it()
    {
        var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("a: *nowhere\n"))!;

        Assert.That(ex.Message, Does.Contain("unknown alias 'nowhere'"));
    }

    [Test]
    public void A_merge_key_adds_only_the_keys_the_mapping_does_not_have()
    {
        var obj = (JsonObject)YamlJson.ParseDocuments("base: &b {x: 1, y: 2}\nbefore: {y: 3, <<: *b}\nafter: {<<: *b, y: 4}\n").Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(obj["before"]!.ToJsonString(), Is.EqualTo("{\"y\":3,\"x\":1}"));
            Assert.That(obj["after"]!.ToJsonString(), Is.EqualTo("{\"x\":1,\"y\":4}"));
        });
    }

    [Test]
    public void A_merge_key_whose_value_is_not_a_mapping_is_an_ordinary_key()
    {
        var obj = (JsonObject)YamlJson.ParseDocuments("<<: 1\n").Single()!;

        Assert.That(obj.Select(p => (p.Key, p.Value!.GetValue<long>())), Is.EqualTo(new[] { ("<<", 1L) }));
    }

    [Test]
    public void Nesting_up_to_the_depth_limit_is_read_and_one_level_more_is_refused()
    {
        var limit = InputLimits.MaxDepth;
        var atLimit = new string('[', limit) + new string(']', limit);
        var mappings = string.Concat(Enumerable.Repeat("{a: ", limit)) + "1" + new string('}', limit);

        Assert.Multiple(() =>
        {
            Assert.That(YamlJson.ParseDocuments(atLimit).Single()!.ToJsonString(), Is.EqualTo(atLimit));
            Assert.That(YamlJson.ParseDocuments(mappings).Single(), Is.Not.Null);
            var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("[" + atLimit + "]"))!;
            Assert.That(ex.Message, Does.Contain($"nesting is deeper than the limit of {limit} levels"));
            Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("{a: " + mappings + "}"));
        });
    }

    [Test]
    public void A_complex_key_counts_as_one_level_deeper_than_its_mapping()
    {
        var limit = InputLimits.MaxDepth;
        string KeyOfDepth(int levels) => "? " + new string('[', levels) + new string(']', levels) + "\n: 1\n";

        Assert.Multiple(() =>
        {
            Assert.That(YamlJson.ParseDocuments(KeyOfDepth(limit - 1)).Single()!.AsObject().Single().Key, Has.Length.EqualTo(2 * (limit - 1)));
            var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments(KeyOfDepth(limit)))!;
            Assert.That(ex.Message, Is.EqualTo($"nesting is deeper than the limit of {limit} levels"));
        });
    }

    [Test]
    public void A_stream_the_parser_cannot_continue_names_where_it_stopped()
    {
        var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("x: 1\ny:\n  a: [\n  b: 1\n"))!;

        Assert.That((ex.Start.Line, ex.Start.Column, ex.End.Line, ex.End.Column), Is.EqualTo((3L, 6L, 3L, 6L)));
    }

    /// <summary>
    /// A stream of exactly <see cref="InputLimits.MaxNodes"/> nodes plus <paramref name="extra"/>: 39 documents
    /// that alias a 1,000-node sequence of nulls 100 times (101,004 nodes each, cheap to copy), and one
    /// plain sequence of nulls, first or last.
    /// </summary>
    private static string NodeStream(bool plainFirst, int extra)
    {
        const int AliasDocuments = 39;
        var aliasDocument = "a: &a [" + string.Join(',', Enumerable.Repeat("~", 999)) + "]\nb: [" + string.Join(',', Enumerable.Repeat("*a", 100)) + "]\n";
        var plainItems = InputLimits.MaxNodes - (AliasDocuments * 101_004) - 1 + extra;
        var plain = "[" + string.Join(',', Enumerable.Repeat("~", plainItems)) + "]\n";
        var aliases = string.Concat(Enumerable.Repeat("---\n" + aliasDocument, AliasDocuments));
        return plainFirst ? "---\n" + plain + aliases : aliases + "---\n" + plain;
    }

    [TestCase(false, TestName = "The node limit is exact when a node reaches it")]
    [TestCase(true, TestName = "The node limit is exact when an alias reaches it")]
    public void A_stream_may_hold_exactly_the_node_limit_and_not_one_node_more(bool plainFirst)
    {
        Assert.That(InputLimits.MaxNodes, Is.EqualTo(4_000_000));
        Assert.That(YamlJson.ParseDocuments(NodeStream(plainFirst, 0)), Has.Count.EqualTo(40));

        var over = NodeStream(plainFirst, 1);
        var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments(over))!;

        Assert.That(ex.Message, Is.EqualTo("the document has more than 4000000 nodes"));
        if (!plainFirst)
        {
            // The last null of the stream is the node one too many.
            var last = over.LastIndexOf('~');
            Assert.That((ex.Start.Index, ex.End.Index), Is.EqualTo(((long)last, (long)last + 1)));
        }
    }

    /// <summary>An anchored sequence of 999 scalars (1,000 nodes) then <paramref name="aliases"/> aliases of it and <paramref name="scalarAliases"/> of a scalar.</summary>
    private static string AliasDocument(int aliases, int scalarAliases)
    {
        var text = new StringBuilder("s: &s 0\na: &a [");
        text.AppendJoin(',', Enumerable.Repeat("0", 999));
        text.Append("]\nb: [");
        text.AppendJoin(',', Enumerable.Repeat("*a", aliases).Concat(Enumerable.Repeat("*s", scalarAliases)));
        text.Append("]\n");
        return text.ToString();
    }

    [Test]
    public void Aliases_may_expand_to_exactly_the_alias_limit_and_not_one_node_more()
    {
        Assert.That(InputLimits.MaxAliasNodes, Is.EqualTo(100_000));
        var atLimit = YamlJson.ParseDocuments(AliasDocument(100, 0)).Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(atLimit["b"]!.AsArray(), Has.Count.EqualTo(100));
            Assert.That(atLimit["b"]![99]!.AsArray(), Has.Count.EqualTo(999));
            var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments(AliasDocument(100, 1)))!;
            Assert.That(ex.Message, Does.Contain("excessive aliasing: aliases expand to more than 100000 nodes"));
        });
    }

    [Test]
    public void The_alias_limit_is_per_document()
    {
        var document = AliasDocument(60, 0);

        Assert.That(YamlJson.ParseDocuments(document + "---\n" + document), Has.Count.EqualTo(2));
    }

    [Test]
    public void A_merge_key_spends_the_alias_budget_for_what_it_copies()
    {
        // A mapping of 500 keys is 1,001 nodes; each merge of it spends 2,002 (the alias, then the copy).
        var text = new StringBuilder("m: &m {");
        text.AppendJoin(", ", Enumerable.Range(0, 500).Select(i => string.Create(CultureInfo.InvariantCulture, $"k{i}: 0")));
        text.Append("}\nl:\n");
        string Merges(int count) => text + string.Concat(Enumerable.Repeat("- {<<: *m}\n", count));

        Assert.Multiple(() =>
        {
            Assert.That(YamlJson.ParseDocuments(Merges(49)).Single()!["l"]![48]!.AsObject(), Has.Count.EqualTo(500));
            Assert.Throws<YamlException>(() => YamlJson.ParseDocuments(Merges(50)));
        });
    }

    [Test]
    public void A_stream_the_parser_cannot_continue_is_a_yaml_error_not_an_internal_one()
    {
        var ex = Assert.Throws<YamlException>(() => YamlJson.ParseDocuments("a: [\nb: 1\n"))!;

        Assert.That(ex.Message, Does.Contain("malformed YAML").Or.Contain("While parsing"));
    }

    [TestCase("{}", "{}\n")]
    [TestCase("[]", "[]\n")]
    [TestCase("null", "null\n")]
    [TestCase("{\"a\":{\"b\":[1,true,false,null,1.5,\"x\"]},\"c\":[]}", "a:\n  b:\n  - 1\n  - true\n  - false\n  - null\n  - 1.5\n  - x\nc: []\n")]
    [TestCase("{\"a\":{}}", "a: {}\n")]
    [TestCase("[-5,1e300,-1.5e-10,-0]", "- -5\n- 1e300\n- -1.5e-10\n- -0\n")]
    public void Writes_json_as_block_yaml_with_empty_collections_in_flow_style(string json, string yaml)
    {
        Assert.That(YamlJson.ToYaml(JsonNode.Parse(json)), Is.EqualTo(yaml));
    }

    [TestCase("plain", "k: plain\n")]
    [TestCase("", "k: \"\"\n")]
    [TestCase("true", "k: \"true\"\n")]
    [TestCase("False", "k: \"False\"\n")]
    [TestCase("null", "k: \"null\"\n")]
    [TestCase("~", "k: \"~\"\n")]
    [TestCase("12", "k: \"12\"\n")]
    [TestCase("1.5", "k: \"1.5\"\n")]
    [TestCase("y", "k: \"y\"\n")]
    [TestCase("Y", "k: \"Y\"\n")]
    [TestCase("n", "k: \"n\"\n")]
    [TestCase("yes", "k: \"yes\"\n")]
    [TestCase("No", "k: \"No\"\n")]
    [TestCase("on", "k: \"on\"\n")]
    [TestCase("OFF", "k: \"OFF\"\n")]
    [TestCase("yess", "k: yess\n")]
    [TestCase("a\tb", "k: \"a\tb\"\n")]
    [TestCase("a\nb", "k: |-\n  a\n  b\n")]
    [TestCase("a\nb\n", "k: |\n  a\n  b\n")]
    public void Writes_strings_plainly_unless_they_would_read_back_as_something_else(string text, string yaml)
    {
        Assert.That(YamlJson.ToYaml(new JsonObject { ["k"] = text }), Is.EqualTo(yaml));
    }

    [TestCase("a \nb")]
    [TestCase("a\t\nb")]
    [TestCase("a\r\nb")]
    [TestCase("a\rb")]
    [TestCase("a\u0085b\nc")]
    [TestCase("a\u2028b\nc")]
    [TestCase("a\u2029b\nc")]
    public void Multi_line_text_a_literal_block_would_change_is_not_written_as_one(string text)
    {
        var yaml = YamlJson.ToYaml(new JsonObject { ["k"] = text });

        Assert.Multiple(() =>
        {
            Assert.That(yaml, Does.Not.StartWith("k: |"));
            Assert.That(YamlJson.ParseDocuments(yaml).Single()!["k"]!.GetValue<string>(), Is.EqualTo(text));
        });
    }

    [TestCase("")]
    [TestCase("true")]
    [TestCase("0123")]
    [TestCase("1e999")]
    [TestCase("a: b")]
    [TestCase("- x")]
    [TestCase("#x")]
    [TestCase("a\u0001b")]
    [TestCase("multi\nline\n\nwith blank")]
    [TestCase("ünïcode ✓")]
    [TestCase("a\r\nb")]
    [TestCase("a\rb")]
    [TestCase("\r")]
    [TestCase("a\u0085b")]
    [TestCase("a\u2028b")]
    [TestCase("a\u2029b")]
    public void Every_string_reads_back_unchanged(string text)
    {
        var yaml = YamlJson.ToYaml(new JsonObject { ["k"] = text, [text] = "key" });
        var read = (JsonObject)YamlJson.ParseDocuments(yaml).Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(read["k"]!.GetValue<string>(), Is.EqualTo(text));
            Assert.That(read[text]!.GetValue<string>(), Is.EqualTo("key"));
        });
    }
}
