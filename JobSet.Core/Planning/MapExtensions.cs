namespace JobSet.Core.Planning;

/// <summary>Lookups in the label and annotation maps of <c>k8s.Models</c> (which are IDictionary).</summary>
internal static class MapExtensions
{
    /// <summary>The value of <paramref name="key"/>, or null when the map or the key is missing.</summary>
    public static string? Value(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
