namespace JobSet.Tests.Cli;

/// <summary>Manifests for the command-line tests, good and bad.</summary>
internal static class CliInputs
{
    public const string Header = "apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\n";

    public const string Minimal = Header + """
        metadata:
          name: demo
        spec:
          replicatedJobs:
          - name: workers
            replicas: 2
            template:
              spec:
                template:
                  spec:
                    containers:
                    - name: main
                      image: busybox
        """;

    /// <summary>Every verb that reads one JobSet with <c>-f</c>, crossed with every unreadable input.</summary>
    public static IEnumerable<TestCaseData> UnreadableForEveryJobSetVerb() =>
        from verb in new[] { "default", "validate", "plan" }
        from input in Unreadable()
        select new TestCaseData(verb, input.Arguments[0], input.Arguments[1]).SetName($"{verb}: {input.TestName}");

    /// <summary>Bad input that must end in exit code 2 with one line naming the problem.</summary>
    public static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData("foo: [", "-: not valid YAML or JSON at line").SetName("not YAML");
        yield return new TestCaseData("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "-: expected a JobSet (jobset.x-k8s.io/v1alpha2), found Pod (v1)").SetName("not a JobSet");
        yield return new TestCaseData("apiVersion: jobset.x-k8s.io/v1beta1\nkind: JobSet\nmetadata: {name: p}\n", "found JobSet (jobset.x-k8s.io/v1beta1)").SetName("another API version");
        yield return new TestCaseData(Header + "metadata: {namespace: x}\nspec: {}\n", "-: metadata.name is required").SetName("missing metadata.name");
        yield return new TestCaseData(Header + "metadata: {name: a}\nspec: {replicatedJobs: [{name: w, replicas: many}]}\n", "-: field spec.replicatedJobs[0].replicas: wrong type, expected an integer").SetName("wrong field type");
        yield return new TestCaseData(Header + "metadata: {name: a}\nspec: {suspend: maybe}\n", "-: field spec.suspend: wrong type, expected a boolean").SetName("wrong boolean");
        yield return new TestCaseData(Header + "metadata: {name: a}\nspec: {replicatedJob: []}\n", "-: unknown field \"spec.replicatedJob\"").SetName("unknown field");
        yield return new TestCaseData(Header + "metadata: {name: a}\nspec: {volumeClaimPolicies: [~]}\n", "-: field spec.volumeClaimPolicies[0]: a list item must not be null").SetName("null list item");
        yield return new TestCaseData("", "-: no object found; expected a JobSet").SetName("empty input");
    }
}
