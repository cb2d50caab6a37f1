using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace JobSet.Core.Serialization;

/// <summary>
/// Converts between YAML text and JSON nodes. Every object goes through JSON so that one
/// serializer (<c>KubernetesJson</c>) defines the wire format; YAML is only a spelling of it.
/// Scalars resolve as Kubernetes' YAML reader does for the common cases: plain
/// <c>true/false</c>, <c>null/~</c>, integers and floats are typed; quoted scalars are strings.
/// </summary>
public static partial class YamlJson
{
    /// <summary>
    /// Parses every document of a YAML (or JSON, which is YAML) stream, within
    /// <see cref="InputLimits"/>: nesting depth, alias expansion and total node count.
    /// </summary>
    /// <exception cref="YamlException">The text is not YAML, or it is beyond a limit.</exception>
    public static IReadOnlyList<JsonNode?> ParseDocuments(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var documents = new List<JsonNode?>();
        var budget = new Budget();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                budget.AliasNodes = 0;
                var anchors = new Dictionary<string, (JsonNode? Node, int Count)>(StringComparer.Ordinal);
                documents.Add(ReadNode(parser, anchors, budget, 0).Node);
                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some malformed streams ("a: [" then "b: 1") as an invalid state
            // rather than a YamlException: still bad input, never an internal error.
            var mark = parser.Current?.Start ?? Mark.Empty;
            throw new YamlException(mark, parser.Current?.End ?? mark, "malformed YAML: the structure cannot continue here (an unclosed '[' or '{' is a common cause)", ex);
        }

        return documents;
    }

    /// <summary>Writes a JSON node as a YAML document (no leading <c>---</c>).</summary>
    public static string ToYaml(JsonNode? node)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Write(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static (JsonNode? Node, int Count) ReadNode(IParser parser, Dictionary<string, (JsonNode? Node, int Count)> anchors, Budget budget, int depth)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"unknown alias '{alias.Value}'");
            }

            budget.Alias(target.Count, alias.Start, alias.End);
            return (target.Node?.DeepClone(), target.Count);
        }

        var current = parser.Current;
        var start = current?.Start ?? Mark.Empty;
        var end = current?.End ?? Mark.Empty;
        budget.Node(start, end);
        JsonNode? result;
        string? anchor;
        var count = 1;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
            result = ReadScalar(scalar);
        }
        else if (parser.TryConsume<MappingStart>(out var mapStart))
        {
            CheckDepth(depth, start, end);
            anchor = mapStart.Anchor.IsEmpty ? null : mapStart.Anchor.Value;
            var obj = new JsonObject();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var (keyNode, keyCount) = ReadNode(parser, anchors, budget, depth + 1);
                var key = keyNode switch
                {
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    null => "null",
                    _ => keyNode.ToJsonString(),
                };
                var (value, valueCount) = ReadNode(parser, anchors, budget, depth + 1);
                count += keyCount + valueCount;
                if (key == "<<" && value is JsonObject merge)
                {
                    foreach (var (k, v) in merge)
                    {
                        if (!obj.ContainsKey(k))
                        {
                            obj[k] = v?.DeepClone();
                        }
                    }

                    // A merge key copies what it merges: it spends the alias budget as an alias does.
                    budget.Alias(valueCount, start, end);
                    continue;
                }

                obj[key] = value;
            }

            result = obj;
        }
        else if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            CheckDepth(depth, start, end);
            anchor = seqStart.Anchor.IsEmpty ? null : seqStart.Anchor.Value;
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var (item, itemCount) = ReadNode(parser, anchors, budget, depth + 1);
                count += itemCount;
                array.Add(item);
            }

            result = array;
        }
        else
        {
            throw new YamlException(start, end, "unexpected YAML event");
        }

        if (anchor is not null)
        {
            anchors[anchor] = (result, count);
        }

        return (result, count);
    }

    private static void CheckDepth(int depth, Mark start, Mark end)
    {
        if (depth >= InputLimits.MaxDepth)
        {
            throw new YamlException(start, end, $"nesting is deeper than the limit of {InputLimits.MaxDepth} levels");
        }
    }

    /// <summary>What one stream has spent of <see cref="InputLimits"/>.</summary>
    private sealed class Budget
    {
        private long nodes;

        public long AliasNodes { get; set; }

        public void Node(Mark start, Mark end)
        {
            if (++nodes > InputLimits.MaxNodes)
            {
                throw new YamlException(start, end, $"the document has more than {InputLimits.MaxNodes} nodes");
            }
        }

        public void Alias(int count, Mark start, Mark end)
        {
            AliasNodes += count;
            nodes += count;
            if (AliasNodes > InputLimits.MaxAliasNodes)
            {
                throw new YamlException(start, end, $"excessive aliasing: aliases expand to more than {InputLimits.MaxAliasNodes} nodes");
            }

            if (nodes > InputLimits.MaxNodes)
            {
                throw new YamlException(start, end, $"the document has more than {InputLimits.MaxNodes} nodes");
            }
        }
    }

    private static JsonValue? ReadScalar(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || IsStringTag(scalar.Tag))
        {
            return JsonValue.Create(text);
        }

        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (text.Length <= InputLimits.MaxNumberLength && IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        // As Kubernetes' YAML reader does, a plain scalar that is no finite number (1e999, a
        // 5,000-digit integer) stays a string: a stored number must always serialize.
        if (text.Length <= InputLimits.MaxNumberLength && FloatPattern().IsMatch(text) &&
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static bool IsStringTag(YamlDotNet.Core.TagName tag) =>
        !tag.IsEmpty && !tag.IsNonSpecific && tag.Value is "tag:yaml.org,2002:str" or "!!str";

    private static void Write(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    WriteString(emitter, key);
                    Write(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Write(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                        emitter.Emit(new Scalar(null, null, "true", ScalarStyle.Plain, true, false));
                        break;
                    case JsonValueKind.False:
                        emitter.Emit(new Scalar(null, null, "false", ScalarStyle.Plain, true, false));
                        break;
                    default:
                        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                }

                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        // A plain scalar that would read back as another type, or that YAML cannot hold
        // plainly, is double-quoted; multi-line text uses a literal block for readability.
        var style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) && !HasTrailingSpaceOnLine(text) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }

    private static bool NeedsQuotes(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }

        var typed = ReadScalar(new Scalar(null, null, text, ScalarStyle.Plain, true, false));
        if (typed is null || typed.GetValueKind() != JsonValueKind.String)
        {
            return true;
        }

        // YAML 1.1 readers (Go's yaml.v2 among them) take these as booleans. A reader turns
        // every unescaped line break (\r\n, \r, U+0085, U+2028, U+2029) into \n: only escapes keep them.
        return text.ToUpperInvariant() is "Y" or "N" or "YES" or "NO" or "ON" or "OFF"
            || text.AsSpan().IndexOfAny(OtherLineBreaks) >= 0
            || text.Any(char.IsControl) && !text.Contains('\n', StringComparison.Ordinal);
    }

    private static readonly System.Buffers.SearchValues<char> OtherLineBreaks = System.Buffers.SearchValues.Create("\r\u0085\u2028\u2029");

    private static bool HasTrailingSpaceOnLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.EndsWith(' ') || line.EndsWith('\t'))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
