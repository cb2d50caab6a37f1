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
    /// ListOptions validation of the API server: on a list, <c>resourceVersionMatch</c> is
    /// <c>NotOlderThan</c> or <c>Exact</c>, needs a resourceVersion, not with <c>continue</c>, and
    /// <c>sendInitialEvents</c> is forbidden; on a watch, <c>sendInitialEvents</c> needs
    /// <c>resourceVersionMatch=NotOlderThan</c> (as client-go's watch-list sends) and a match needs
    /// <c>sendInitialEvents</c>. 422 Invalid otherwise. Both matches are served from the current
    /// state, which is never older than the version asked for.
    /// </summary>
    public static void CheckListOptions(IQueryCollection query, bool watch)
    {
        var match = query["resourceVersionMatch"].FirstOrDefault() ?? "";
        var rv = query["resourceVersion"].FirstOrDefault() ?? "";
        var hasContinue = !string.IsNullOrEmpty(query["continue"].FirstOrDefault());
        var sendInitial = query["sendInitialEvents"].Count > 0;
        var causes = new List<StoreCause>();
        void Forbidden(string field, string why) => causes.Add(new(field, $"Forbidden: {why}", "FieldValueForbidden"));
        void NotSupported(params string[] supported) =>
            causes.Add(new("resourceVersionMatch", $"Unsupported value: \"{match}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", "FieldValueNotSupported"));

        if (watch)
        {
            if (sendInitial && match != "NotOlderThan")
            {
                Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan");
            }

            if (match.Length > 0)
            {
                if (!sendInitial)
                {
                    Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
                }

                if (match != "NotOlderThan")
                {
                    NotSupported("NotOlderThan");
                }
            }
        }
        else
        {
            if (match.Length > 0)
            {
                if (rv.Length == 0)
                {
                    Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided");
                }

                if (hasContinue)
                {
                    Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided");
                }

                if (match is not ("Exact" or "NotOlderThan"))
                {
                    NotSupported("Exact", "NotOlderThan", "");
                }
                else if (match == "Exact" && rv == "0")
                {
                    Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
                }
            }

            if (sendInitial)
            {
                Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list");
            }
        }

        if (causes.Count > 0)
        {
            var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
            throw new StoreException(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {(causes.Count == 1 ? text : $"[{text}]")}", new("", "meta.k8s.io", "ListOptions") { Causes = causes });
        }
    }

    private static StoreException Bad(string name, string text, string why) =>
        StoreException.BadRequest($"invalid value \"{text}\" for query parameter {name}: {why}");
}
