using System.Text.Json.Nodes;

namespace JobSet.Kubernetes.Embedded.Store;

/// <summary>
/// A parsed field selector: <c>path=value</c>, <c>path==value</c> or <c>path!=value</c> terms joined
/// by commas. Paths are dotted JSON paths (<c>metadata.name</c>, <c>metadata.namespace</c>,
/// <c>spec.nodeName</c>, <c>status.phase</c>); an absent field reads as the empty string.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> terms;

    private FieldSelector(List<(string Path, bool Equal, string Value)> terms) => this.terms = terms;

    /// <summary>The selector that matches everything.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>Parses a selector; a malformed one is a 400 BadRequest <see cref="StoreException"/>.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var list = new List<(string, bool, string)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var neq = raw.IndexOf("!=", StringComparison.Ordinal);
            if (neq > 0)
            {
                list.Add((raw[..neq].Trim(), false, raw[(neq + 2)..].Trim()));
                continue;
            }

            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw StoreException.BadRequest($"invalid field selector: '{raw}': expected path=value or path!=value");
            }

            var value = raw[(eq + 1)..];
            if (value.StartsWith('='))
            {
                value = value[1..];
            }

            list.Add((raw[..eq].Trim(), true, value.Trim()));
        }

        return new(list);
    }

    /// <summary>The <c>path=value</c> terms: an object matches only with this value (what an index can look up).</summary>
    public IEnumerable<(string Path, string Value)> RequiredValues() =>
        terms.Where(t => t.Equal).Select(t => (t.Path, t.Value));

    /// <summary>Whether the object satisfies every term.</summary>
    public bool Matches(JsonObject obj) =>
        terms.All(t => (ObjectMeta.PathValue(obj, t.Path) == t.Value) == t.Equal);
}
