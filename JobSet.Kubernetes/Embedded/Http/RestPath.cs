namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// A parsed resource path: <c>/api/v1/[namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]</c> or
/// <c>/apis/GROUP/VERSION/[namespaces/NS/]PLURAL[/NAME[/SUBRESOURCE]]</c>.
/// </summary>
internal sealed record RestPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>Parses a resource path; null when the path is not one (discovery and other paths).</summary>
    public static RestPath? Parse(string path, Func<string, string, string, bool> isNamespaced)
    {
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segs.Length >= 3 && segs[0] == "api")
        {
            (group, version, rest) = ("", segs[1], 2);
        }
        else if (segs.Length >= 4 && segs[0] == "apis")
        {
            (group, version, rest) = (segs[1], segs[2], 3);
        }
        else
        {
            return null;
        }

        var r = segs[rest..];
        if (r.Length >= 3 && r[0] == "namespaces" && isNamespaced(group, version, r[2]))
        {
            return r.Length > 5 ? null : new(group, version, r[1], r[2], r.Length > 3 ? r[3] : null, r.Length > 4 ? r[4] : null);
        }

        return r.Length > 3 ? null : new(group, version, null, r[0], r.Length > 1 ? r[1] : null, r.Length > 2 ? r[2] : null);
    }
}
