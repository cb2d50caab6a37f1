using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Store;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>Builds meta/v1 Status bodies, as the API server returns for errors.</summary>
internal static class StatusBody
{
    public static JsonObject Failure(int code, string reason, string message, StoreErrorDetails? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            var d = new JsonObject { ["name"] = details.Name };
            if (details.Group.Length > 0)
            {
                d["group"] = details.Group;
            }

            d["kind"] = details.Kind;
            if (details.Causes.Count > 0)
            {
                d["causes"] = new JsonArray([.. details.Causes.Select(c => (JsonNode?)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                })]);
            }

            status["details"] = d;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject From(StoreException ex) => Failure(ex.Code, ex.Reason, ex.Message, ex.Details);

    public static JsonObject Success() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
    };
}
