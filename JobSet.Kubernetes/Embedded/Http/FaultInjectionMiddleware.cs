using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Injects the faults of <see cref="FaultInjectionOptions"/> in front of the API handler: refused
/// requests (500, 429 with Retry-After, 409 on status writes) are answered with a Status before the
/// handler runs, so nothing is stored; watches are expired (an ERROR event with a 410 Status, as the
/// watch cache answers) or ended early by cancelling the request token the watch streamer follows,
/// so the client sees a cleanly closed stream.
/// </summary>
internal static class FaultInjectionMiddleware
{
    public static IApplicationBuilder UseFaultInjection(this IApplicationBuilder app, FaultInjectionOptions? faults) =>
        faults is null ? app : app.Use(next => context => InvokeAsync(context, next, faults));

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next, FaultInjectionOptions faults)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!IsResourcePath(segments) || (faults.PathPrefix is { } prefix && !path.StartsWith(prefix, StringComparison.Ordinal)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var query = context.Request.Query;
        var watching = segments.Contains("watch") || string.Equals(query["watch"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase) || query["watch"].FirstOrDefault() == "1";
        if (!watching)
        {
            if (faults.Roll(faults.ServerErrorRate))
            {
                faults.CountServerError();
                await KubeApiHandler.WriteAsync(context, 500, StatusBody.Failure(500, "InternalError", "an error on the server (\"injected fault\") has prevented the request from succeeding")).ConfigureAwait(false);
                return;
            }

            if (faults.Roll(faults.TooManyRequestsRate))
            {
                faults.CountTooManyRequests();
                var seconds = Math.Max(1, faults.RetryAfterSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var status = StatusBody.Failure(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later (injected fault)");
                status["details"] = new JsonObject { ["retryAfterSeconds"] = seconds };
                await KubeApiHandler.WriteAsync(context, 429, status).ConfigureAwait(false);
                return;
            }

            if (IsStatusWrite(context.Request.Method, segments, faults.StatusConflictResource) && faults.Roll(faults.StatusConflictRate))
            {
                faults.CountConflict();
                var resource = segments[^3];
                var name = segments[^2];
                await KubeApiHandler.WriteAsync(context, 409, StatusBody.Failure(409, "Conflict", $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again (injected fault)")).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        if (query["resourceVersion"].FirstOrDefault() is { Length: > 0 } rv && rv != "0" && faults.TakeExpiry(rv))
        {
            faults.CountExpiredWatch();
            await WriteExpiredAsync(context, rv).ConfigureAwait(false);
            return;
        }

        var closeAfterEvents = faults.CloseWatchAfterEvents;
        var closeAfter = faults.CloseWatchAfter;
        if (closeAfterEvents is null && closeAfter is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using var close = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (closeAfter is { } period)
        {
            close.CancelAfter(period);
        }

        var original = context.RequestAborted;
        var body = context.Response.Body;
        context.RequestAborted = close.Token;
        if (closeAfterEvents is { } limit)
        {
            context.Response.Body = new LineCountingStream(body, Math.Max(1, limit), close);
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = body;
            context.RequestAborted = original;
            if (close.IsCancellationRequested && !original.IsCancellationRequested)
            {
                faults.CountClosedWatch();
            }
        }
    }

    /// <summary>Whether a path names resources (<c>/api/v1/...</c> or <c>/apis/G/V/...</c>), not discovery, health or OpenAPI.</summary>
    private static bool IsResourcePath(string[] segments) => segments switch
    {
        ["api", _, _, ..] => true,
        ["apis", _, _, _, ..] => true,
        _ => false,
    };

    private static bool IsStatusWrite(string method, string[] segments, string? resource) =>
        (HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)) &&
        segments.Length >= 3 && segments[^1] == "status" &&
        (resource is null || segments[^3] == resource);

    private static async Task WriteExpiredAsync(HttpContext context, string rv)
    {
        var status = StatusBody.Failure(410, "Expired", $"too old resource version: {rv} (injected fault)");
        var line = new JsonObject { ["type"] = "ERROR", ["object"] = status };
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(line.ToJsonString(JsonOutput.Serializer) + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Passes writes through and cancels the watch once enough newline-terminated events went out.</summary>
    private sealed class LineCountingStream(Stream inner, int limit, CancellationTokenSource close) : Stream
    {
        private int lines;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            lines += buffer.Span.Count((byte)'\n');
            if (lines >= limit && !close.IsCancellationRequested)
            {
                // Send what was written, then end the stream: the streamer sees its token cancelled.
                await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
                await close.CancelAsync().ConfigureAwait(false);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
