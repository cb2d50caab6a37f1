using JobSet.Core.Api;
using JobSet.Core.Planning;
using k8s.Models;

namespace JobSet.Tests.Planning;

/// <summary>The plan document's fields for each outcome: requeue rounding, the error, delete identities.</summary>
public class ReconcilePlanDocumentTests
{
    private static V1alpha2JobSet JobSet() => new()
    {
        ApiVersion = ApiGroup.ApiVersion,
        Kind = ApiGroup.JobSetKind,
        Metadata = new V1ObjectMeta { Name = "js", NamespaceProperty = "ns" },
        Spec = new V1alpha2JobSetSpec(),
        Status = new V1alpha2JobSetStatus(),
    };

    private static ReconcilePlan Plan(ReconcileOutcome outcome = ReconcileOutcome.Planned, string? reason = null, TimeSpan? requeue = null, params PlanAction[] actions) =>
        new(JobSet(), outcome, reason, false, actions, [], requeue);

    [TestCase(10.0, 10L)]
    [TestCase(10.001, 11L)]
    [TestCase(0.2, 1L)]
    [TestCase(0.0, 0L)]
    public void A_requeue_is_in_whole_seconds_rounded_up(double seconds, long written)
    {
        var node = ReconcilePlanDocument.ToNode(Plan(requeue: TimeSpan.FromSeconds(seconds)));

        Assert.That((long)node["requeueAfterSeconds"]!, Is.EqualTo(written));
    }

    [Test]
    public void Only_a_failed_plan_has_an_error_and_only_a_skipped_one_a_skip_reason()
    {
        var failed = ReconcilePlanDocument.ToNode(Plan(ReconcileOutcome.Failed, "boom"));
        var skipped = ReconcilePlanDocument.ToNode(Plan(ReconcileOutcome.Skipped, SkipReason.Deleting));
        var planned = ReconcilePlanDocument.ToNode(Plan());

        Assert.Multiple(() =>
        {
            Assert.That(((string?)failed["error"], (string?)failed["skipped"]), Is.EqualTo(("boom", "")));
            Assert.That((skipped.ContainsKey("error"), (string?)skipped["skipped"]), Is.EqualTo((false, SkipReason.Deleting)));
            Assert.That((planned.ContainsKey("error"), (string?)planned["skipped"], planned.ContainsKey("requeueAfterSeconds")), Is.EqualTo((false, "", false)));
            Assert.That((string?)planned["kind"], Is.EqualTo("ReconcilePlan"));
            Assert.That(planned["jobSet"]!.ToJsonString(), Is.EqualTo("{\"namespace\":\"ns\",\"name\":\"js\"}"));
        });
    }

    [Test]
    public void A_delete_is_written_as_the_objects_identity_with_its_uid_when_it_has_one()
    {
        var withUid = new V1Job { ApiVersion = "batch/v1", Kind = "Job", Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns", Uid = "u", Labels = new Dictionary<string, string> { ["x"] = "y" } } };
        var withoutUid = new V1Job { ApiVersion = "batch/v1", Kind = "Job", Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = "ns" } };

        var actions = ReconcilePlanDocument.ToNode(Plan(actions: [new DeleteAction(withUid, "Foreground"), new DeleteAction(withoutUid, "Background")]))["actions"]!;

        Assert.That(actions.ToJsonString(), Is.EqualTo(
            "[{\"type\":\"Delete\",\"object\":{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"uid\":\"u\"}},\"propagationPolicy\":\"Foreground\"}," +
            "{\"type\":\"Delete\",\"object\":{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"b\",\"namespace\":\"ns\"}},\"propagationPolicy\":\"Background\"}]"));
    }

    [Test]
    public void The_status_write_is_listed_last_only_when_the_status_changed()
    {
        var create = new CreateAction(new V1Service { Metadata = new V1ObjectMeta { Name = "s" } });
        var changed = Plan(actions: [create]) with { StatusChanged = true };

        Assert.Multiple(() =>
        {
            Assert.That(ReconcilePlanDocument.Actions(changed).Select(a => a.Type), Is.EqualTo(new[] { PlanActionType.Create, PlanActionType.UpdateStatus }));
            Assert.That(ReconcilePlanDocument.Actions(changed)[1].Resource, Is.SameAs(changed.JobSet));
            Assert.That(ReconcilePlanDocument.Actions(Plan(actions: [create])).Select(a => a.Type), Is.EqualTo(new[] { PlanActionType.Create }));
        });
    }

    [Test]
    public void Every_action_case_has_its_name_and_object()
    {
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "j" } };
        PlanAction[] actions = [new CreateAction(job), new UpdateAction(job), new UpdateStatusAction(job), new DeleteAction(job, "Foreground")];

        Assert.Multiple(() =>
        {
            Assert.That(actions.Select(a => a.Type), Is.EqualTo(new[] { "Create", "Update", "UpdateStatus", "Delete" }));
            Assert.That(actions.Select(a => a.Resource), Is.All.SameAs(job));
        });
    }

    [Test]
    public void An_observed_state_keeps_jobs_services_and_claims_only()
    {
        var observed = ObservedState.From([new V1Job(), new V1Pod(), new V1Service(), new V1PersistentVolumeClaim(), new V1Node(), new V1Job()]);

        Assert.That((observed.Jobs.Count, observed.Services.Count, observed.Claims.Count), Is.EqualTo((2, 1, 1)));
    }
}
