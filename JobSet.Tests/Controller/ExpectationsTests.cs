using JobSet.Core.Api;
using JobSet.Kubernetes.Controller;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace JobSet.Tests.Controller;

public class ExpectationsTests
{
    private static readonly JobSetKey Key = new("default", "big");

    [Test]
    public void A_long_apply_does_not_expire_its_own_expectations()
    {
        // 15,000 creates can take longer than the timeout: counted from the first create, the
        // next reconcile would plan from a cache still catching up and create the Jobs again.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var expectations = new Expectations(time);
        var cache = new EmptyCache();
        expectations.ExpectCreated(Key, "big-w-0");
        time.Advance(Expectations.Timeout + TimeSpan.FromSeconds(14));
        expectations.ExpectCreated(Key, "big-w-14999");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(expectations.Unsatisfied(Key, cache), Is.EqualTo(Expectations.Timeout - TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void An_expectation_expires_a_timeout_after_the_latest_write()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var expectations = new Expectations(time);
        var cache = new EmptyCache();
        expectations.ExpectCreated(Key, "big-w-0");
        time.Advance(TimeSpan.FromSeconds(10));
        expectations.ExpectCreated(Key, "big-w-1");
        time.Advance(Expectations.Timeout);

        Assert.That(expectations.Unsatisfied(Key, cache), Is.Null);
    }

    private sealed class EmptyCache : IControllerCache
    {
        public V1alpha2JobSet? JobSet(JobSetKey key) => null;

        public IReadOnlyList<V1Job> JobsOwnedBy(string uid) => [];

        public V1Job? Job(string ns, string name) => null;

        public V1Service? Service(string ns, string name) => null;

        public IReadOnlyList<V1PersistentVolumeClaim> ClaimsOf(JobSetKey key) => [];
    }
}
