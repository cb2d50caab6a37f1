using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JobSet.Core.Serialization;

/// <summary>
/// Reads untrusted JSON within <see cref="InputLimits"/>: at most <see cref="InputLimits.MaxDepth"/>
/// levels, and every number a 64-bit integer or a finite 64-bit float of at most
/// <see cref="InputLimits.MaxNumberLength"/> characters (the API server's decoder refuses the rest).
/// </summary>
public static class JsonInput
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = InputLimits.MaxDepth };

    /// <summary>Parses JSON text; a <see cref="JsonException"/> when it is not JSON or breaks a limit.</summary>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var node = JsonNode.Parse(text, documentOptions: Options);
        CheckNumbers(node, "");
        return node;
    }

    /// <summary>Throws a <see cref="JsonException"/> naming the path of the first number that is out of range.</summary>
    public static void CheckNumbers(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    CheckNumbers(value, path.Length == 0 ? key : $"{path}.{key}");
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckNumbers(array[i], $"{path}[{i}]");
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                if (!IsRepresentable(value))
                {
                    var text = value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : "NaN";
                    throw new JsonException($"{(path.Length == 0 ? "the value" : path)}: the number {Shorten(text)} is out of range: numbers must be 64-bit integers or finite 64-bit floats of at most {InputLimits.MaxNumberLength} characters");
                }

                break;
        }
    }

    private static bool IsRepresentable(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            if (raw.Length > InputLimits.MaxNumberLength)
            {
                return false;
            }

            return element.TryGetInt64(out _) ||
                   (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d));
        }

        if (value.TryGetValue<double>(out var number))
        {
            return double.IsFinite(number);
        }

        if (value.TryGetValue<float>(out var single))
        {
            return float.IsFinite(single);
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..20]}...({text.Length} characters)";
}
