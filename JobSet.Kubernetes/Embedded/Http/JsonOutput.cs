using System.Text.Encodings.Web;
using System.Text.Json;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>How responses are written: compact JSON escaping only what JSON requires (quotes as <c>\"</c>, as the API server writes them).</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Serializer { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonWriterOptions Writer { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
