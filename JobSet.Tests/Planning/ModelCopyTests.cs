using JobSet.Core.Planning;
using JobSet.Core.Serialization;
using k8s;
using k8s.Models;
using JobSet.Core.Api;

namespace JobSet.Tests.Planning;

/// <summary>The fast deep copy used for templates must equal a wire-format round trip and share nothing mutable.</summary>
public class ModelCopyTests
{
    private const string RichJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: rich
          namespace: ns
          labels: {a: "1", b: "2"}
          annotations: {c: "3"}
          ownerReferences:
          - {apiVersion: jobset.x-k8s.io/v1alpha2, kind: JobSet, name: js, uid: u, controller: true}
        spec:
          parallelism: 3
          completions: 3
          backoffLimit: 2
          completionMode: Indexed
          podFailurePolicy:
            rules:
            - action: FailJob
              onExitCodes: {operator: In, values: [1, 2]}
          template:
            metadata:
              labels: {app: x}
            spec:
              restartPolicy: OnFailure
              nodeSelector: {pool: a}
              tolerations:
              - {key: k, operator: Exists, effect: NoSchedule}
              schedulingGates:
              - {name: kueue.x-k8s.io/topology}
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector:
                      matchExpressions:
                      - {key: job, operator: NotIn, values: [a, b]}
              volumes:
              - name: cfg
                configMap: {name: cm, items: [{key: k, path: p}]}
              containers:
              - name: main
                image: busybox
                command: [sh, -c, "echo hi"]
                ports: [{containerPort: 8080, name: http}]
                env:
                - {name: A, value: "1"}
                - name: B
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                resources:
                  limits: {cpu: "2", memory: 1Gi}
                readinessProbe:
                  httpGet: {path: /, port: http}
                volumeMounts: [{name: cfg, mountPath: /cfg}]
        status:
          startTime: "2026-01-01T00:00:00Z"
          conditions:
          - {type: Failed, status: "True", reason: R, message: M, lastTransitionTime: "2026-01-01T00:00:00Z"}
        """;

    private static V1Job Job() => (V1Job)ManifestReader.ToTyped(ManifestReader.ReadObjects(RichJob, "rich.yaml")[0], "rich.yaml")!;

    [Test]
    public void Copy_serializes_exactly_as_the_original()
    {
        var job = Job();

        var copy = ModelCopy.Of(job)!;

        Assert.That(KubernetesJson.Serialize(copy), Is.EqualTo(KubernetesJson.Serialize(job)));
    }

    [Test]
    public void Changing_the_copy_leaves_the_original_alone()
    {
        var job = Job();
        var before = KubernetesJson.Serialize(job);

        var copy = ModelCopy.Of(job)!;
        copy.Metadata.Labels["a"] = "changed";
        copy.Spec.Template.Spec.Containers[0].Env.Add(new V1EnvVar { Name = "C" });
        copy.Spec.Template.Spec.Containers[0].Env[1].ValueFrom.FieldRef.FieldPath = "changed";
        copy.Spec.Template.Spec.Tolerations[0].Key = "changed";
        copy.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].LabelSelector.MatchExpressions[0].Values.Add("c");
        copy.Status.Conditions[0].Reason = "changed";

        Assert.That(KubernetesJson.Serialize(job), Is.EqualTo(before));
    }

    [Test]
    public void Copy_of_a_jobset_serializes_exactly_as_the_original()
    {
        var jobSet = Cluster.Read(Manifests.LeaderWorkersWith("""
            failurePolicy:
              maxRestarts: 2
              rules:
              - {action: RestartJob, onJobFailureReasons: [a], targetReplicatedJobs: [workers]}
            volumeClaimPolicies:
            - templates:
              - metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
            coordinator: {replicatedJob: leader}
            ttlSecondsAfterFinished: 30
            """));
        jobSet.Status = new V1alpha2JobSetStatus
        {
            Restarts = 2,
            Conditions = [new V1Condition { Type = "Suspended", Status = "False", Reason = "r", Message = "m", LastTransitionTime = DateTime.UnixEpoch }],
            ReplicatedJobsStatus = [new V1alpha2ReplicatedJobStatus { Name = "workers", Ready = 1, JobRestarts = [1, 2] }],
        };

        var copy = ModelCopy.Of(jobSet)!;
        copy.Status!.ReplicatedJobsStatus![0].JobRestarts![0] = 9;

        Assert.Multiple(() =>
        {
            Assert.That(jobSet.Status.ReplicatedJobsStatus[0].JobRestarts![0], Is.EqualTo(1));
            copy.Status.ReplicatedJobsStatus[0].JobRestarts![0] = 1;
            Assert.That(KubernetesJson.Serialize(copy), Is.EqualTo(KubernetesJson.Serialize(jobSet)));
        });
    }

    [Test]
    public void Null_stays_null() => Assert.That(ModelCopy.Of<V1Job>(null), Is.Null);
}
