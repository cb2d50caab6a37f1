using System.Globalization;
using System.Text.RegularExpressions;
using JobSet.Core.Admission;
using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;
using JobSet.Core.Api;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset plan -f JOBSET [--observed OBJECTS] [--now RFC3339] [--feature-gates ...] [-o yaml|json|summary]</c>:
/// prints the plan of one reconcile of the (defaulted) JobSet against the observed objects.
/// The current time is read here, at the edge, and only when <c>--now</c> is not given.
/// </summary>
internal sealed partial class PlanVerb : IVerb
{
    public string Name => "plan";

    public string Summary => "compute the reconcile plan for a JobSet and its observed objects";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.File("the JobSet with its current status (YAML or JSON; - for stdin)"),
        OptionSpec.Observed("the cluster's Jobs, Services and PersistentVolumeClaims (multi-document YAML or a v1 List; Pods and Nodes are ignored)"),
        new("now", null, "RFC3339", "the current time (default: the clock)"),
        OptionSpec.FeatureGates,
        new("output", "o", "yaml|json|summary", "output format (default yaml; summary: a short table for people)"),
    ];

    public Task<int> RunAsync(VerbContext context)
    {
        var format = context.Arguments.OutputOrSummary(Name);
        var gates = context.Arguments.FeatureGates(Name);
        var now = ParseNow(context.Arguments.Get("now"));
        var path = context.Arguments.Required("filename");
        var jobSet = JobSetDefaulter.Apply(ManifestReader.ReadJobSet(context.ReadText(path), path));
        var observed = ReadObserved(context);

        if (string.IsNullOrEmpty(jobSet.Metadata.Uid) && observed.Jobs.Count > 0)
        {
            // Children are matched by their controller owner's UID, as upstream does; without one
            // every observed Job is foreign and the plan would recreate them all.
            context.Error.WriteLine($"jobset {Name}: warning: {path} has no metadata.uid, so none of the {observed.Jobs.Count} observed Jobs counts as its child");
        }

        var plan = Planner.Reconcile(jobSet, observed, now, gates);
        var document = ReconcilePlanDocument.ToNode(plan);
        if (format == OutputFormat.Summary)
        {
            context.Out.Write(PlanSummary.Format(document, jobSet.Status is null ? null : KubeSerializer.ToNode(jobSet.Status)));
        }
        else
        {
            context.WriteDocument(document, format);
            if (context.StdoutIsTerminal)
            {
                context.Error.WriteLine($"jobset {Name}: hint: '-o summary' prints this plan as a short table");
            }
        }

        if (plan.Outcome == ReconcileOutcome.Failed)
        {
            // The reconcile stopped as upstream's returns an error (e.g. a malformed label on an observed Job).
            context.Error.WriteLine($"jobset {Name}: {plan.Reason}");
            return Task.FromResult(ExitCodes.Invalid);
        }

        return Task.FromResult(ExitCodes.Success);
    }

    /// <summary>
    /// An RFC 3339 time with seconds and an offset (<c>2024-05-01T10:00:00Z</c>); a usage error otherwise.
    /// </summary>
    public static DateTimeOffset ParseNow(string? text)
    {
        if (text is null)
        {
            return DateTimeOffset.UtcNow;
        }

        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var now))
        {
            throw new UsageException($"jobset plan: --now: '{text}' is not an RFC 3339 time (e.g. 2024-05-01T10:00:00Z)");
        }

        return now;
    }

    private ObservedState ReadObserved(VerbContext context)
    {
        var source = context.Arguments.Get("observed") ?? "--observed";
        var typed = new List<object>();
        foreach (var node in context.ReadObserved())
        {
            var item = ManifestReader.ToTyped(node, source);
            if (item is null or V1alpha2JobSet)
            {
                var (apiVersion, kind) = ManifestReader.TypeOf(node);
                throw new UsageException($"jobset {Name}: {source}: unsupported object {kind} ({apiVersion}): expected batch/v1 Jobs, v1 Services, v1 PersistentVolumeClaims, Pods or Nodes");
            }

            typed.Add(item);
        }

        return ObservedState.From(typed);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
