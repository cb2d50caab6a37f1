using System.Text;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;
using JobSet.Kubernetes.Manifests;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset manifests [--namespace NS] [--image IMAGE] [--crd-only]</c>: prints the install for a
/// cluster as ordered YAML documents, for <c>kubectl apply -f -</c>.
/// </summary>
internal sealed class ManifestsVerb : IVerb
{
    public string Name => "manifests";

    public string Summary => "print the YAML that installs the JobSet CRD and controller on a cluster";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("namespace", null, "NS", $"the controller's namespace (default {InstallNames.DefaultNamespace})"),
        new("image", null, "IMAGE", $"the controller image (default {InstallOptions.DefaultImage})"),
        OptionSpec.Flag("crd-only", "print only the CustomResourceDefinition"),
    ];

    public async Task<int> RunAsync(VerbContext context)
    {
        var options = new InstallOptions { CrdOnly = context.Arguments.Flag(Name, "crd-only") };
        if (context.Arguments.Get("namespace") is { } ns)
        {
            if (!IsDnsLabel(ns))
            {
                throw new UsageException($"jobset {Name}: --namespace '{ns}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
            }

            options.Namespace = ns;
        }

        if (context.Arguments.Get("image") is { } image)
        {
            if (image.Length == 0 || image.Length > 512 || image.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new UsageException($"jobset {Name}: --image '{image}' is not an image reference");
            }

            options.Image = image;
        }

        var text = new StringBuilder();
        foreach (var obj in InstallManifests.Create(options))
        {
            text.Append("---\n").Append(YamlJson.ToYaml(obj));
        }

        await context.Out.WriteAsync(text.ToString()).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static bool IsDnsLabel(string s) =>
        s.Length is > 0 and <= 63 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && s[0] != '-' && s[^1] != '-';
}
