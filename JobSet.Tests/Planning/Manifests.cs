namespace JobSet.Tests.Planning;

/// <summary>The JobSets the planner tests start from, small enough to review in a snapshot.</summary>
internal static class Manifests
{
    /// <summary>A leader (1 Job) and workers (2 Jobs of 2 pods).</summary>
    public const string LeaderWorkers = """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: train
          namespace: ml
        spec:
          replicatedJobs:
          - name: leader
            replicas: 1
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
                parallelism: 2
                completions: 2
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
        """;

    /// <summary><see cref="LeaderWorkers"/> with extra spec fields appended (YAML under <c>spec:</c>, indented 2).</summary>
    public static string LeaderWorkersWith(string specFields) => LeaderWorkers + "\n" + Indent(specFields, 2);

    /// <summary>One ReplicatedJob of two single-pod Jobs, with extra spec fields.</summary>
    public static string Single(string specFields = "", int replicas = 2) => $$"""
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: solo
          namespace: default
        spec:
          replicatedJobs:
          - name: rj
            replicas: {{replicas}}
            template:
              spec:
                parallelism: 1
                completions: 1
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
        """ + "\n" + Indent(specFields, 2);

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
