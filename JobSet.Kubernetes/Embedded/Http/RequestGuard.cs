using System.Net;
using JobSet.Kubernetes.Embedded.Store;
using Microsoft.AspNetCore.Http;

namespace JobSet.Kubernetes.Embedded.Http;

/// <summary>
/// Checks that keep a web page out of an unauthenticated cluster: without a bearer token, the
/// Host header must name a loopback host (a page's DNS-rebound name never does), and bodies must
/// be of a media type the API speaks (a browser's cross-origin POST without preflight can only
/// send <c>text/plain</c>, form or multipart bodies).
/// </summary>
internal static class RequestGuard
{
    /// <summary>The media types of object bodies (POST, PUT, DELETE options).</summary>
    public const string ObjectMediaTypes = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

    /// <summary>A 403 <see cref="StoreException"/> when, without a token, the Host is not loopback.</summary>
    public static void CheckHost(HttpRequest request, EmbeddedClusterOptions options)
    {
        if (options.BearerToken is { Length: > 0 })
        {
            return;
        }

        var host = request.Host.Host;
        if (string.IsNullOrEmpty(host) || IsLoopbackHost(host))
        {
            return;
        }

        // Beyond loopback (allowed explicitly) clients reach the server by its address; a name
        // other than localhost is still refused, as a rebound DNS name would be.
        if (options.AllowNonLoopback && IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return;
        }

        throw new StoreException(403, "Forbidden", $"host \"{host}\" is not a loopback name or address: without a bearer token (--token-file) the embedded cluster only answers requests for localhost");
    }

    /// <summary>Whether a Host header value names this machine's loopback interface.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var bare = host.Trim('[', ']');
        return bare.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
               bare.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(bare, out var ip) && IsLoopback(ip));
    }

    /// <summary>Loopback, including the IPv4-mapped IPv6 form (<c>::ffff:127.0.0.1</c>).</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4()));
    }

    /// <summary>The body format of an object body: JSON (also when no type is given), YAML or protobuf; 415 for any other.</summary>
    public static BodyFormat ObjectBodyFormat(HttpRequest request)
    {
        var mediaType = MediaType(request.ContentType);
        return mediaType switch
        {
            "" or "application/json" or "*/*" => BodyFormat.Json,
            "application/yaml" or "application/x-yaml" or "text/yaml" => BodyFormat.Yaml,
            "application/vnd.kubernetes.protobuf" => BodyFormat.Protobuf,
            _ => throw new StoreException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {ObjectMediaTypes}"),
        };
    }

    /// <summary>The media type without parameters, lower-case.</summary>
    public static string MediaType(string? contentType)
    {
        var text = contentType ?? "";
        var semicolon = text.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? text[..semicolon] : text).Trim().ToLowerInvariant();
    }
}

/// <summary>The formats an object body can come in.</summary>
internal enum BodyFormat
{
    Json,
    Yaml,
    Protobuf,
}
