namespace JobSet.Core.Planning;

/// <summary>Kubernetes timestamps: read as UTC whatever DateTimeKind the reader gave them, written with whole seconds.</summary>
internal static class Times
{
    /// <summary>The time as the API server stores it (metav1.Time): UTC, truncated to whole seconds.</summary>
    public static DateTime WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    /// <summary>The timestamp as UTC: a Local one is converted, an Unspecified one taken as UTC.</summary>
    public static DateTimeOffset Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
