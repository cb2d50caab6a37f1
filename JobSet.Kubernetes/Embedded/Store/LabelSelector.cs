namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// A parsed label selector in the Kubernetes text syntax: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> (exists) and <c>!k</c> (does not exist),
/// joined by commas (all must hold).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) => this.requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; a malformed one is a 400 BadRequest <see cref="StoreException"/>.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var list = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            list.Add(ParseRequirement(part.Trim(), text));
        }

        return new(list);
    }

    /// <summary>Whether the labels satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return requirements.TrueForAll(r => LabelMatching.Matches(r.Op, r.Key, r.Values, labels));
    }

    /// <summary>The <c>key=value</c> and <c>key in (...)</c> requirements: an object matches only with one of these values (what an index can look up).</summary>
    public IEnumerable<(string Key, IList<string> Values)> RequiredValues() =>
        requirements.Where(r => r.Op == Operator.In).Select(r => (r.Key, r.Values));

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        StoreException Bad() => StoreException.BadRequest($"unable to parse requirement: invalid label selector \"{whole}\"");
        if (part.Length == 0)
        {
            throw Bad();
        }

        if (part[0] == '!')
        {
            return new(CheckKey(part[1..].Trim(), Bad), Operator.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Operator.NotIn), ("==", Operator.In), ("=", Operator.In) })
        {
            var i = part.IndexOf(token, StringComparison.Ordinal);
            if (i > 0)
            {
                var key = CheckKey(part[..i].Trim(), Bad);
                var value = CheckValue(part[(i + token.Length)..].Trim(), Bad);
                return new(key, op, [value]);
            }
        }

        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new(CheckKey(words[0], Bad), Operator.Exists, []);
        }

        var rest = words[1];
        string setOp;
        if (rest.StartsWith("notin", StringComparison.Ordinal))
        {
            setOp = Operator.NotIn;
            rest = rest[5..].Trim();
        }
        else if (rest.StartsWith("in", StringComparison.Ordinal))
        {
            setOp = Operator.In;
            rest = rest[2..].Trim();
        }
        else
        {
            throw Bad();
        }

        if (rest.Length < 2 || rest[0] != '(' || rest[^1] != ')')
        {
            throw Bad();
        }

        var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries).Select(v => CheckValue(v, Bad)).ToList();
        return new(CheckKey(words[0], Bad), setOp, values);
    }

    private static string CheckKey(string key, Func<StoreException> bad) =>
        MetadataRules.KeyProblems(key).Count > 0 ? throw bad() : key;

    private static string CheckValue(string value, Func<StoreException> bad) =>
        MetadataRules.LabelValueProblems(value).Count > 0 ? throw bad() : value;

    /// <summary>The metav1 operator names <see cref="LabelMatching"/> evaluates.</summary>
    private static class Operator
    {
        public const string In = "In";
        public const string NotIn = "NotIn";
        public const string Exists = "Exists";
        public const string DoesNotExist = "DoesNotExist";
    }

    private sealed record Requirement(string Key, string Op, IList<string> Values);
}
