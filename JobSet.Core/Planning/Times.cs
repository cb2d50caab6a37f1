namespace JobSet.Core.Planning;

/// <summary>Reads Kubernetes timestamps as UTC whatever DateTimeKind the reader gave them.</summary>
internal static class Times
{
    public static DateTimeOffset Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
