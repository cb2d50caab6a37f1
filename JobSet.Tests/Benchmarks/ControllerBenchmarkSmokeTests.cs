using JobSet.Benchmarks.Controller;

namespace JobSet.Tests.Benchmarks;

/// <summary>
/// Runs every controller benchmark body once at a small N, with its setups and cleanups as
/// BenchmarkDotNet runs them (<see cref="RunOnce"/>), and checks what it did: the Jobs exist, the
/// failure was recovered, the requests were counted, the cache was measured. No timing here.
/// </summary>
[NonParallelizable]
public class ControllerBenchmarkSmokeTests
{
    private const int N = 8;

    [Test]
    public void End_to_end_baseline_creates_deletes_and_recreates_n_jobs()
    {
        var result = (EndToEndResult)RunOnce.Run(typeof(EndToEndBenchmarks), nameof(EndToEndBenchmarks.DirectToStore), N).Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(result.FirstAttemptJobs, Is.Zero, "every Job of attempt 0 deleted");
            Assert.That(result.Deleted, Is.EqualTo(N));
            Assert.That(result.SecondAttemptJobs, Is.EqualTo(N));
            Assert.That(result.Requests, Is.Empty, "the baseline sends no requests");
        });
    }

    [Test]
    public void End_to_end_controller_creates_n_jobs_then_recovers_from_a_failure_with_the_least_requests()
    {
        var result = (EndToEndResult)RunOnce.Run(typeof(EndToEndBenchmarks), nameof(EndToEndBenchmarks.Controller), N).Single()!;

        Assert.Multiple(() =>
        {
            Assert.That(result.FirstAttemptJobs, Is.Zero, "every Job of attempt 0 deleted");
            Assert.That(result.Deleted, Is.EqualTo(N));
            Assert.That(result.SecondAttemptJobs, Is.EqualTo(N));
            Assert.That(result.Requests, Does.Contain($"POST jobs: {2 * N}").And.Contain($"DELETE jobs: {N}").And.Contain("POST services: 1"));
        });
    }

    [Test]
    public void Over_http_baseline_and_controller_create_the_same_n_jobs_and_requests_are_counted()
    {
        var baseline = RunOnce.Run(typeof(OverHttpBenchmarks), nameof(OverHttpBenchmarks.ClientCreates), N).Single();
        var before = ControllerFigures.Recorded.Count;
        var controller = RunOnce.Run(typeof(OverHttpBenchmarks), nameof(OverHttpBenchmarks.Controller), N).Single();

        var requests = ControllerFigures.Recorded.Skip(before).Single(f => f.Suite == OverHttpBenchmarks.Suite);
        Assert.Multiple(() =>
        {
            Assert.That(baseline, Is.EqualTo(N));
            Assert.That(controller, Is.EqualTo(N));
            Assert.That(requests.N, Is.EqualTo(N));

            // N Job creates, the Service and the status write at least; a few more status writes or events at most.
            Assert.That(requests.Value * (N + 2), Is.InRange(N + 2, N + 6));
        });
    }

    [Test]
    public void Many_jobsets_creates_four_jobs_per_jobset_and_counts_reconciles()
    {
        const int jobSets = 5;
        var before = ControllerFigures.Recorded.Count;
        var result = (ManyJobSetsResult)RunOnce.Run(typeof(ManyJobSetsBenchmarks), nameof(ManyJobSetsBenchmarks.CreateManyJobSets), jobSets).Single()!;

        var figures = ControllerFigures.Recorded.Skip(before).Where(f => f.Suite == ManyJobSetsBenchmarks.Suite).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Jobs, Is.EqualTo(4 * jobSets));
            Assert.That(result.StatusWrites, Is.EqualTo(jobSets));
            Assert.That(result.Reconciles, Is.GreaterThanOrEqualTo(jobSets), "at least one reconcile per JobSet");
            Assert.That(result.Cpu, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(figures.Select(f => f.Name), Is.EquivalentTo(new[] { "reconciles per second", "CPU per reconcile (whole process)", "mean reconcile time", "reconciles per JobSet" }));
        });
    }

    [Test]
    public void Cache_suite_syncs_every_job_and_measures_its_bytes()
    {
        var before = ControllerFigures.Recorded.Count;
        var cached = RunOnce.Run(typeof(CacheBenchmarks), nameof(CacheBenchmarks.StartAndSync), N).Single();

        var bytes = ControllerFigures.Recorded.Skip(before).Single(f => f.Name == "cache bytes per Job (serialized)");
        Assert.Multiple(() =>
        {
            Assert.That(cached, Is.EqualTo(N));

            // A Job of the suite is a few KB of JSON; the JobSet and Service are shared by the N Jobs.
            Assert.That(bytes.Value, Is.InRange(500, 20_000));
        });
    }
}
