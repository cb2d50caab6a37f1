using k8s;
using k8s.Models;
using OneOf;

namespace JobSet.Core.Planning;

/// <summary>Create this object.</summary>
/// <param name="Resource">The full object to create (a Job, the headless Service, a PersistentVolumeClaim).</param>
public sealed record CreateAction(IKubernetesObject<V1ObjectMeta> Resource);

/// <summary>Change this object: <see cref="Changes"/> says which fields; <see cref="Resource"/> is the whole object as planned.</summary>
/// <param name="Resource">The full object as it should be stored (as the plan document shows it).</param>
public sealed record UpdateAction(IKubernetesObject<V1ObjectMeta> Resource)
{
    /// <summary>The fields the update changes, which a controller sends as a patch; null for a whole-object update.</summary>
    public JobChanges? Changes { get; init; }
}

/// <summary>Write the status subresource of this object.</summary>
/// <param name="Resource">The full object carrying the new status (the JobSet itself, or a Job whose startTime is cleared).</param>
public sealed record UpdateStatusAction(IKubernetesObject<V1ObjectMeta> Resource);

/// <summary>Delete this object.</summary>
/// <param name="Resource">The object as observed; its namespace, name and UID identify it.</param>
/// <param name="PropagationPolicy">The deletion propagation policy (upstream always uses <c>Foreground</c>).</param>
public sealed record DeleteAction(IKubernetesObject<V1ObjectMeta> Resource, string PropagationPolicy);

/// <summary>Names of the plan action cases, as written in the plan document.</summary>
public static class PlanActionType
{
    /// <summary><see cref="CreateAction"/>.</summary>
    public const string Create = "Create";

    /// <summary><see cref="UpdateAction"/>.</summary>
    public const string Update = "Update";

    /// <summary><see cref="UpdateStatusAction"/>.</summary>
    public const string UpdateStatus = "UpdateStatus";

    /// <summary><see cref="DeleteAction"/>.</summary>
    public const string Delete = "Delete";
}

/// <summary>One step of a reconcile plan: a closed set of four cases.</summary>
public sealed class PlanAction : OneOfBase<CreateAction, UpdateAction, UpdateStatusAction, DeleteAction>
{
    private PlanAction(OneOf<CreateAction, UpdateAction, UpdateStatusAction, DeleteAction> value)
        : base(value)
    {
    }

    /// <summary>Wraps a create.</summary>
    public static implicit operator PlanAction(CreateAction value) => new(value);

    /// <summary>Wraps an update.</summary>
    public static implicit operator PlanAction(UpdateAction value) => new(value);

    /// <summary>Wraps a status write.</summary>
    public static implicit operator PlanAction(UpdateStatusAction value) => new(value);

    /// <summary>Wraps a delete.</summary>
    public static implicit operator PlanAction(DeleteAction value) => new(value);

    /// <summary>The case's name: one of <see cref="PlanActionType"/>.</summary>
    public string Type => Match(
        _ => PlanActionType.Create,
        _ => PlanActionType.Update,
        _ => PlanActionType.UpdateStatus,
        _ => PlanActionType.Delete);

    /// <summary>The object the action carries, whatever the case.</summary>
    public IKubernetesObject<V1ObjectMeta> Resource => Match(c => c.Resource, u => u.Resource, s => s.Resource, d => d.Resource);
}
