using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// Calls the stored admission webhooks for one request as the API server's webhook admission
/// plugins do: the mutating ones one after another (each sees the previous one's JSON patch
/// applied), the validating ones all at once. A webhook is called when its rules cover the
/// request and its namespaceSelector and objectSelector select it. A refusal is the webhook's
/// Status (<c>admission webhook "NAME" denied the request: ...</c>); a failed call refuses with
/// 500 <c>Internal error occurred: failed calling webhook "NAME": ...</c> unless its failurePolicy
/// is Ignore. Never called under the store lock.
/// </summary>
internal sealed partial class WebhookDispatcher(WebhookConfigurations configurations, WebhookClient client, IClusterReader store, ILogger logger)
{
    private static readonly JsonObject UserInfo = new()
    {
        // The embedded cluster does not authenticate users: every request is the cluster admin's.
        ["username"] = "system:admin",
        ["groups"] = new JsonArray("system:masters", "system:authenticated"),
    };

    /// <summary>Whether any webhook's rules cover the operation; false means a write needs no webhook call at all.</summary>
    public bool Covers(string operation, ResourceType type, string subresource) =>
        type != ResourceType.MutatingWebhookConfigurations && type != ResourceType.ValidatingWebhookConfigurations &&
        configurations.AnyCovers(operation, type, subresource);

    /// <summary>Runs the mutating webhooks; returns the object with their patches applied (the request's object when none applies).</summary>
    public async Task<JsonObject?> MutateAsync(WebhookRequest request, IList<string>? warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var obj = request.Object;
        foreach (var webhook in configurations.Mutating)
        {
            var current = request with { Object = obj };
            if (!Applies(webhook, current))
            {
                continue;
            }

            JsonObject response;
            try
            {
                response = await CallAsync(webhook, current, cancellationToken).ConfigureAwait(false);
            }
            catch (WebhookCallException ex) when (webhook.IgnoresFailures)
            {
                LogIgnoredFailure(logger, webhook.Name, ex.Message);
                continue;
            }
            catch (WebhookCallException ex)
            {
                throw CallFailed(webhook, ex);
            }

            Collect(response, warnings);
            if (response["patch"] is JsonValue patch && obj is not null)
            {
                obj = ApplyPatch(webhook, obj, patch, response["patchType"]);
            }
        }

        return obj;
    }

    /// <summary>Runs the validating webhooks in parallel; throws the first refusal (in webhook order).</summary>
    public async Task ValidateAsync(WebhookRequest request, IList<string>? warnings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var webhooks = configurations.Validating.Where(w => Applies(w, request)).ToList();
        if (webhooks.Count == 0)
        {
            return;
        }

        var calls = webhooks.Select(async w =>
        {
            try
            {
                return (Webhook: w, Response: await CallAsync(w, request, cancellationToken).ConfigureAwait(false), Failure: (WebhookCallException?)null);
            }
            catch (WebhookCallException ex)
            {
                return (Webhook: w, Response: (JsonObject?)null, Failure: ex);
            }
        }).ToList();
        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        foreach (var (webhook, response, failure) in results)
        {
            if (failure is not null)
            {
                if (!webhook.IgnoresFailures)
                {
                    throw CallFailed(webhook, failure);
                }

                LogIgnoredFailure(logger, webhook.Name, failure.Message);
                continue;
            }

            Collect(response!, warnings);
        }
    }

    private bool Applies(RegisteredWebhook webhook, WebhookRequest request) =>
        WebhookRules.Cover(webhook.Rules, request.Operation, request.Resource, request.Subresource) &&
        NamespaceSelected(webhook.NamespaceSelector, request) &&
        ObjectSelected(webhook.ObjectSelector, request);

    private bool NamespaceSelected(V1LabelSelector? selector, WebhookRequest request)
    {
        if (IsEverything(selector))
        {
            return true;
        }

        if (request.Resource == ResourceType.Namespaces)
        {
            // A Namespace request is matched on the Namespace's own labels.
            return LabelMatching.Matches(selector, Labels(request.Object ?? request.OldObject));
        }

        if (!request.Resource.Namespaced || request.Namespace is null)
        {
            return true;
        }

        var ns = store.Get(ResourceType.Namespaces, null, request.Namespace);
        return LabelMatching.Matches(selector, ns is null ? new Dictionary<string, string>() : Labels(ns));
    }

    private static bool ObjectSelected(V1LabelSelector? selector, WebhookRequest request) =>
        IsEverything(selector) ||
        (request.Object is { } obj && LabelMatching.Matches(selector, Labels(obj))) ||
        (request.OldObject is { } old && LabelMatching.Matches(selector, Labels(old)));

