using System.Text.Json;
using JobSet.Kubernetes.Manifests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace JobSet.Kubernetes.Webhooks;

/// <summary>
/// The webhook server's HTTP surface: POST an AdmissionReview to upstream's paths
/// (<c>/mutate-jobset-x-k8s-io-v1alpha2-jobset</c>, <c>/validate-jobset-x-k8s-io-v1alpha2-jobset</c>,
/// <c>/mutate--v1-pod</c>, <c>/validate--v1-pod</c>), get the AdmissionReview back with its response.
/// A body that is not an AdmissionReview is 400 with one line; a body over <see cref="MaxBodyBytes"/> is 413.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The largest review accepted: an object and its old version at the API server's 3 MiB request limit each.</summary>
    public const long MaxBodyBytes = 7 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Maps the four webhook paths to <paramref name="webhooks"/>.</summary>
    public static IEndpointRouteBuilder MapJobSetWebhooks(this IEndpointRouteBuilder endpoints, JobSetWebhooks webhooks)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(webhooks);
        endpoints.MapPost(InstallNames.MutateJobSetPath, (HttpContext c) => HandleAsync(c, webhooks.MutateJobSetAsync));
        endpoints.MapPost(InstallNames.ValidateJobSetPath, (HttpContext c) => HandleAsync(c, webhooks.ValidateJobSetAsync));
        endpoints.MapPost(InstallNames.MutatePodPath, (HttpContext c) => HandleAsync(c, webhooks.MutatePodAsync));
        endpoints.MapPost(InstallNames.ValidatePodPath, (HttpContext c) => HandleAsync(c, webhooks.ValidatePodAsync));
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, Func<AdmissionReviewRequest, CancellationToken, Task<AdmissionReviewResponse>> handler)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await PlainAsync(context, 413, $"the AdmissionReview is larger than {MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        AdmissionReview? review;
        try
        {
            using var body = new MemoryStream();
            await CopyLimitedAsync(context.Request.Body, body, context.RequestAborted).ConfigureAwait(false);
            body.Position = 0;
            review = await JsonSerializer.DeserializeAsync<AdmissionReview>(body, Json, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await PlainAsync(context, 400, $"the body is not an AdmissionReview: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException ex)
        {
            await PlainAsync(context, 413, ex.Message).ConfigureAwait(false);
            return;
        }

        if (review?.Request is not { } request || review.ApiVersion != "admission.k8s.io/v1" || review.Kind != "AdmissionReview")
        {
            await PlainAsync(context, 400, "the body is not an admission.k8s.io/v1 AdmissionReview with a request").ConfigureAwait(false);
            return;
        }

        var response = await handler(request, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new AdmissionReview { Response = response }, Json, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task CopyLimitedAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > MaxBodyBytes)
            {
                throw new InvalidDataException($"the AdmissionReview is larger than {MaxBodyBytes} bytes");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task PlainAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
