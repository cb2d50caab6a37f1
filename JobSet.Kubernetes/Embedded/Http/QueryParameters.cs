using System.Globalization;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Typed reads of list and watch query parameters. As on the API server, a value that does not
/// parse is a 400 BadRequest naming the parameter, never silently ignored (a watch with
/// <c>timeoutSeconds=soon</c> must not quietly run for half an hour).
/// </summary>
internal static class QueryParameters
{
    /// <summary>A boolean as Go's strconv.ParseBool reads it; absent or empty is false.</summary>
    public static bool Bool(IQueryCollection query, string name)
    {
        var text = query[name].FirstOrDefault();
        return text switch
        {
            null or "" => false,
            "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
            "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
            _ => throw Bad(name, text, "strconv.ParseBool: parsing \"" + text + "\": invalid syntax"),
        };
    }

    /// <summary>A non-negative integer; absent or empty is null.</summary>
    public static long? Integer(IQueryCollection query, string name)
    {
        var text = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? Math.Max(0, value)
            : throw Bad(name, text, "strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
    }

    /// <summary>
    /// Checks <c>resourceVersionMatch</c> as ListOptions validation does: only <c>NotOlderThan</c> or
    /// <c>Exact</c>, and only with a resourceVersion (422 Invalid otherwise). Both are served from the
    /// current state, which is never older than the version asked for.
    /// </summary>
    public static void CheckResourceVersionMatch(IQueryCollection query, bool watch)
    {
        var match = query["resourceVersionMatch"].FirstOrDefault();
        if (string.IsNullOrEmpty(match))
        {
            return;
        }

        string? problem = null;
        if (watch)
        {
            problem = "resourceVersionMatch is forbidden for watch";
        }
        else if (match is not ("NotOlderThan" or "Exact"))
        {
            problem = $"Unsupported value: \"{match}\": supported values: \"Exact\", \"NotOlderThan\"";
        }
        else if (string.IsNullOrEmpty(query["resourceVersion"].FirstOrDefault()))
        {
            problem = "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided";
        }

        if (problem is not null)
        {
            throw new StoreException(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: {problem}", new("", "meta.k8s.io", "ListOptions") { Causes = [new("resourceVersionMatch", problem)] });
        }
    }

    private static StoreException Bad(string name, string text, string why) =>
        StoreException.BadRequest($"invalid value \"{text}\" for query parameter {name}: {why}");
}
