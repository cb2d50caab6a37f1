using JobSet.Core.Admission;
using JobSet.Core.Serialization;
using JobSet.Core.Api;

namespace JobSet.Tests.Admission;

/// <summary>Small JobSets the admission tests start from.</summary>
internal static class JobSets
{
    /// <summary>Two ReplicatedJobs: "leader" (1 Job, Indexed 1/1) and "workers" (2 Jobs, Indexed 4/4).</summary>
    public const string Base = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: js
        spec:
          replicatedJobs:
          - name: leader
            template:
              spec:
                parallelism: 1
                completions: 1
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
          - name: workers
            replicas: 2
            template:
              spec:
                parallelism: 4
                completions: 4
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
                      volumeMounts:
                      - name: data
                        mountPath: /data
        """;

    /// <summary>Reads a JobSet from YAML without defaulting it.</summary>
    public static V1alpha2JobSet Read(string yaml) => ManifestReader.ReadJobSet(yaml, "test.yaml");

    /// <summary>The base JobSet, changed by <paramref name="change"/> and then defaulted.</summary>
    public static V1alpha2JobSet Defaulted(Action<V1alpha2JobSet>? change = null)
    {
        var jobSet = Read(Base);
        change?.Invoke(jobSet);
        return JobSetDefaulter.Apply(jobSet);
    }
}
