namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>
/// The one rule by which the simulated controllers set a Job or pod condition: update the
/// condition of that type in place, or add it; its transition time moves only when its status
/// changes (a new condition counts as a change).
/// </summary>
internal static class ConditionList
{
    /// <summary>The condition of the type, added when absent.</summary>
    /// <param name="conditions">The status's condition list.</param>
    /// <param name="isType">Whether a condition is of the type being set.</param>
    /// <param name="create">A new condition of the type.</param>
    /// <param name="statusOf">A condition's current status.</param>
    /// <param name="status">The status being set.</param>
    /// <param name="transitioned">Whether the status changes, so the transition time should move.</param>
    public static T Upsert<T>(IList<T> conditions, Func<T, bool> isType, Func<T> create, Func<T, string?> statusOf, string status, out bool transitioned)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = conditions.FirstOrDefault(isType);
        if (existing is null)
        {
            existing = create();
            conditions.Add(existing);
            transitioned = true;
            return existing;
        }

        transitioned = statusOf(existing) != status;
        return existing;
    }
}
