using System.Globalization;
using System.Text;
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

    /// <summary>The longest fieldManager the API server accepts, in bytes.</summary>
    public const int FieldManagerMaxLength = 128;

    /// <summary>
    /// CreateOptions, UpdateOptions and PatchOptions validation of the API server: a fieldManager
    /// of at most 128 bytes of printable characters (required for apply), <c>force</c> only on
    /// apply, <c>dryRun</c> only <c>All</c>, a known <c>fieldValidation</c>. 422 Invalid otherwise,
    /// so a hostile writer cannot stamp a control character or kilobytes into every managedFields entry.
    /// </summary>
    /// <param name="query">The request's query.</param>
    /// <param name="optionsKind"><c>CreateOptions</c>, <c>UpdateOptions</c> or <c>PatchOptions</c>.</param>
    /// <param name="apply">Whether the write is a server-side apply patch.</param>
    public static void CheckWriteOptions(IQueryCollection query, string optionsKind, bool apply)
    {
        var causes = new List<StoreCause>();
        var fieldManager = query["fieldManager"].FirstOrDefault() ?? "";
        if (optionsKind == "PatchOptions")
        {
            if (!apply && query["force"].Count > 0)
            {
                causes.Add(new("force", "Forbidden: may not be specified for non-apply patch", "FieldValueForbidden"));
            }

            if (apply && fieldManager.Length == 0)
            {
                causes.Add(new("fieldManager", "Required value: is required for apply patch", "FieldValueRequired"));
            }
        }

        causes.AddRange(FieldManagerCauses(fieldManager));
        var dryRun = query["dryRun"];
        if (dryRun.Any(v => v is not "All"))
        {
            causes.Add(new("dryRun", $"Unsupported value: []string{{{string.Join(", ", dryRun.Select(Quote))}}}: supported values: \"All\"", "FieldValueNotSupported"));
        }

        var fieldValidation = query["fieldValidation"].FirstOrDefault() ?? "";
        if (fieldValidation is not ("" or "Strict" or "Warn" or "Ignore"))
        {
            causes.Add(new("fieldValidation", $"Unsupported value: {Quote(fieldValidation)}: supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"", "FieldValueNotSupported"));
        }

        if (causes.Count > 0)
        {
            var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
            throw new StoreException(422, "Invalid", $"{optionsKind}.meta.k8s.io \"\" is invalid: {(causes.Count == 1 ? text : $"[{text}]")}", new("", "meta.k8s.io", optionsKind) { Causes = causes });
        }
    }

    /// <summary>
    /// The manager named after a writer's User-Agent when it gives no fieldManager, as the API
    /// server derives it: the part before the first '/', non-printable characters dropped, at most 128 bytes.
    /// </summary>
    public static string? ManagerFromUserAgent(string agent)
    {
        var slash = agent.IndexOf('/', StringComparison.Ordinal);
        var program = slash >= 0 ? agent[..slash] : agent;
        var manager = new StringBuilder();
        var bytes = 0;
        foreach (var rune in program.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                continue;
            }

            if (bytes + rune.Utf8SequenceLength > FieldManagerMaxLength)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            manager.Append(rune.ToString());
        }

        return manager.Length == 0 ? null : manager.ToString();
    }

    private static IEnumerable<StoreCause> FieldManagerCauses(string fieldManager)
    {
        if (Encoding.UTF8.GetByteCount(fieldManager) > FieldManagerMaxLength)
        {
            yield return new("fieldManager", $"Too long: may not be more than {FieldManagerMaxLength} bytes", "FieldValueTooLong");
        }

        var position = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsPrintable(rune))
            {
                yield return new("fieldManager", $"Invalid value: {Quote(fieldManager)}: invalid character U+{rune.Value:X4} (at position {position})", "FieldValueInvalid");
            }

            position += rune.Utf8SequenceLength;
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrintable(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };

    private static string Quote(string? text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static StoreException Bad(string name, string text, string why) =>
        StoreException.BadRequest($"invalid value \"{text}\" for query parameter {name}: {why}");
}
