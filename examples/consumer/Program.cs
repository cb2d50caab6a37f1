using JobSet.Core.Admission;
using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

// A JobSet written in code, as an operator would build one: two worker Jobs of one pod each.
var jobSet = new V1alpha2JobSet
{
    Metadata = new V1ObjectMeta { Name = "demo", NamespaceProperty = "default", Uid = "5b1f7c0e-0000-4000-8000-000000000001" },
    Spec = new V1alpha2JobSetSpec
    {
        ReplicatedJobs =
        [
            new V1alpha2ReplicatedJob
            {
                Name = "workers",
                Replicas = 2,
                Template = new V1JobTemplateSpec
                {
                    Spec = new V1JobSpec
                    {
                        Template = new V1PodTemplateSpec
                        {
                            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
                        },
                    },
                },
            },
        ],
    },
};

// Default and validate as the cluster's admission would, then plan the first reconcile.
var defaulted = JobSetDefaulter.Apply(jobSet);
var validation = JobSetValidator.ValidateCreate(defaulted, FeatureGates.Default);
if (!validation.IsValid)
{
    foreach (var error in validation.Errors)
    {
        Console.Error.WriteLine(error);
    }

    return 1;
}

// Time is a parameter: the planner reads no clock.
var plan = Planner.Reconcile(defaulted, ObservedState.Empty, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), FeatureGates.Default);
Console.WriteLine($"{plan.Namespace}/{plan.Name}: {plan.Actions.Count} actions");
foreach (var action in plan.Actions)
{
    Console.WriteLine($"  {action.Type,-12} {action.Resource.Kind,-8} {action.Resource.Metadata.Name}");
}

foreach (var e in plan.Events)
{
    Console.WriteLine($"  event {e.Type} {e.Reason}: {e.Message}");
}

return 0;
