using System.Globalization;
using System.Text;

namespace JobSet.Core.Admission.Rules;

/// <summary>
/// Builds <see cref="FieldError"/>s worded as Kubernetes' <c>field.Error</c> prints them
/// (<c>Invalid value: "x": detail</c>, <c>Required value</c>, ...), so that the command line
/// shows the same lines as <c>kubectl apply</c> against a real cluster.
/// </summary>
internal static class FieldErrors
{
    /// <summary>Stands for an object value: the API server prints a CEL failure on an object as <c>"object"</c>.</summary>
    public static readonly object Object = new StructuredValue("object");

    /// <summary>Stands for a list value: the API server prints a CEL failure on a list as <c>"array"</c>.</summary>
    public static readonly object Array = new StructuredValue("array");

    /// <summary>A webhook error that upstream reports without a field: the message as upstream words it.</summary>
    public static FieldError Plain(string path, string message) => new(path, message);

    /// <summary><c>Invalid value: VALUE: detail</c>.</summary>
    public static FieldError Invalid(string path, object? value, string detail) =>
        new(path, $"Invalid value: {Render(value)}: {detail}");

    /// <summary><c>Required value</c>.</summary>
    public static FieldError Required(string path) => new(path, "Required value");

    /// <summary><c>Forbidden: detail</c>.</summary>
    public static FieldError Forbidden(string path, string detail) => new(path, $"Forbidden: {detail}");

    /// <summary><c>Too long: may not be more than N bytes</c>.</summary>
    public static FieldError TooLong(string path, int maxLength) =>
        new(path, $"Too long: may not be more than {maxLength.ToString(CultureInfo.InvariantCulture)} bytes");

    /// <summary><c>Too many: N: must have at most M items</c> (a CRD <c>maxItems</c>).</summary>
    public static FieldError TooMany(string path, int actual, int max) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"Too many: {actual}: must have at most {max} items"));

    /// <summary><c>Unsupported value: "x": supported values: "a", "b"</c> (a CRD enum).</summary>
    public static FieldError NotSupported(string path, string value, IEnumerable<string> supported) =>
        new(path, $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(Quote))}");

    /// <summary><c>Duplicate value: {"name":"x"}</c> for a repeated key of a CRD <c>listType=map</c> list.</summary>
    public static FieldError Duplicate(string path, string keyName, string key) =>
        new(path, $"Duplicate value: {{{Quote(keyName)}:{Quote(key)}}}");

    /// <summary>The CRD <c>minimum</c> failure: <c>Invalid value: N: PATH in body should be greater than or equal to M</c>.</summary>
    public static FieldError BelowMinimum(string path, long value, long minimum) =>
        Invalid(path, value, string.Create(CultureInfo.InvariantCulture, $"{path} in body should be greater than or equal to {minimum}"));

    /// <summary>A value as Go's <c>field.Error</c> prints it: strings quoted, numbers bare, nil as <c>null</c>.</summary>
    public static string Render(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        StructuredValue structured => Quote(structured.SchemaType),
        _ => Quote(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>Go's <c>%q</c> for the characters that occur in manifests.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\r': builder.Append("\\r"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Marker for a value too large to print on one line, printed as its schema type.</summary>
    private sealed record StructuredValue(string SchemaType);
}
