using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Http;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Embedded.Api;

/// <summary>The server-side table columns and cells of both Event kinds, which read differently named fields.</summary>
public sealed class EventTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<TestCaseData> Events()
    {
        yield return new TestCaseData("v1", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "e1", ["creationTimestamp"] = "2026-05-31T23:00:00Z" },
            ["lastTimestamp"] = "2026-05-31T23:59:00Z",
            ["type"] = "Warning",
            ["reason"] = "BackoffLimitExceeded",
            ["involvedObject"] = new JsonObject { ["kind"] = "Job", ["name"] = "js-w-0" },
            ["message"] = "Job has reached the specified backoff limit",
        }).SetName("core/v1 Event");
        yield return new TestCaseData("events.k8s.io/v1", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "e1", ["creationTimestamp"] = "2026-05-31T23:00:00Z" },
            ["deprecatedLastTimestamp"] = "2026-05-31T23:59:00Z",
            ["type"] = "Warning",
            ["reason"] = "BackoffLimitExceeded",
            ["regarding"] = new JsonObject { ["kind"] = "Job", ["name"] = "js-w-0" },
            ["note"] = "Job has reached the specified backoff limit",
        }).SetName("events.k8s.io/v1 Event");
    }

    [TestCaseSource(nameof(Events))]
    public void Columns_and_cells(string apiVersion, JsonObject evt)
    {
        var type = EventsOf(apiVersion);
        var table = TableWriter.Build(type, [evt], [], includeColumns: true, new FakeTimeProvider(Now));

        var columns = table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        var cells = table["rows"]![0]!["cells"]!.AsArray().Select(c => c!.GetValue<string>());
        Assert.Multiple(() =>
        {
            Assert.That(columns, Is.EqualTo(new[] { "Last Seen", "Type", "Reason", "Object", "Message" }));
            Assert.That(cells, Is.EqualTo(new[] { "60s", "Warning", "BackoffLimitExceeded", "job/js-w-0", "Job has reached the specified backoff limit" }));
        });
    }

    [TestCaseSource(nameof(Events))]
    public void Last_seen_falls_back_to_the_creation_time(string apiVersion, JsonObject evt)
    {
        var type = EventsOf(apiVersion);
        evt.Remove("lastTimestamp");
        evt.Remove("deprecatedLastTimestamp");

        var table = TableWriter.Build(type, [evt], [], includeColumns: false, new FakeTimeProvider(Now));

        Assert.That(table["rows"]![0]!["cells"]![0]!.GetValue<string>(), Is.EqualTo("60m"));
    }

    private static ResourceType EventsOf(string apiVersion) => apiVersion == "v1" ? ResourceType.Events : ResourceType.EventsV1;
}
