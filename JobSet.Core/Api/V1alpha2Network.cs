using System.Text.Json.Serialization;

namespace JobSet.Core.Api;

/// <summary>Networking of the JobSet's pods.</summary>
public sealed class V1alpha2Network
{
    /// <summary>Whether pods get stable hostnames through a headless Service (defaults to true).</summary>
    [JsonPropertyName("enableDNSHostnames")]
    public bool? EnableDnsHostnames { get; set; }

    /// <summary>The headless Service's name and the pods' subdomain (defaults to the JobSet name).</summary>
    [JsonPropertyName("subdomain")]
    public string? Subdomain { get; set; }

    /// <summary>Whether DNS records exist before pods are ready (defaults to true).</summary>
    [JsonPropertyName("publishNotReadyAddresses")]
    public bool? PublishNotReadyAddresses { get; set; }
}
