using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JobSet.Kubernetes.Embedded.Http;
using JobSet.Kubernetes.Embedded.Store;
using k8s.Models;

namespace JobSet.Kubernetes.Embedded.Admission.Webhooks;

/// <summary>
/// Posts AdmissionReviews to webhooks over HTTPS as the API server does: to
/// <c>clientConfig.url</c>, or to <c>https://SERVICE.NAMESPACE.svc:PORT/PATH</c> connected to
/// the Service's endpoint, verifying the server's certificate for that name against
/// <c>caBundle</c> (the system roots when it is empty), with <c>?timeout=</c> and the webhook's timeout.
/// </summary>
internal sealed class WebhookClient(IClusterReader store) : IDisposable
{
    /// <summary>The largest response read: a patched object at the API's 3 MiB limit, base64-encoded, and its envelope.</summary>
    internal const int MaxResponseBytes = 6 * 1024 * 1024;

    private static readonly HttpRequestOptionsKey<IPEndPoint> EndpointKey = new("jobset.webhook.endpoint");

    private readonly ConcurrentDictionary<string, HttpClient> clients = new(StringComparer.Ordinal);

    /// <summary>Sends the review and returns the AdmissionReview's <c>response</c>; a <see cref="WebhookCallException"/> when there is none.</summary>
    public async Task<JsonObject> CallAsync(RegisteredWebhook webhook, JsonObject review, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(review);
        var address = Address(webhook.ClientConfig);
        var timeoutText = ((int)webhook.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        var text = address + (address.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "timeout=" + timeoutText;
        var uri = new Uri(text);

        // Quoted as Go prints the URL (with :443), which is what kube-apiserver's messages show.
        var post = $"Post \"{text}\"";
        IPEndPoint endpoint;
        try
        {
            endpoint = Endpoint(webhook.ClientConfig, uri);
        }
        catch (WebhookCallException ex)
        {
            // As the API server's dialer reports a Service it cannot route to.
            throw new WebhookCallException($"failed to call webhook: {post}: {ex.Message}", ex);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Options.Set(EndpointKey, endpoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhook.Timeout);
        try
        {
            using var response = await Client(webhook.ClientConfig.CaBundle).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new WebhookCallException($"failed to call webhook: {post}: the server responded with HTTP {(int)response.StatusCode}: {Shorten(body)}");
            }

            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(body);
            }
            catch (JsonException ex)
            {
                throw new WebhookCallException($"received invalid webhook response: {ex.Message}", ex);
            }

            if (parsed is not JsonObject answer || answer["apiVersion"]?.GetValueKind() != JsonValueKind.String ||
                answer["apiVersion"]!.GetValue<string>() != "admission.k8s.io/v1" || answer["kind"]?.GetValueKind() != JsonValueKind.String || answer["kind"]!.GetValue<string>() != "AdmissionReview")
            {
                throw new WebhookCallException("received invalid webhook response: expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview");
            }

            return answer["response"] as JsonObject ?? throw new WebhookCallException("received invalid webhook response: webhook response was absent");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WebhookCallException($"failed to call webhook: {post}: context deadline exceeded");
        }
        catch (HttpRequestException ex)
        {
            throw new WebhookCallException($"failed to call webhook: {post}: {Describe(ex, endpoint, uri.Host)}", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>The URL posted to: <c>clientConfig.url</c>, or <c>https://SERVICE.NAMESPACE.svc:PORT/PATH</c>.</summary>
    private static string Address(Admissionregistrationv1WebhookClientConfig config)
    {
        if (config.Service is { } service)
        {
            var port = service.Port ?? 443;
            var path = string.IsNullOrEmpty(service.Path) ? "/" : service.Path;
            return $"https://{service.Name}.{service.NamespaceProperty}.svc:{port.ToString(CultureInfo.InvariantCulture)}{path}";
        }

        if (config.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttps)
        {
            throw new WebhookCallException($"clientConfig.url \"{config.Url}\" is not an https URL");
        }

        return url;
    }

    /// <summary>Where to connect: the Service's endpoint, or the URL's loopback address.</summary>
    private IPEndPoint Endpoint(Admissionregistrationv1WebhookClientConfig config, Uri uri)
    {
        if (config.Service is { } service)
        {
            return WebhookServiceResolver.Resolve(store, service.NamespaceProperty, service.Name, service.Port ?? 443);
        }

        IPAddress? address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
        if (address is null || !RequestGuard.IsLoopback(address))
        {
            throw new WebhookCallException($"host \"{uri.Host}\" is not a loopback address: the embedded cluster calls webhooks on this machine only");
        }

        return new IPEndPoint(address, uri.Port);
    }

    private HttpClient Client(byte[]? caBundle)
    {
        var key = caBundle is { Length: > 0 } ? Convert.ToBase64String(SHA256.HashData(caBundle)) : "";
        return clients.GetOrAdd(key, _ => Create(caBundle));
    }

    private static HttpClient Create(byte[]? caBundle)
    {
        var ssl = new SslClientAuthenticationOptions();
        if (caBundle is { Length: > 0 })
        {
            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPem(Encoding.ASCII.GetString(caBundle));
            }
            catch (CryptographicException)
            {
                // No usable root: every certificate then fails verification, as with an unreadable bundle upstream.
            }

            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }

        var handler = new SocketsHttpHandler
        {
            SslOptions = ssl,
            UseProxy = false,
            AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),

            // The URL names the Service (so TLS checks the certificate for SERVICE.NAMESPACE.svc); the connection goes to its endpoint.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var endpoint = context.InitialRequestMessage.Options.TryGetValue(EndpointKey, out var e) ? e : throw new InvalidOperationException("no webhook endpoint resolved");
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new WebhookCallException($"received invalid webhook response: larger than {MaxResponseBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private static string Describe(HttpRequestException ex, IPEndPoint endpoint, string host)
    {
        // Worded as Go's net/http errors are, which is what users search for.
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return $"dial tcp {endpoint}: connect: connection refused";
                case AuthenticationException auth when auth.Message.Contains("NameMismatch", StringComparison.Ordinal):
                    return $"tls: failed to verify certificate: x509: certificate is not valid for {host}";
                case AuthenticationException auth when auth.Message.Contains("UntrustedRoot", StringComparison.Ordinal) || auth.Message.Contains("PartialChain", StringComparison.Ordinal) || auth.Message.Contains("NotSignatureValid", StringComparison.Ordinal):
                    return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
                case AuthenticationException auth:
                    return $"tls: failed to verify certificate: {auth.Message}";
            }
        }

        return ex.InnerException?.Message ?? ex.Message;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.ReplaceLineEndings(" ") : text[..200].ReplaceLineEndings(" ") + "...";
}
