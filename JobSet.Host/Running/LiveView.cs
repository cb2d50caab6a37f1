using System.Globalization;
using JobSet.Kubernetes.Controller;
using JobSet.Kubernetes.Hosting;
using Spectre.Console;

namespace JobSet.Host.Running;

/// <summary>
/// The terminal view of <c>jobset run</c>: a table of JobSets (name, phase, Jobs ready/total,
/// restarts, age) redrawn twice a second from the controller's cache.
/// </summary>
internal static class LiveView
{
    private const int MaxRows = 40;

    public static Task RunAsync(IJobSetControllerState state, TimeProvider time, CancellationToken cancellationToken) =>
        AnsiConsole.Live(Render(state, time)).AutoClear(false).StartAsync(async live =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    live.UpdateTarget(Render(state, time));
                }
            }
            catch (OperationCanceledException)
            {
                live.UpdateTarget(Render(state, time));
            }
        });

    private static Table Render(IJobSetControllerState state, TimeProvider time)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("NAMESPACE", "NAME", "PHASE", "JOBS READY", "RESTARTS", "AGE");
        var now = time.GetUtcNow();
        var jobSets = state.JobSets()
            .OrderByDescending(j => j.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(j => j.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var jobSet in jobSets.Take(MaxRows))
        {
            var phase = JobSetPhase.Of(jobSet);
            var (ready, total) = JobSetPhase.JobCounts(jobSet);
            table.AddRow(
                Markup.Escape(jobSet.Metadata.NamespaceProperty ?? ""),
                Markup.Escape(jobSet.Metadata.Name ?? ""),
                $"[{Colour(phase)}]{phase}[/]",
                $"{ready}/{total}",
                (jobSet.Status?.Restarts ?? 0).ToString(CultureInfo.InvariantCulture),
                Age(now, jobSet.Metadata.CreationTimestamp));
        }

        var caption = state.Synced ? $"{jobSets.Count} JobSets" : "waiting for the caches to sync";
        if (jobSets.Count > MaxRows)
        {
            caption += $" ({jobSets.Count - MaxRows} older not shown)";
        }

        if (!state.Leading)
        {
            caption += "; not the leader: not reconciling";
        }

        return table.Caption(caption + "; Ctrl-C to stop");
    }

    private static string Colour(string phase) => phase switch
    {
        "Completed" => "green",
        "Failed" => "red",
        "Restarting" => "yellow",
        "Suspended" => "grey",
        "Running" => "blue",
        _ => "default",
    };

    /// <summary>kubectl's short age: 45s, 3m, 2h, 5d.</summary>
    private static string Age(DateTimeOffset now, DateTime? created)
    {
        if (created is not { } c)
        {
            return "";
        }

        var age = now - new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc));
        return age.TotalSeconds < 120 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
            : age.TotalMinutes < 120 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
