using System.Text.Json.Nodes;
using JobSet.Core.Placement;
using JobSet.Core.Serialization;
using JobSet.Host.Cli;
using k8s.Models;

namespace JobSet.Host.Verbs;

/// <summary>
/// <c>jobset admit-pod -f POD [--observed OBJECTS] [-o json]</c>: runs upstream's pod defaulting
/// and create validation for exclusive placement, taking the leader pod and its node from the
/// observed objects. Prints <c>{allowed, message, pod}</c>; a denied pod is a successful answer.
/// </summary>
internal sealed class AdmitPodVerb : IVerb
{
    public string Name => "admit-pod";

    public string Summary => "run the exclusive-placement pod admission on a pod";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.File("the Pod being created (YAML or JSON; - for stdin)"),
        OptionSpec.Observed("cluster objects: the Pods (leaders) and Nodes, multi-document YAML or a v1 List; other kinds are ignored"),
        OptionSpec.Output,
    ];

    public async Task<int> RunAsync(VerbContext context)
    {
        var format = context.Arguments.Output(Name);
        var path = context.Arguments.Required("filename");
        var objects = ManifestReader.ReadObjects(context.ReadText(path), path);
        if (SinglePod(objects, path, out var problem) is not { } pod)
        {
            await context.Error.WriteLineAsync($"jobset {Name}: {problem}").ConfigureAwait(false);
            return ExitCodes.Invalid;
        }

        var result = PodAdmission.Admit(pod, ObservedIndex(context));
        var document = new JsonObject
        {
            ["allowed"] = result.Allowed,
            ["message"] = result.Message,
            ["pod"] = KubeSerializer.ToNode(result.Pod),
        };
        context.WriteDocument(document, format);
        return ExitCodes.Success;
    }

    private static V1Pod? SinglePod(IReadOnlyList<JsonObject> objects, string path, out string problem)
    {
        problem = "";
        if (objects.Count != 1)
        {
            problem = $"{path}: expected exactly one Pod, found {objects.Count} objects";
            return null;
        }

        var (apiVersion, kind) = ManifestReader.TypeOf(objects[0]);
        if ((apiVersion, kind) != ("v1", "Pod"))
        {
            var found = kind.Length == 0 ? "an object without kind" : $"{kind} ({(apiVersion.Length == 0 ? "no apiVersion" : apiVersion)})";
            problem = $"{path}: expected a Pod (v1), found {found}";
            return null;
        }

        return ManifestReader.FromNodeStrict<V1Pod>(objects[0], $"{path}: Pod {objects[0]["metadata"]?["name"]?.ToString() ?? "(unnamed)"}");
    }

    private static PlacementIndex ObservedIndex(VerbContext context)
    {
        var source = context.Arguments.Get("observed");
        var pods = new List<V1Pod>();
        var nodes = new List<V1Node>();
        foreach (var node in context.ReadObserved())
        {
            switch (ManifestReader.TypeOf(node))
            {
                case ("v1", "Pod"):
                    pods.Add((V1Pod)ManifestReader.ToTyped(node, source!)!);
                    break;
                case ("v1", "Node"):
                    nodes.Add((V1Node)ManifestReader.ToTyped(node, source!)!);
                    break;
                default:
                    // Jobs, JobSets and the like may sit in the same dump; admission needs none of them.
                    break;
            }
        }

        return PlacementIndex.Build(pods, nodes);
    }
}
