using JobSet.Kubernetes.Embedded.Http;

namespace JobSet.Tests.Embedded.Api;

/// <summary>Ages in server-side tables read as the API server prints them (k8s.io/apimachinery duration.HumanDuration).</summary>
public sealed class TableAgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [TestCase(0, "0s")]
    [TestCase(59, "59s")]
    [TestCase(119, "119s")]
    [TestCase(120, "2m")]
    [TestCase(185, "3m5s")]
    [TestCase(600, "10m")]
    [TestCase(3 * 3600, "3h")]
    [TestCase(3 * 3600 + 120, "3h2m")]
    [TestCase(9 * 3600, "9h")]
    [TestCase(50 * 3600, "2d2h")]
    [TestCase(10 * 86400, "10d")]
    [TestCase(800 * 86400, "2y70d")]
    public void Ages(int secondsAgo, string expected)
    {
        var created = Now.AddSeconds(-secondsAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(TableWriter.Age(created, Now), Is.EqualTo(expected));
    }

    [Test]
    public void A_timestamp_in_the_future_is_invalid() =>
        Assert.That(TableWriter.Age("2026-06-01T00:00:05Z", Now), Is.EqualTo("<invalid>"));
}
