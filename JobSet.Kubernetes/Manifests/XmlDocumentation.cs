using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml;

namespace JobSet.Kubernetes.Manifests;

/// <summary>
/// Summaries from the XML documentation files that sit next to assemblies (<c>JobSet.Core.xml</c>,
/// and <c>KubernetesClient.xml</c> when the package's documentation is copied to the output), as
/// one-paragraph descriptions for the CRD schema. A missing file gives no descriptions, never an error.
/// </summary>
public static class XmlDocumentation
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Cache = new();

    /// <summary>The summary of a property, or null when it has none.</summary>
    public static string? Of(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var type = property.DeclaringType!;
        return Members(type.Assembly).GetValueOrDefault($"P:{type.FullName}.{property.Name}");
    }

    /// <summary>The summary of a type, or null when it has none.</summary>
    public static string? Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Members(type.Assembly).GetValueOrDefault($"T:{type.FullName}");
    }

    private static IReadOnlyDictionary<string, string> Members(Assembly assembly) => Cache.GetOrAdd(assembly, Load);

    private static Dictionary<string, string> Load(Assembly assembly)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return result;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return result;
        }

        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreComments = true });
            while (reader.ReadToFollowing("member"))
            {
                var name = reader.GetAttribute("name");
                if (name is null || !(name.StartsWith("P:", StringComparison.Ordinal) || name.StartsWith("T:", StringComparison.Ordinal)))
                {
                    continue;
                }

                using var member = reader.ReadSubtree();
                if (member.ReadToDescendant("summary"))
                {
                    var text = SummaryText(member);
                    if (text.Length > 0)
                    {
                        result[name] = text;
                    }
                }
            }
        }
        catch (XmlException)
        {
            // A damaged documentation file only costs descriptions.
        }

        return result;
    }

    /// <summary>The summary's text with <c>&lt;see cref&gt;</c> as the member's short name and the line breaks of the source joined.</summary>
    private static string SummaryText(XmlReader summary)
    {
        var text = new StringBuilder();
        using var inner = summary.ReadSubtree();
        inner.Read();
        while (inner.Read())
        {
            if (inner.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                text.Append(inner.Value);
            }
            else if (inner.NodeType == XmlNodeType.Element && inner.Name is "see" or "seealso" && inner.IsEmptyElement)
            {
                var cref = inner.GetAttribute("cref") ?? inner.GetAttribute("langword") ?? "";
                var dot = cref.LastIndexOf('.');
                text.Append(dot >= 0 ? cref[(dot + 1)..] : cref.Split(':')[^1]);
            }
        }

        var lines = text.ToString().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0);
        return string.Join(' ', lines);
    }
}
