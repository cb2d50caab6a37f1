using System.Globalization;
using System.Text;

namespace JobSet.Kubernetes.Embedded.Simulation;

/// <summary>The <c>status.completedIndexes</c> text of an Indexed Job: sorted intervals such as <c>0-2,4,6-7</c>.</summary>
internal static class CompletedIndexes
{
    /// <summary>Parses the interval text; malformed parts are skipped.</summary>
    public static SortedSet<int> Parse(string? text)
    {
        var result = new SortedSet<int>();
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single))
                {
                    result.Add(single);
                }
            }
            else if (int.TryParse(part.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && int.TryParse(part.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            {
                for (var i = from; i <= to; i++)
                {
                    result.Add(i);
                }
            }
        }

        return result;
    }

    /// <summary>Formats indexes as sorted intervals; null when there are none (the field is omitted).</summary>
    public static string? Format(IEnumerable<int> indexes)
    {
        var sorted = indexes.Distinct().Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        var start = sorted[0];
        var previous = start;
        foreach (var index in sorted.Skip(1).Append(int.MinValue))
        {
            if (index == previous + 1)
            {
                previous = index;
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(start == previous
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}-{previous}"));
            start = previous = index;
        }

        return text.ToString();
    }
}
