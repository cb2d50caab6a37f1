using System.Text.Json;
using JobSet.Kubernetes.Embedded.Store;
using k8s;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// The webhooks of the stored Mutating/ValidatingWebhookConfigurations, read once and kept
/// until one of those objects changes (the store's change feed drops the copy), so a write that
/// no webhook covers costs a rule check, not a list.
/// </summary>
internal sealed class WebhookConfigurations : IDisposable
{
    private readonly InMemoryClusterStore store;
    private readonly IDisposable subscription;
    private readonly Lock gate = new();
    private Snapshot? current;
    private long changes;

    /// <summary>Follows the store's webhook configurations.</summary>
    public WebhookConfigurations(InMemoryClusterStore store)
    {
        this.store = store;
        subscription = store.Subscribe(e =>
        {
            if (e.Resource == ResourceType.MutatingWebhookConfigurations || e.Resource == ResourceType.ValidatingWebhookConfigurations)
            {
                lock (gate)
                {
                    current = null;
                    changes++;
                }
            }
        });
    }

    /// <summary>The mutating webhooks, in the order the API server calls them (configuration name, then list order).</summary>
    public IReadOnlyList<RegisteredWebhook> Mutating => Current().Mutating;

    /// <summary>The validating webhooks, in the same order.</summary>
    public IReadOnlyList<RegisteredWebhook> Validating => Current().Validating;

    /// <summary>Whether any webhook's rules cover the operation on the resource and subresource.</summary>
    public bool AnyCovers(string operation, ResourceType type, string subresource)
    {
        var snapshot = Current();
        return snapshot.Mutating.Any(w => WebhookRules.Cover(w.Rules, operation, type, subresource)) ||
               snapshot.Validating.Any(w => WebhookRules.Cover(w.Rules, operation, type, subresource));
    }

    /// <inheritdoc />
    public void Dispose() => subscription.Dispose();

    private Snapshot Current()
    {
        long seen;
        lock (gate)
        {
            if (current is { } kept)
            {
                return kept;
            }

            seen = changes;
        }

        var mutating = new List<RegisteredWebhook>();
        foreach (var obj in store.List(ResourceType.MutatingWebhookConfigurations, null).OrderBy(o => ObjectMeta.Name(o), StringComparer.Ordinal))
        {
            if (Read<V1MutatingWebhookConfiguration>(obj) is { } config)
            {
                mutating.AddRange((config.Webhooks ?? []).Select(w => RegisteredWebhook.From(config.Metadata.Name, w)));
            }
        }

        var validating = new List<RegisteredWebhook>();
        foreach (var obj in store.List(ResourceType.ValidatingWebhookConfigurations, null).OrderBy(o => ObjectMeta.Name(o), StringComparer.Ordinal))
        {
            if (Read<V1ValidatingWebhookConfiguration>(obj) is { } config)
            {
                validating.AddRange((config.Webhooks ?? []).Select(w => RegisteredWebhook.From(config.Metadata.Name, w)));
            }
        }

        var snapshot = new Snapshot(mutating, validating);
        lock (gate)
        {
            // A change that landed while reading makes this copy stale: use it once, keep nothing.
            if (changes == seen)
            {
                current = snapshot;
            }
        }

        return snapshot;
    }

    private static T? Read<T>(System.Text.Json.Nodes.JsonObject obj)
        where T : class
    {
        try
        {
            return KubernetesJson.Deserialize<T>(obj.ToJsonString());
        }
        catch (JsonException)
        {
            // Stored through the typed decoder, so this does not happen; a configuration that cannot be read calls nothing.
            return null;
        }
    }

    private sealed record Snapshot(IReadOnlyList<RegisteredWebhook> Mutating, IReadOnlyList<RegisteredWebhook> Validating);
}