    private static bool IsEverything(V1LabelSelector? selector) =>
        selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0);

    private static Dictionary<string, string> Labels(JsonObject? obj) =>
        obj is null ? [] : new Dictionary<string, string>(ObjectMeta.Labels(obj), StringComparer.Ordinal);

    private async Task<JsonObject> CallAsync(RegisteredWebhook webhook, WebhookRequest request, CancellationToken cancellationToken)
    {
        if (request.DryRun && webhook.SideEffects is not ("None" or "NoneOnDryRun"))
        {
            // Not a call failure: the API server refuses the dry-run request whatever the failurePolicy.
            throw StoreException.BadRequest($"admission webhook \"{webhook.Name}\" does not support dry run");
        }

        if (!webhook.AcceptsV1)
        {
            throw new WebhookCallException("webhook does not accept admission.k8s.io/v1 AdmissionReview (admissionReviewVersions)");
        }

        var uid = Guid.NewGuid().ToString();
        var response = await client.CallAsync(webhook, Review(uid, request), cancellationToken).ConfigureAwait(false);
        var answeredUid = response["uid"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : "";
        if (answeredUid != uid)
        {
            throw new WebhookCallException($"received invalid webhook response: expected response.uid=\"{uid}\", got \"{answeredUid}\"");
        }

        if (response["allowed"] is not JsonValue allowedNode || allowedNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new WebhookCallException("received invalid webhook response: response.allowed is not a boolean");
        }

        if (!allowedNode.GetValue<bool>())
        {
            throw Denied(webhook, response["status"] as JsonObject);
        }

        return response;
    }

    private static JsonObject Review(string uid, WebhookRequest request)
    {
        var type = request.Resource;
        var body = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
            ["resource"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural },
            ["requestKind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
            ["requestResource"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural },
        };
        if (request.Subresource.Length > 0)
        {
            body["subResource"] = request.Subresource;
            body["requestSubResource"] = request.Subresource;
        }

        body["name"] = request.Name;
        if (request.Namespace is { Length: > 0 } ns)
        {
            body["namespace"] = ns;
        }

        body["operation"] = request.Operation;
        body["userInfo"] = UserInfo.DeepClone();
        body["object"] = request.Object?.DeepClone();
        body["oldObject"] = request.OldObject?.DeepClone();
        body["dryRun"] = request.DryRun;
        body["options"] = new JsonObject { ["kind"] = request.OptionsKind, ["apiVersion"] = "meta.k8s.io/v1" };
        return new JsonObject
        {
            ["apiVersion"] = "admission.k8s.io/v1",
            ["kind"] = "AdmissionReview",
            ["request"] = body,
        };
    }

    private static JsonObject ApplyPatch(RegisteredWebhook webhook, JsonObject obj, JsonValue patch, JsonNode? patchType)
    {
        if (patchType is not JsonValue t || t.GetValueKind() != JsonValueKind.String || t.GetValue<string>() != "JSONPatch")
        {
            throw Internal($"failed calling webhook \"{webhook.Name}\": received invalid webhook response: patchType must be JSONPatch");
        }

        JsonNode? operations;
        try
        {
            operations = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch.GetValue<string>())));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            throw Internal($"failed calling webhook \"{webhook.Name}\": received invalid webhook response: the patch is not base64-encoded JSON: {ex.Message}");
        }

        try
        {
            return JsonPatch.Apply(obj.DeepClone(), operations ?? new JsonArray()) as JsonObject
                ?? throw Internal($"admission webhook \"{webhook.Name}\" returned a patch that does not produce an object");
        }
        catch (StoreException ex) when (ex.Code != 500)
        {
            // The API server reports a patch it cannot apply as an internal error, not the client's fault.
            throw Internal(ex.Message);
        }
    }

    private static void Collect(JsonObject response, IList<string>? warnings)
    {
        if (warnings is null || response["warnings"] is not JsonArray list)
        {
            return;
        }

        foreach (var warning in list)
        {
            if (warning is JsonValue w && w.GetValueKind() == JsonValueKind.String)
            {
                warnings.Add(w.GetValue<string>());
            }
        }
    }

    /// <summary>The webhook's refusal as the API server returns it (code at least 400, message prefixed with who denied it).</summary>
    private static StoreException Denied(RegisteredWebhook webhook, JsonObject? status)
    {
        var code = status?["code"] is JsonValue c && c.TryGetValue<int>(out var n) && n >= 400 ? n : 400;
        var reason = status?["reason"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>() : "";
        var message = status?["message"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : "";
        var deniedBy = $"admission webhook \"{webhook.Name}\" denied the request";
        var text = message.Length > 0 ? $"{deniedBy}: {message}" : reason.Length > 0 ? $"{deniedBy}: {reason}" : $"{deniedBy} without explanation";
        return new StoreException(code, reason, text);
    }

    private static StoreException CallFailed(RegisteredWebhook webhook, WebhookCallException ex) =>
        Internal($"failed calling webhook \"{webhook.Name}\": {ex.Message}");

    // 500 InternalError is what kube-apiserver answers for a failed webhook call with failurePolicy Fail.
    private static StoreException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    [LoggerMessage(Level = LogLevel.Warning, Message = "failed calling webhook \"{Name}\", ignored (failurePolicy Ignore): {Reason}")]
    private static partial void LogIgnoredFailure(ILogger logger, string name, string reason);
}
